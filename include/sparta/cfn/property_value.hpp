#pragma once
// Typed CloudFormation property values: what the generated resource types in
// sparta/resources/*.hpp are made of.
//
// Every wrapper holds either a literal of its type or any JSON value — an
// intrinsic such as cfn::Ref(...), cfn::Sub(...) or a resource handle's
// attribute (`table.Arn()`) — which is written to the template as it is.
// A default-constructed wrapper is "unset": the property is omitted.
//
//   Value<std::string>   a string: "text", std::string, std::string_view
//   Value<std::int64_t>  an integer: any integral type but bool
//   Value<double>        a number: any arithmetic type but bool
//   Value<bool>          true / false (only bool: "true" or 1 do not convert)
//   Json                 any JSON (policy documents, free-form objects)
//   List<T>              {a, b, c}, a std::vector<T>, or an expression
//   Map<T>               {{"key", v}, ...}, a std::map, or an expression
//   Object<T>            a nested property type: {.Field = ..., ...}
//   Required<W, Path>    W that must be set: omitting it does not compile
//
// Compile time matters here (a service includes headers that declare
// hundreds of these): every wrapper keeps its data in a non-template base,
// and lists, maps and nested objects hold their elements type-erased, so a
// member declaration instantiates nothing per element type; writing code is
// instantiated only for the nested types a service actually constructs.
//
// **Example**:
//   cfn::Value<std::string> name = "orders";
//   cfn::Value<std::string> arn = cfn::GetAtt("Orders", "Arn");
//   cfn::List<cfn::Value<std::string>> zones = {"a", "b"};

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sparta/json/json.hpp"

namespace sparta::cfn {

class PropertyWriter;

namespace detail {
/// An expression: exactly a json::value (as the intrinsic builders return),
/// never something that merely converts to one (a number, a string literal).
template <class J>
concept Expression = std::same_as<std::remove_cvref_t<J>, json::value>;

/// A nested struct, list or map whose JSON is written later, by `write`,
/// with the property path known (for problems such as enum checks).
struct Node {
  std::shared_ptr<const void> value;
  json::value (*write)(const void* value, PropertyWriter& parent, const std::string& path) = nullptr;
};

/// One element of a list or map: JSON already (a scalar, an expression, or
/// unset as null), or a node.
struct Element {
  json::value json = nullptr;
  Node node{};
};

template <class T>
Element Erase(const T& item);
}  // namespace detail

/// The data of Value<T> and Json: unset, or a literal or expression.
class ValueBase {
 public:
  bool is_set() const { return json_.has_value(); }
  /// The literal or expression. REQUIRES: is_set().
  const json::value& json() const { return *json_; }
  /// The literal string when this holds one, else nullptr (an expression,
  /// or unset). Used to check enum values on literals only.
  const json::string* literal_string() const { return json_ ? json_->if_string() : nullptr; }

 protected:
  std::optional<json::value> json_;
};

/// A scalar property: a literal of type T or an expression.
template <class T>
class Value : public ValueBase {
  static_assert(std::is_same_v<T, std::string> || std::is_same_v<T, std::int64_t> ||
                    std::is_same_v<T, double> || std::is_same_v<T, bool>,
                "cfn::Value holds std::string, std::int64_t, double or bool");

 public:
  Value() = default;

  Value(const char* s)  // NOLINT: implicit, so a literal is a value
    requires std::is_same_v<T, std::string>
  {
    json_ = json::string(s);
  }
  Value(std::string_view s)  // NOLINT
    requires std::is_same_v<T, std::string>
  {
    json_ = json::string(s);
  }
  Value(const std::string& s)  // NOLINT
    requires std::is_same_v<T, std::string>
  {
    json_ = json::string(s);
  }

  template <std::integral I>
    requires(std::is_same_v<T, std::int64_t> && !std::is_same_v<I, bool>)
  Value(I i) {  // NOLINT
    json_ = static_cast<std::int64_t>(i);
  }

  template <class N>
    requires(std::is_same_v<T, double> && std::is_arithmetic_v<N> && !std::is_same_v<N, bool>)
  Value(N n) {  // NOLINT
    if constexpr (std::is_integral_v<N>) {
      json_ = static_cast<std::int64_t>(n);  // written as an integer: 5, not 5.0
    } else {
      json_ = static_cast<double>(n);
    }
  }

  template <std::same_as<bool> B>
    requires std::is_same_v<T, bool>
  Value(B b) {  // NOLINT
    json_ = b;
  }

  template <detail::Expression J>
  Value(J&& expression) {  // NOLINT
    json_ = std::forward<J>(expression);
  }
};

/// Free-form JSON: any value is taken as it is.
class Json : public ValueBase {
 public:
  Json() = default;
  template <class J>
    requires std::constructible_from<json::value, J&&> && (!std::same_as<std::remove_cvref_t<J>, Json>)
  Json(J&& v) {  // NOLINT
    json_ = json::value(std::forward<J>(v));
  }
  Json(std::initializer_list<json::value_ref> init) { json_ = json::value(init); }  // NOLINT
};

/// The data of List<T>: elements, or one expression.
class ListBase {
 public:
  bool is_set() const { return set_; }
  /// The expression, or nullptr when this holds elements.
  const json::value* expression() const { return expression_ ? &*expression_ : nullptr; }
  const std::vector<detail::Element>& elements() const { return elements_; }

