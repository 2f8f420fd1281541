#include "sparta/local_cloud/protocol/json_protocol.hpp"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "sparta/local_cloud/protocol/query_protocol.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::local_cloud::protocol {
namespace {

const char* JsonTypeName(const json::value& value) {
  switch (value.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

Error Mistyped(const std::string& path, const json::value& value, std::string_view expected) {
  std::string message = "Value at '";
  message += path.empty() ? "$" : path;
  message += "' is ";
  message += JsonTypeName(value);
  message += ", but the member is ";
  message += expected;
  return Error{"SerializationException", std::move(message)};
}

std::string Child(const std::string& path, std::string_view name) {
  return path.empty() ? std::string(name) : path + "." + std::string(name);
}

Result<json::value> Decode(const Shape& shape, const json::value& value, const std::string& path) {
  if (value.is_null()) return json::value(nullptr);
  if (shape.document) return value;
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!value.is_object()) return Mistyped(path, value, "an object");
      json::object out;
      for (const Member& member : shape.members) {
        const json::value* present = value.get_object().if_contains(member.WireName());
        if (present == nullptr) continue;
        auto decoded = Decode(*member.shape, *present, Child(path, member.name));
        if (!decoded) return decoded.error();
        if (!decoded->is_null()) out[member.name] = std::move(*decoded);
      }
      return json::value(std::move(out));
    }
    case ShapeType::kList: {
      if (!value.is_array()) return Mistyped(path, value, "a list");
      json::array out;
      for (std::size_t i = 0; i < value.get_array().size(); ++i) {
        auto decoded = Decode(*shape.list_member->shape, value.get_array()[i],
                              path + "[" + std::to_string(i) + "]");
        if (!decoded) return decoded.error();
        out.push_back(std::move(*decoded));
      }
      return json::value(std::move(out));
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return Mistyped(path, value, "a map");
      json::object out;
      for (const auto& [key, element] : value.get_object()) {
        auto decoded = Decode(*shape.map_value->shape, element, Child(path, key));
        if (!decoded) return decoded.error();
        out[key] = std::move(*decoded);
      }
      return json::value(std::move(out));
    }
    case ShapeType::kString:
      if (!value.is_string()) return Mistyped(path, value, "a string");
      return value;
    case ShapeType::kInteger:
    case ShapeType::kLong:
      if (value.is_int64() || value.is_uint64()) return value;
      if (value.is_double() && std::floor(value.get_double()) == value.get_double() &&
          std::fabs(value.get_double()) < 9.2e18) {
        return json::value(static_cast<std::int64_t>(value.get_double()));
      }
      return Mistyped(path, value, "an integer");
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      if (value.is_number()) return json::value(value.to_number<double>());
      return Mistyped(path, value, "a number");
    case ShapeType::kBoolean:
      if (!value.is_bool()) return Mistyped(path, value, "a boolean");
      return value;
    case ShapeType::kTimestamp:
      if (value.is_number()) return json::value(TimestampIso(value));
      if (value.is_string() && ParseIsoTimestamp(value.get_string())) return value;
      return Mistyped(path, value, "a timestamp (seconds since the epoch)");
    case ShapeType::kBlob: {
      if (!value.is_string()) return Mistyped(path, value, "a base64 string");
      auto bytes = util::Base64Decode(value.get_string());
      if (!bytes) return Mistyped(path, value, "a base64 string");
      return json::value(json::string(*bytes));
    }
  }
  return value;
}

}  // namespace

Result<json::value> DecodeJson(const Shape& shape, const json::value& document) {
  if (document.is_null()) return json::value(json::object());
  return Decode(shape, document, "");
}

json::value EncodeJson(const Shape& shape, const json::value& value) {
  if (value.is_null() || shape.document) return value;
  switch (shape.type) {
    case ShapeType::kStructure: {
      if (!value.is_object()) return value;
      json::object out;
      for (const Member& member : shape.members) {
        const json::value* present = value.get_object().if_contains(member.name);
        if (present == nullptr || present->is_null()) continue;
        out[member.WireName()] = EncodeJson(*member.shape, *present);
      }
      return json::value(std::move(out));
    }
    case ShapeType::kList: {
      if (!value.is_array()) return value;
      json::array out;
      for (const json::value& element : value.get_array()) {
        out.push_back(EncodeJson(*shape.list_member->shape, element));
      }
      return json::value(std::move(out));
    }
    case ShapeType::kMap: {
      if (!value.is_object()) return value;
      json::object out;
      for (const auto& [key, element] : value.get_object()) {
        out[key] = EncodeJson(*shape.map_value->shape, element);
      }
      return json::value(std::move(out));
    }
    case ShapeType::kTimestamp:
      if (value.is_string()) {
        if (auto seconds = ParseIsoTimestamp(value.get_string())) return json::value(*seconds);
      }
      return value;
    case ShapeType::kBlob:
      if (value.is_string()) return json::value(util::Base64Encode(value.get_string()));
      return value;
    default:
      return value;
  }
}

std::optional<double> ParseIsoTimestamp(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &month, &day, &hour, &minute,
                  &second, &consumed) != 6 ||
      consumed != 19) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(19);
  double fraction = 0;
  if (!rest.empty() && rest.front() == '.') {
    std::size_t digits = 1;
    double scale = 0.1;
    while (digits < rest.size() && rest[digits] >= '0' && rest[digits] <= '9') {
      fraction += (rest[digits] - '0') * scale;
      scale /= 10;
      ++digits;
    }
    if (digits == 1) return std::nullopt;
    rest.remove_prefix(digits);
  }
  if (rest != "Z" && rest != "+00:00") return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  return static_cast<double>(::timegm(&tm)) + fraction;
}

}  // namespace sparta::local_cloud::protocol
