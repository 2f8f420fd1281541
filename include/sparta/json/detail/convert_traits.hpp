#pragma once
// Type classification for convert.hpp: which rule converts a type.

#include <concepts>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "sparta/json/json.hpp"

namespace sparta::jsonutil::detail {

template <class T>
inline constexpr bool kAlwaysFalse = false;

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};

// Maps keyed by std::string: JSON objects with any keys.
template <class T>
struct IsStringMap : std::false_type {};
template <class V, class C, class A>
struct IsStringMap<std::map<std::string, V, C, A>> : std::true_type {};
template <class V, class H, class E, class A>
struct IsStringMap<std::unordered_map<std::string, V, H, E, A>> : std::true_type {};

template <class T>
inline constexpr bool kIsJsonType =
    std::is_same_v<T, json::value> || std::is_same_v<T, json::object> ||
    std::is_same_v<T, json::array> || std::is_same_v<T, json::string>;

// A tag_invoke overload found by argument-dependent lookup: the user's own
// conversion, which takes precedence over the rules for enums and described
// structs. (Boost.JSON has overloads of its own for some std types, e.g.
// std::optional: those types are matched by earlier rules.)
template <class T>
concept HasUserValueTo =
    requires(const json::value& v) { tag_invoke(json::value_to_tag<T>(), v); } ||
    requires(const json::value& v) { tag_invoke(json::try_value_to_tag<T>(), v); };

// A described struct that names its own JSON keys (convert.hpp's rules):
// `static constexpr std::string_view json_key(std::string_view member)`.
template <class T>
concept HasJsonKey = requires(std::string_view member) {
  { T::json_key(member) } -> std::convertible_to<std::string_view>;
};

// The struct that declares a described member (a base for inherited ones).
template <class P>
struct MemberOwner;
template <class M, class C>
struct MemberOwner<M C::*> {
  using type = C;
};

// The JSON key of the member described by D: Owner::json_key(D::name) when
// the struct declaring it has that hook, else the member's name. A
// constant per member, so the hook costs nothing at run time (and a
// json_key that is not constexpr does not compile).
template <class D, class Owner = typename MemberOwner<std::remove_cv_t<decltype(D::pointer)>>::type>
inline constexpr std::string_view kMemberKey = [] {
  if constexpr (HasJsonKey<Owner>) {
    constexpr std::string_view key = Owner::json_key(D::name);
    static_assert(!key.empty(), "sparta::jsonutil: json_key returned an empty key for a member");
    return key;
  } else {
    return std::string_view(D::name);
  }
}();

template <class T>
concept HasUserValueFrom =
    requires(json::value& v, const T& t) { tag_invoke(json::value_from_tag(), v, t); };

}  // namespace sparta::jsonutil::detail