 protected:
  std::vector<detail::Element> elements_;
  std::optional<json::value> expression_;
  bool set_ = false;
};

/// A list property: elements of type T, or one expression that yields a
/// list (e.g. cfn::GetAZs(), cfn::Split(...)).
template <class T>
class List : public ListBase {
 public:
  List() = default;
  List(std::initializer_list<T> items) { Assign(items.begin(), items.end()); }  // NOLINT
  List(const std::vector<T>& items) { Assign(items.begin(), items.end()); }     // NOLINT
  template <detail::Expression J>
  List(J&& expression) {  // NOLINT
    expression_ = std::forward<J>(expression);
    set_ = true;
  }

 private:
  template <class It>
  void Assign(It first, It last) {
    for (; first != last; ++first) elements_.push_back(detail::Erase(*first));
    set_ = true;
  }
};

/// The data of Map<T>: entries by key, or one expression.
class MapBase {
 public:
  bool is_set() const { return set_; }
  const json::value* expression() const { return expression_ ? &*expression_ : nullptr; }
  const std::map<std::string, detail::Element>& entries() const { return entries_; }

 protected:
  std::map<std::string, detail::Element> entries_;
  std::optional<json::value> expression_;
  bool set_ = false;
};

/// A map property (string keys), or one expression that yields an object.
template <class T>
class Map : public MapBase {
 public:
  Map() = default;
  Map(std::initializer_list<std::pair<const std::string, T>> entries) {  // NOLINT
    for (const auto& [k, v] : entries) entries_[k] = detail::Erase(v);
    set_ = true;
  }
  Map(const std::map<std::string, T>& entries) {  // NOLINT
    for (const auto& [k, v] : entries) entries_[k] = detail::Erase(v);
    set_ = true;
  }
  template <detail::Expression J>
  Map(J&& expression) {  // NOLINT
    expression_ = std::forward<J>(expression);
    set_ = true;
  }
};

/// The data of Object<T>: a nested struct, or an expression.
class ObjectBase {
 public:
  bool is_set() const { return node_.value != nullptr || expression_.has_value(); }
  const json::value* expression() const { return expression_ ? &*expression_ : nullptr; }
  /// REQUIRES: is_set() && expression() == nullptr.
  const detail::Node& node() const { return node_; }

 protected:
  detail::Node node_;
  std::optional<json::value> expression_;
};

/// A nested property type T (a generated struct), or an expression (e.g.
/// cfn::If(...)). Held by pointer, so recursive property types (a statement
/// that contains statements) are possible.
template <class T>
class Object : public ObjectBase {
 public:
  Object() = default;
  Object(T value) { node_ = detail::Erase(std::move(value)).node; }  // NOLINT
  template <detail::Expression J>
  Object(J&& expression) {  // NOLINT
    expression_ = std::forward<J>(expression);
  }

  /// REQUIRES: is_set() && expression() == nullptr.
  const T& value() const { return *static_cast<const T*>(node_.value.get()); }
};

/// A compile-time string naming a required property, e.g.
/// "AWS::DynamoDB::Table.KeySchema": it appears in the compiler's message
/// when the property is left out.
template <std::size_t N>
struct PropertyPath {
  char text[N];
  constexpr PropertyPath(const char (&s)[N]) {  // NOLINT: implicit, for template arguments
    for (std::size_t i = 0; i < N; ++i) text[i] = s[i];
  }
};

/// A property the resource type requires. Leaving it out of a designated
/// initializer fails to compile with a message naming `Path`:
///   In instantiation of 'Required<...>::Required() [with ...; Path = {"AWS::SQS::QueuePolicy.Queues"}]'
///   error: static assertion failed: a required CloudFormation property was not set ...
template <class W, PropertyPath Path>
class Required : public W {
 public:
  using W::W;
  Required() : W() {
    static_assert(sizeof(W) == 0,
                  "a required CloudFormation property was not set: its name is the Path in "
                  "the instantiation above");
  }
  Required(W w) : W(std::move(w)) {}  // NOLINT
};

namespace detail {
// Writes a nested struct (defined in property_writer.hpp, which has the
// complete PropertyWriter).
template <class T>
json::value WriteStruct(const void* value, PropertyWriter& parent, const std::string& path);
json::value WriteList(const void* list, PropertyWriter& parent, const std::string& path);
json::value WriteMap(const void* map, PropertyWriter& parent, const std::string& path);

template <class T>
Element Erase(const T& item) {
  if constexpr (std::is_base_of_v<ValueBase, T>) {
    return Element{.json = item.is_set() ? item.json() : json::value(nullptr), .node = {}};
  } else if constexpr (std::is_base_of_v<ListBase, T>) {
    return Element{.json = nullptr,
                   .node = {std::make_shared<const ListBase>(item), &WriteList}};
  } else if constexpr (std::is_base_of_v<MapBase, T>) {
    return Element{.json = nullptr, .node = {std::make_shared<const MapBase>(item), &WriteMap}};
  } else {
    return Element{.json = nullptr,
                   .node = {std::make_shared<const T>(item), &WriteStruct<T>}};
  }
}
}  // namespace detail

}  // namespace sparta::cfn
