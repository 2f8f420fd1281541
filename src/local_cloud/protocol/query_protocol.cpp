#include "sparta/local_cloud/protocol/query_protocol.hpp"

#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <set>

#include "sparta/util/base64.hpp"

namespace sparta::local_cloud::protocol {
namespace {

using FieldMap = std::map<std::string, std::string, std::less<>>;

Error BadValue(std::string_view name, std::string_view value, std::string_view what) {
  std::string message = "1 validation error detected: Value '";
  message += value;
  message += "' at '";
  message += name;
  message += "' failed to satisfy constraint: Member must be ";
  message += what;
  return Error{"ValidationError", std::move(message)};
}

// The distinct indexes N of the fields "<prefix>N" and "<prefix>N.<rest>", in
// order (the numbers need not be contiguous).
std::set<long> IndexesUnder(const FieldMap& fields, const std::string& prefix) {
  std::set<long> indexes;
  for (auto it = fields.lower_bound(prefix); it != fields.end(); ++it) {
    std::string_view name = it->first;
    if (name.compare(0, prefix.size(), prefix) != 0) break;
    std::string_view rest = name.substr(prefix.size());
    std::size_t end = rest.find('.');
    std::string_view digits = rest.substr(0, end);
    long index = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), index);
    if (ec == std::errc() && ptr == digits.data() + digits.size() && index > 0) {
      indexes.insert(index);
    }
  }
  return indexes;
}

bool AnyUnder(const FieldMap& fields, const std::string& prefix) {
  auto it = fields.lower_bound(prefix);
  return it != fields.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

class QueryDecoder {
 public:
  explicit QueryDecoder(const FormFields& fields) {
    for (const auto& [name, value] : fields) fields_.emplace(name, value);
  }

  // The value of `shape` at `name` (a full field name), or null when absent.
  // `flattened`: the member referring to the shape says so.
  Result<json::value> Decode(const Shape& shape, const std::string& name, bool flattened) {
    flattened = flattened || shape.flattened;
    switch (shape.type) {
      case ShapeType::kStructure: {
        json::object object;
        const std::string prefix = name.empty() ? std::string() : name + ".";
        if (!name.empty() && !AnyUnder(fields_, prefix)) return json::value(nullptr);
        for (const Member& member : shape.members) {
          auto value = Decode(*member.shape, prefix + member.WireName(), member.flattened);
          if (!value) return value.error();
          if (!value->is_null()) object[member.name] = std::move(*value);
        }
        return json::value(std::move(object));
      }
      case ShapeType::kList: {
        const Member& element = *shape.list_member;
        std::string prefix = name + ".";
        if (!flattened) {
          prefix += element.location_name.empty() ? "member" : element.location_name;
          prefix += '.';
        }
        auto empty = fields_.find(name);
        std::set<long> indexes = IndexesUnder(fields_, prefix);
        if (indexes.empty()) {
          // "Name=" is how a Query client sends an empty list.
          if (empty != fields_.end() && empty->second.empty()) return json::value(json::array());
          return json::value(nullptr);
        }
        json::array array;
        for (long index : indexes) {
          auto value = Decode(*element.shape, prefix + std::to_string(index), false);
          if (!value) return value.error();
          array.push_back(std::move(*value));
        }
        return json::value(std::move(array));
      }
      case ShapeType::kMap: {
        std::string prefix = flattened ? name + "." : name + ".entry.";
        std::set<long> indexes = IndexesUnder(fields_, prefix);
        if (indexes.empty()) return json::value(nullptr);
        json::object object;
        const std::string& key_name = shape.map_key->location_name.empty()
                                          ? shape.map_key->name
                                          : shape.map_key->location_name;
        const std::string& value_name = shape.map_value->location_name.empty()
                                            ? shape.map_value->name
                                            : shape.map_value->location_name;
        for (long index : indexes) {
          std::string entry = prefix + std::to_string(index) + ".";
          auto key = fields_.find(entry + key_name);
          if (key == fields_.end()) continue;
          auto value = Decode(*shape.map_value->shape, entry + value_name, false);
          if (!value) return value.error();
          object[key->second] = std::move(*value);
        }
        return json::value(std::move(object));
      }
      default:
        break;
    }
    auto found = fields_.find(name);
    if (found == fields_.end()) return json::value(nullptr);
    return Scalar(shape, name, found->second);
  }

 private:
  static Result<json::value> Scalar(const Shape& shape, std::string_view name,
                                    const std::string& text) {
    switch (shape.type) {
      case ShapeType::kInteger:
      case ShapeType::kLong: {
        std::int64_t number = 0;
        auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
        if (ec != std::errc() || ptr != text.data() + text.size()) {
          return BadValue(name, text, "an integer");
        }
        return json::value(number);
      }
      case ShapeType::kFloat:
      case ShapeType::kDouble: {
        char* end = nullptr;
        double number = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(number)) {
          return BadValue(name, text, "a number");
        }
        return json::value(number);
      }
      case ShapeType::kBoolean:
        if (text == "true") return json::value(true);
        if (text == "false") return json::value(false);
        return BadValue(name, text, "true or false");
      case ShapeType::kBlob: {
        auto bytes = util::Base64Decode(text);
        if (!bytes) return BadValue(name, text, "base64");
        return json::value(json::string(*bytes));
      }
      default:
        return json::value(json::string(text));
    }
  }

  FieldMap fields_;
};

