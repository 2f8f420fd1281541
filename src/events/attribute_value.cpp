// DynamoDB's JSON for attribute values: {"S": "text"}, {"N": "42"},
// {"B": "<base64>"}, {"BOOL": true}, {"NULL": true}, {"SS": [...]},
// {"NS": [...]}, {"BS": [...]}, {"L": [...]}, {"M": {...}}.

#include "sparta/events/attribute_value.hpp"

#include <string>
#include <utility>

#include "sparta/json/convert.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::dynamodb {

AttributeValue AttributeValue::String(std::string text) {
  return With(Type::kString, std::move(text));
}

AttributeValue AttributeValue::NumberText(std::string text) {
  return With(Type::kNumber, std::move(text));
}

AttributeValue AttributeValue::Binary(std::string bytes) {
  return With(Type::kBinary, std::move(bytes));
}

AttributeValue AttributeValue::Bool(bool value) { return With(Type::kBool, value); }

AttributeValue AttributeValue::StringSet(std::vector<std::string> values) {
  return With(Type::kStringSet, std::move(values));
}

AttributeValue AttributeValue::NumberSet(std::vector<std::string> texts) {
  return With(Type::kNumberSet, std::move(texts));
}

AttributeValue AttributeValue::BinarySet(std::vector<std::string> values) {
  return With(Type::kBinarySet, std::move(values));
}

AttributeValue AttributeValue::List(std::vector<AttributeValue> values) {
  return With(Type::kList, std::move(values));
}

AttributeValue AttributeValue::Map(Item values) { return With(Type::kMap, std::move(values)); }

std::string_view TypeName(AttributeValue::Type type) {
  using T = AttributeValue::Type;
  switch (type) {
    case T::kNull:
      return "NULL";
    case T::kString:
      return "S";
    case T::kNumber:
      return "N";
    case T::kBinary:
      return "B";
    case T::kBool:
      return "BOOL";
    case T::kStringSet:
      return "SS";
    case T::kNumberSet:
      return "NS";
    case T::kBinarySet:
      return "BS";
    case T::kList:
      return "L";
    case T::kMap:
      return "M";
  }
  return "NULL";
}

namespace {

using jsonutil::ConversionError;

json::array Strings(const std::vector<std::string>& values, bool base64) {
  json::array out;
  out.reserve(values.size());
  for (const std::string& v : values) {
    if (base64) {
      out.emplace_back(util::Base64Encode(v));
    } else {
      out.emplace_back(v);
    }
  }
  return out;
}

// Reads the value under type key `key` with `read`, so that an error it
// throws names the path below the attribute value ("$.M.sku.S"). Paths are
// only formatted when something fails; FromJson (the caller's and the
// nested ones) adds the rest.
template <class Read>
auto Under(std::string_view key, Read read) -> decltype(read()) {
  try {
    return read();
  } catch (const ConversionError& e) {
    std::string path = "$.";
    path.append(key);
    path.append(e.path(), 1, std::string::npos);
    throw ConversionError(std::move(path), e.problem());
  }
}

// The bytes `text` encodes; `path` names it in the error (formatted only
// then).
template <class Path>
std::string DecodeBase64(std::string_view text, Path path) {
  auto bytes = util::Base64Decode(text);
  if (!bytes) throw ConversionError(path(), "expected base64");
  return std::move(*bytes);
}

// The text under type key `key`, read in place (most attribute values are
// text: this is the hot path of a stream record's images).
std::string_view TextUnder(std::string_view key, const json::value& inner) {
  if (const json::string* text = inner.if_string()) return *text;
  // Not a string: FromJson throws, in the json layer's words ("expected a
  // string, got 3").
  (void)Under(key, [&] { return jsonutil::FromJson<std::string>(inner); });
  return {};
}

AttributeValue Read(std::string_view key, const json::value& inner) {
  if (key == "S" || key == "N" || key == "B") {
    const std::string_view text = TextUnder(key, inner);
    if (key == "S") return AttributeValue::String(std::string(text));
    if (key == "N") return AttributeValue::NumberText(std::string(text));
    return AttributeValue::Binary(DecodeBase64(text, [] { return std::string("$.B"); }));
  }
  if (key == "BOOL" || key == "NULL") {
    const bool flag = Under(key, [&] { return jsonutil::FromJson<bool>(inner); });
    return key == "BOOL" ? AttributeValue::Bool(flag) : AttributeValue::Null();
  }
  if (key == "SS" || key == "NS" || key == "BS") {
    auto values = Under(key, [&] { return jsonutil::FromJson<std::vector<std::string>>(inner); });
    if (key == "SS") return AttributeValue::StringSet(std::move(values));
    if (key == "NS") return AttributeValue::NumberSet(std::move(values));
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = DecodeBase64(values[i], [i] { return "$.BS[" + std::to_string(i) + "]"; });
    }
    return AttributeValue::BinarySet(std::move(values));
  }
  if (key == "L") {
    return AttributeValue::List(
        Under(key, [&] { return jsonutil::FromJson<std::vector<AttributeValue>>(inner); }));
  }
  if (key == "M") {
    return AttributeValue::Map(Under(key, [&] { return jsonutil::FromJson<Item>(inner); }));
  }
  std::string problem = "unknown attribute value type \"";
  problem.append(key);
  problem += '"';
  throw ConversionError("$", std::move(problem));
}

