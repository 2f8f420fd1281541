#pragma once
// DynamoDB's attribute values: an item is a map from attribute name to
// AttributeValue, one of DynamoDB's ten data types (the AttributeValue shape
// of botocore's dynamodb 2012-08-10 model). DynamoDB Streams events carry
// them (events/dynamodb.hpp) and DynamoDbClient sends and receives them
// (aws/dynamodb_client.hpp, which names them sparta::aws::dynamodb::*).

#include <charconv>
#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::dynamodb {

class AttributeValue;

/// An item, a key, or a map of expression attribute values (":v" → value).
using Item = std::map<std::string, AttributeValue, std::less<>>;

/// Exactly one DynamoDB data type and its value. Numbers are kept as the
/// decimal text DynamoDB sends (up to 38 significant digits, more than any
/// C++ arithmetic type holds); read them with `number_as<T>()`. Binary values
/// hold raw bytes (base64 only on the wire).
///
/// **Example**:
///   using sparta::dynamodb::AttributeValue;
///   dynamodb::Item item = {{"sku", AttributeValue::String("A-1")},
///                          {"count", AttributeValue::Number(3)}};
class AttributeValue {
 public:
  enum class Type {
    kNull,       // NULL
    kString,     // S
    kNumber,     // N
    kBinary,     // B
    kBool,       // BOOL
    kStringSet,  // SS
    kNumberSet,  // NS
    kBinarySet,  // BS
    kList,       // L
    kMap,        // M
  };

  /// NULL.
  AttributeValue() = default;

  static AttributeValue Null() { return {}; }
  static AttributeValue String(std::string text);
  /// `text` as DynamoDB will read it ("42", "-1.5e3"); DynamoDB itself
  /// refuses what is not a number (ValidationException).
  static AttributeValue NumberText(std::string text);
  template <class T>
  requires(std::integral<T> && !std::same_as<T, bool>) ||
      std::floating_point<T> static AttributeValue Number(T value) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return NumberText(std::string(buffer, ec == std::errc{} ? end : buffer));
  }
  static AttributeValue Binary(std::string bytes);
  static AttributeValue Bool(bool value);
  static AttributeValue StringSet(std::vector<std::string> values);
  static AttributeValue NumberSet(std::vector<std::string> texts);
  static AttributeValue BinarySet(std::vector<std::string> values);
  static AttributeValue List(std::vector<AttributeValue> values);
  static AttributeValue Map(Item values);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }

  /// The value when it has that type, else nullptr (as Boost.JSON's if_*).
  const std::string* if_string() const { return If<std::string>(Type::kString); }
  /// The number's decimal text.
  const std::string* if_number() const { return If<std::string>(Type::kNumber); }
  const std::string* if_binary() const { return If<std::string>(Type::kBinary); }
  const bool* if_bool() const { return If<bool>(Type::kBool); }
  const std::vector<std::string>* if_string_set() const { return If<Strings>(Type::kStringSet); }
  const std::vector<std::string>* if_number_set() const { return If<Strings>(Type::kNumberSet); }
  const std::vector<std::string>* if_binary_set() const { return If<Strings>(Type::kBinarySet); }
  const std::vector<AttributeValue>* if_list() const {
    return If<std::vector<AttributeValue>>(Type::kList);
  }
  const Item* if_map() const { return If<Item>(Type::kMap); }

  /// A number read as T, or nullopt when this is not a number or the text
  /// does not fit T exactly (a fraction for an integer, out of range).
  template <class T>
  requires(std::integral<T> && !std::same_as<T, bool>) ||
      std::floating_point<T> std::optional<T> number_as() const {
    const std::string* text = if_number();
    if (text == nullptr) return std::nullopt;
    T value{};
    const char* end = text->data() + text->size();
    auto [ptr, ec] = std::from_chars(text->data(), end, value);
    if (ec != std::errc{} || ptr != end) return std::nullopt;
    return value;
  }

  friend bool operator==(const AttributeValue&, const AttributeValue&) = default;

 private:
  using Strings = std::vector<std::string>;
  // One alternative per kind of value: text (S, N as decimal text, B as raw
  // bytes), BOOL, a set (SS, NS, BS), L or M; type_ tells S from N from B
  // and the sets apart. (One variant, not a member per kind: an item holds a
  // value per attribute, and this keeps each 64 bytes instead of 136.)
  using Payload =
      std::variant<std::monostate, std::string, bool, Strings, std::vector<AttributeValue>, Item>;

  template <class P>
  static AttributeValue With(Type type, P payload) {
    AttributeValue v{};
    v.type_ = type;
    v.payload_.emplace<P>(std::move(payload));
    return v;
  }
  template <class P>
  const P* If(Type type) const {
    return type_ == type ? std::get_if<P>(&payload_) : nullptr;
  }

  Type type_ = Type::kNull;
  Payload payload_{};
};

/// The wire name of a type: "S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS",
/// "L", "M".
std::string_view TypeName(AttributeValue::Type type);

/// DynamoDB's JSON for a value ({"S": "..."}, {"N": "42"}, {"B": "<base64>"},
/// {"M": {...}}, ...) and for an item (an object of such values).
json::value ToJson(const AttributeValue& value);
json::object ToJson(const Item& item);

/// Reads DynamoDB's JSON for a value or an item (binary values decoded from
/// base64). Errors: "InvalidAttributeValue", the message naming the JSON path
/// (`path` is where `json` sits, e.g. "$.Item" gives "$.Item.count.N: expected
/// a string, got 3") and what was wrong.
Result<AttributeValue> AttributeValueFromJson(const json::value& json, std::string_view path = "$");
Result<Item> ItemFromJson(const json::value& json, std::string_view path = "$");

/// The hooks through which json/convert.hpp converts an AttributeValue, and so
/// an Item (a string-keyed map of them), inside described structs. value_to
/// throws jsonutil::ConversionError with the path below the value
/// ("$.M.sku.S"), which FromJson completes with the path above it.
AttributeValue tag_invoke(json::value_to_tag<AttributeValue>, const json::value& json);
void tag_invoke(json::value_from_tag, json::value& out, const AttributeValue& value);

}  // namespace sparta::dynamodb
