// DynamoDB's JSON for attribute values: {"S": "text"}, {"N": "42"},
// {"B": "<base64>"}, {"BOOL": true}, {"NULL": true}, {"SS": [...]},
// {"NS": [...]}, {"BS": [...]}, {"L": [...]}, {"M": {...}}.

#include <string>
#include <utility>

#include "sparta/aws/dynamodb_client.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::aws::dynamodb {

AttributeValue AttributeValue::WithText(Type type, std::string text) {
  AttributeValue v;
  v.type_ = type;
  v.text_ = std::move(text);
  return v;
}

AttributeValue AttributeValue::WithSet(Type type, std::vector<std::string> values) {
  AttributeValue v;
  v.type_ = type;
  v.set_ = std::move(values);
  return v;
}

AttributeValue AttributeValue::String(std::string text) {
  return WithText(Type::kString, std::move(text));
}

AttributeValue AttributeValue::NumberText(std::string text) {
  return WithText(Type::kNumber, std::move(text));
}

AttributeValue AttributeValue::Binary(std::string bytes) {
  return WithText(Type::kBinary, std::move(bytes));
}

AttributeValue AttributeValue::Bool(bool value) {
  AttributeValue v;
  v.type_ = Type::kBool;
  v.boolean_ = value;
  return v;
}

AttributeValue AttributeValue::StringSet(std::vector<std::string> values) {
  return WithSet(Type::kStringSet, std::move(values));
}

AttributeValue AttributeValue::NumberSet(std::vector<std::string> texts) {
  return WithSet(Type::kNumberSet, std::move(texts));
}

AttributeValue AttributeValue::BinarySet(std::vector<std::string> values) {
  return WithSet(Type::kBinarySet, std::move(values));
}

AttributeValue AttributeValue::List(std::vector<AttributeValue> values) {
  AttributeValue v;
  v.type_ = Type::kList;
  v.list_ = std::move(values);
  return v;
}

AttributeValue AttributeValue::Map(Item values) {
  AttributeValue v;
  v.type_ = Type::kMap;
  v.map_ = std::move(values);
  return v;
}

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

Error Invalid(std::string_view path, std::string_view what) {
  std::string message;
  message.append(path);
  message.append(": ");
  message.append(what);
  return MakeError("InvalidResponse", std::move(message));
}

std::string Child(std::string_view path, std::string_view key) {
  std::string out(path);
  out += '.';
  out.append(key);
  return out;
}

std::string Index(std::string_view path, std::size_t i) {
  std::string out(path);
  out += '[';
  out += std::to_string(i);
  out += ']';
  return out;
}

Result<std::vector<std::string>> StringList(const json::value& json, std::string_view path,
                                            bool base64) {
  const json::array* array = json.if_array();
  if (array == nullptr) return Invalid(path, "expected an array of strings");
  std::vector<std::string> out;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    const json::string* s = (*array)[i].if_string();
    if (s == nullptr) return Invalid(Index(path, i), "expected a string");
    if (!base64) {
      out.emplace_back(s->data(), s->size());
      continue;
    }
    auto bytes = util::Base64Decode(std::string_view(s->data(), s->size()));
    if (!bytes) return Invalid(Index(path, i), "expected base64");
    out.push_back(std::move(*bytes));
  }
  return out;
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

Result<AttributeValue> AttributeValueFromJson(const json::value& json, std::string_view path) {
  const json::object* object = json.if_object();
  if (object == nullptr || object->size() != 1) {
    return Invalid(path,
                   "expected an attribute value: an object with one type key (\"S\", "
                   "\"N\", \"M\", ...)");
  }
  const auto& [key, inner] = *object->begin();
  const std::string inner_path = Child(path, key);
  const json::string* text = inner.if_string();
  if (key == "S" || key == "N" || key == "B") {
    if (text == nullptr) return Invalid(inner_path, "expected a string");
    std::string s(text->data(), text->size());
    if (key == "S") return AttributeValue::String(std::move(s));
    if (key == "N") return AttributeValue::NumberText(std::move(s));
    auto bytes = util::Base64Decode(s);
    if (!bytes) return Invalid(inner_path, "expected base64");
    return AttributeValue::Binary(std::move(*bytes));
  }
  if (key == "BOOL" || key == "NULL") {
    const bool* flag = inner.if_bool();
    if (flag == nullptr) return Invalid(inner_path, "expected true or false");
    return key == "BOOL" ? AttributeValue::Bool(*flag) : AttributeValue::Null();
  }
  if (key == "SS" || key == "NS" || key == "BS") {
    auto values = StringList(inner, inner_path, key == "BS");
    if (!values.ok()) return values.error();
    if (key == "SS") return AttributeValue::StringSet(std::move(*values));
    if (key == "NS") return AttributeValue::NumberSet(std::move(*values));
    return AttributeValue::BinarySet(std::move(*values));
  }
  if (key == "L") {
    const json::array* array = inner.if_array();
    if (array == nullptr) return Invalid(inner_path, "expected an array");
    std::vector<AttributeValue> list;
    list.reserve(array->size());
    for (std::size_t i = 0; i < array->size(); ++i) {
      auto element = AttributeValueFromJson((*array)[i], Index(inner_path, i));
      if (!element.ok()) return element.error();
      list.push_back(std::move(*element));
    }
    return AttributeValue::List(std::move(list));
  }
  if (key == "M") {
    auto map = ItemFromJson(inner, inner_path);
    if (!map.ok()) return map.error();
    return AttributeValue::Map(std::move(*map));
  }
  std::string what = "unknown attribute value type \"";
  what.append(key);
  what += '"';
  return Invalid(path, what);
}

Result<Item> ItemFromJson(const json::value& json, std::string_view path) {
  const json::object* object = json.if_object();
  if (object == nullptr) return Invalid(path, "expected an object of attribute values");
  Item item;
  for (const auto& [name, value] : *object) {
    auto attribute = AttributeValueFromJson(value, Child(path, name));
    if (!attribute.ok()) return attribute.error();
    item.emplace(std::string(name), std::move(*attribute));
  }
  return item;
}

}  // namespace sparta::aws::dynamodb
