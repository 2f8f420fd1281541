#pragma once
// Typed JSON conversion for Lambda events and responses.
//
// Rules (the same both ways; AWS adds fields to its events over time and
// leaves optional ones out, so conversions are lenient about shape and strict
// about types):
//   * structs described with BOOST_DESCRIBE_STRUCT convert from and to JSON
//     objects, members matched by name (public members, inherited ones too).
//     Keys the struct does not name are ignored; members the JSON does not
//     name keep their default value.
//   * a described struct may name its own keys, for JSON keys that are not
//     C++ identifiers (EventBridge's "detail-type", S3's "x-amz-request-id"):
//       static constexpr std::string_view json_key(std::string_view member);
//     returns the key for the member named `member` (its name when it needs
//     no other). It is evaluated at compile time, once per member, so it
//     must be constexpr. It names the keys of the members its struct
//     declares (a base's members keep the base's keys). Without it a
//     member's name is its key.
//   * std::optional<T>: an absent key and `null` both give an empty optional;
//     an empty optional member is left out when written. `null` for any other
//     type is an error.
//   * bool; every integer type (range-checked; a number with a fraction or
//     beyond the type's range is an error; 3.0 reads as 3); float and double;
//     std::string. std::string_view and pointers cannot be read into (they
//     would point into the parsed document).
//   * std::vector<T>, and std::map / std::unordered_map keyed by std::string.
//   * enums described with BOOST_DESCRIBE_ENUM, as their enumerators' names.
//   * json::value, json::object, json::array and json::string as they are.
//   * any type with its own tag_invoke (value_to_tag / value_from_tag) or
//     that Boost.JSON converts on its own (std::array, std::tuple, ...)
//     through Boost.JSON; a user tag_invoke takes precedence over the enum
//     and struct rules.
// A type that matches none of these does not compile; the message says what
// to add.
//
// **Example**:
//   struct Item { std::string sku; int quantity = 1; };
//   BOOST_DESCRIBE_STRUCT(Item, (), (sku, quantity))
//   struct Order { std::vector<Item> items; std::optional<std::string> note; };
//   BOOST_DESCRIBE_STRUCT(Order, (), (items, note))
//
//   Order o = sparta::jsonutil::FromJson<Order>(event);
//   // {"items":[{"sku":"a"},{"sku":"b","quantity":"2"}]} throws ConversionError:
//   //   "$.items[1].quantity: expected a number, got a string"
//   json::value v = sparta::jsonutil::ToJson(o);

#include <stdexcept>
#include <string>
#include <type_traits>

#include "sparta/json/detail/convert_from.hpp"
#include "sparta/json/detail/convert_to.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::jsonutil {

/// A value that does not convert. what() is "<path>: <problem>", e.g.
/// "$.items[2].quantity: expected a number, got a string"; the path is
/// JSONPath from the converted value's root ("$").
class ConversionError : public std::runtime_error {
 public:
  ConversionError(std::string path, std::string problem);
  const std::string& path() const { return path_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string path_;
  std::string problem_;
};

/// Converts `value` to T by the rules above. Throws ConversionError at the
/// first value that does not convert (exceptions a user tag_invoke throws
/// are rethrown as ConversionError too).
/// REQUIRES: T is default-constructible (members start from their defaults).
template <class T>
T FromJson(const json::value& value) {
  static_assert(std::is_default_constructible_v<T>,
                "sparta::jsonutil::FromJson<T>: T must be default-constructible; members the "
                "JSON leaves out keep their default value");
  T out{};
  detail::Read(value, nullptr, out);
  return out;
}

/// How lenient FromJson is beyond the rules above.
struct ConversionOptions {
  /// Numbers and booleans may also be given as strings ("3", "2.5",
  /// "true"), as CloudFormation hands a custom resource its properties.
  bool scalars_from_strings = false;
};

namespace detail {
/// Makes `options` current for this thread until destroyed.
class OptionsScope {
 public:
  explicit OptionsScope(ConversionOptions options);
  ~OptionsScope();
  OptionsScope(const OptionsScope&) = delete;
  OptionsScope& operator=(const OptionsScope&) = delete;

 private:
  ConversionOptions saved_;
};
}  // namespace detail

/// FromJson with `options`.
template <class T>
T FromJson(const json::value& value, ConversionOptions options) {
  detail::OptionsScope scope(options);
  return FromJson<T>(value);
}

/// FromJson without exceptions for conversion errors: an Error with code
/// "ConversionError" and the same message.
template <class T>
Result<T> TryFromJson(const json::value& value) {
  try {
    return FromJson<T>(value);
  } catch (const ConversionError& e) {
    return MakeError("ConversionError", e.what());
  }
}

/// TryFromJson with `options`.
template <class T>
Result<T> TryFromJson(const json::value& value, ConversionOptions options) {
  detail::OptionsScope scope(options);
  return TryFromJson<T>(value);
}

/// Converts `x` to JSON by the rules above. Throws ConversionError only for
/// an enum value that BOOST_DESCRIBE_ENUM does not list. Non-finite doubles
/// are kept: CompactStrict (json.hpp) is where they are refused.
template <class T>
json::value ToJson(const T& x) {
  return detail::Write(x, nullptr);
}

}  // namespace sparta::jsonutil
