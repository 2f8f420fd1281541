#pragma once
// Type classification for convert.hpp: which rule converts a type.

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

template <class T>
concept HasUserValueFrom =
    requires(json::value& v, const T& t) { tag_invoke(json::value_from_tag(), v, t); };

}  // namespace sparta::jsonutil::detail