std::string FormatNumber(const json::value& value) {
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  if (value.is_double()) {
    double number = value.get_double();
    if (std::floor(number) == number && std::fabs(number) < 1e15) {
      return std::to_string(static_cast<long long>(number));
    }
    std::string text = json::serialize(value);
    return text;
  }
  return {};
}

void AppendScalar(const Shape& shape, const json::value& value, std::string& out) {
  switch (shape.type) {
    case ShapeType::kBoolean:
      out += value.is_bool() && value.get_bool() ? "true" : "false";
      return;
    case ShapeType::kInteger:
    case ShapeType::kLong:
    case ShapeType::kFloat:
    case ShapeType::kDouble:
      out += value.is_number()   ? FormatNumber(value)
             : value.is_string() ? XmlEscape(value.get_string())
                                 : "";
      return;
    case ShapeType::kTimestamp:
      out += XmlEscape(TimestampIso(value));
      return;
    case ShapeType::kBlob:
      if (value.is_string()) out += util::Base64Encode(value.get_string());
      return;
    default:
      if (value.is_string()) {
        out += XmlEscape(value.get_string());
      } else if (!value.is_null()) {
        out += XmlEscape(json::serialize(value));
      }
      return;
  }
}

void AppendElement(const Member& member, const json::value& value, std::string& out);

void AppendContent(const Shape& shape, const json::value& value, std::string& out) {
  if (shape.type == ShapeType::kStructure) {
    AppendXmlMembers(shape, value, out);
  } else if (shape.type == ShapeType::kList) {
    if (!value.is_array()) return;
    Member element = *shape.list_member;
    if (element.location_name.empty()) element.location_name = "member";
    for (const json::value& item : value.get_array()) AppendElement(element, item, out);
  } else if (shape.type == ShapeType::kMap) {
    if (!value.is_object()) return;
    for (const auto& [key, item] : value.get_object()) {
      out += "<entry>";
      AppendElement(*shape.map_key, json::value(key), out);
      AppendElement(*shape.map_value, item, out);
      out += "</entry>";
    }
  } else {
    AppendScalar(shape, value, out);
  }
}

void Open(std::string_view name, const Shape& shape, std::string& out) {
  out += '<';
  out += name;
  if (!shape.xml_namespace.empty()) {
    out += " xmlns=\"";
    out += XmlEscape(shape.xml_namespace);
    out += '"';
  }
  out += '>';
}

void Close(std::string_view name, std::string& out) {
  out += "</";
  out += name;
  out += '>';
}

void AppendElement(const Member& member, const json::value& value, std::string& out) {
  if (value.is_null()) return;
  const Shape& shape = *member.shape;
  const std::string& name = member.WireName();
  bool flattened = member.flattened || shape.flattened;
  if (flattened && shape.type == ShapeType::kList && value.is_array()) {
    // Each element is an element of the member's own name.
    Member element = *shape.list_member;
    element.location_name = name;
    for (const json::value& item : value.get_array()) AppendElement(element, item, out);
    return;
  }
  if (flattened && shape.type == ShapeType::kMap && value.is_object()) {
    for (const auto& [key, item] : value.get_object()) {
      out += '<';
      out += name;
      out += '>';
      AppendElement(*shape.map_key, json::value(key), out);
      AppendElement(*shape.map_value, item, out);
      Close(name, out);
    }
    return;
  }
  Open(name, shape, out);
  AppendContent(shape, value, out);
  Close(name, out);
}

}  // namespace

Result<json::value> DecodeQuery(const Shape& shape, const FormFields& fields) {
  QueryDecoder decoder(fields);
  return decoder.Decode(shape, "", false);
}

void AppendXmlMembers(const Shape& shape, const json::value& value, std::string& out) {
  if (!value.is_object()) return;
  const json::object& object = value.get_object();
  for (const Member& member : shape.members) {
    if (member.location != Location::kBody || member.xml_attribute) continue;
    const json::value* present = object.if_contains(member.name);
    if (present != nullptr) AppendElement(member, *present, out);
  }
}

std::string TimestampIso(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (!value.is_number()) return {};
  double seconds = value.to_number<double>();
  auto millis = std::chrono::milliseconds(static_cast<long long>(std::llround(seconds * 1000)));
  return IsoTimestamp(std::chrono::system_clock::time_point(
      std::chrono::duration_cast<std::chrono::system_clock::duration>(millis)));
}

std::string EncodeQueryResponse(const Operation& operation, const json::value& output,
                                std::string_view xmlns, std::string_view request_id) {
  std::string result;
  bool with_result = operation.output != nullptr;
  if (with_result) AppendXmlMembers(*operation.output, output, result);
  return QueryResult(operation.name, xmlns, result, request_id, with_result).body;
}

}  // namespace sparta::local_cloud::protocol