// FromJson<T>, its error as a Result whose path starts at `path`.
template <class T>
Result<T> FromJsonAt(const json::value& json, std::string_view path) {
  try {
    return jsonutil::FromJson<T>(json);
  } catch (const ConversionError& e) {
    std::string message(path);
    message.append(e.path(), 1, std::string::npos);
    message += ": ";
    message += e.problem();
    return MakeError("InvalidAttributeValue", std::move(message));
  }
}

}  // namespace

json::value ToJson(const AttributeValue& value) {
  using T = AttributeValue::Type;
  json::object out;
  const std::string_view name = TypeName(value.type());
  switch (value.type()) {
    case T::kNull:
      out[name] = true;
      break;
    case T::kString:
      out[name] = *value.if_string();
      break;
    case T::kNumber:
      out[name] = *value.if_number();
      break;
    case T::kBinary:
      out[name] = util::Base64Encode(*value.if_binary());
      break;
    case T::kBool:
      out[name] = *value.if_bool();
      break;
    case T::kStringSet:
      out[name] = Strings(*value.if_string_set(), false);
      break;
    case T::kNumberSet:
      out[name] = Strings(*value.if_number_set(), false);
      break;
    case T::kBinarySet:
      out[name] = Strings(*value.if_binary_set(), true);
      break;
    case T::kList: {
      json::array list;
      for (const AttributeValue& element : *value.if_list()) list.push_back(ToJson(element));
      out[name] = std::move(list);
      break;
    }
    case T::kMap:
      out[name] = ToJson(*value.if_map());
      break;
  }
  return out;
}

json::object ToJson(const Item& item) {
  json::object out;
  out.reserve(item.size());
  for (const auto& [name, value] : item) out[name] = ToJson(value);
  return out;
}

AttributeValue tag_invoke(json::value_to_tag<AttributeValue>, const json::value& json) {
  const json::object* object = json.if_object();
  if (object == nullptr || object->size() != 1) {
    throw ConversionError("$",
                          "expected an attribute value: an object with one type key (\"S\", "
                          "\"N\", \"M\", ...)");
  }
  const json::key_value_pair& only = *object->begin();
  return Read(only.key(), only.value());
}

void tag_invoke(json::value_from_tag, json::value& out, const AttributeValue& value) {
  out = ToJson(value);
}

Result<AttributeValue> AttributeValueFromJson(const json::value& json, std::string_view path) {
  return FromJsonAt<AttributeValue>(json, path);
}

Result<Item> ItemFromJson(const json::value& json, std::string_view path) {
  return FromJsonAt<Item>(json, path);
}

}  // namespace sparta::dynamodb
