#pragma once
// ToJson's rules, mirroring FromJson's: what FromJson reads, ToJson writes.

#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>
#include <typeinfo>

#include "sparta/json/detail/convert_core.hpp"
#include "sparta/json/detail/convert_from.hpp"  // EnumTable
#include "sparta/json/detail/convert_traits.hpp"

namespace sparta::jsonutil::detail {

template <class T>
json::value Write(const T& x, const PathNode* at);

template <class T>
json::object WriteMembers(const T& x, const PathNode* at) {
  using Members = boost::describe::describe_members<
      T, boost::describe::mod_public | boost::describe::mod_inherited>;
  json::object object;
  object.reserve(boost::mp11::mp_size<Members>::value);
  boost::mp11::mp_for_each<Members>([&](auto member) {
    using D = decltype(member);
    const auto& value = x.*D::pointer;
    // An empty optional is left out, as FromJson reads a missing key.
    if constexpr (IsOptional<std::remove_cvref_t<decltype(value)>>::value) {
      if (!value) return;
    }
    constexpr std::string_view key = kMemberKey<D>;
    PathNode node{at, key};
    object.emplace(key, Write(value, &node));
  });
  return object;
}

template <class T>
json::value Write(const T& x, const PathNode* at) {
  if constexpr (kIsJsonType<T>) {
    return json::value(x);
  } else if constexpr (std::is_null_pointer_v<T>) {
    return json::value(nullptr);
  } else if constexpr (std::is_same_v<T, bool>) {
    return json::value(x);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    return json::value(static_cast<std::int64_t>(x));
  } else if constexpr (std::is_integral_v<T>) {
    return json::value(static_cast<std::uint64_t>(x));
  } else if constexpr (std::is_same_v<T, float>) {
    return json::value(FloatToDouble(x));
  } else if constexpr (std::is_floating_point_v<T>) {
    return json::value(static_cast<double>(x));
  } else if constexpr (std::is_pointer_v<T> && std::is_convertible_v<T, std::string_view>) {
    if (x == nullptr) return json::value(nullptr);
    return json::value(std::string_view(x));
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return json::value(std::string_view(x));
  } else if constexpr (IsOptional<T>::value) {
    if (!x) return json::value(nullptr);
    return Write(*x, at);
  } else if constexpr (IsVector<T>::value) {
    json::array array;
    array.reserve(x.size());
    std::size_t i = 0;
    for (const auto& element : x) {
      PathNode node{at, {}, i++};
      array.push_back(Write(static_cast<const typename T::value_type&>(element), &node));
    }
    return array;
  } else if constexpr (IsStringMap<T>::value) {
    json::object object;
    object.reserve(x.size());
    for (const auto& [key, mapped] : x) {
      PathNode node{at, key};
      object.emplace(key, Write(mapped, &node));
    }
    return object;
  } else if constexpr (HasUserValueFrom<T>) {
    return json::value_from(x);
  } else if constexpr (std::is_enum_v<T>) {
    static_assert(boost::describe::has_describe_enumerators<T>::value,
                  "sparta::jsonutil: an enum converts from and to its enumerators' names; "
                  "list them with BOOST_DESCRIBE_ENUM(Type, Enumerators...)");
    using Table = EnumTable<T>;
    for (std::size_t i = 0; i < Table::kValues.size(); ++i) {
      if (Table::kValues[i] == x) return json::value(Table::kNames[i]);
    }
    ThrowUnnamedEnumerator(at, typeid(T).name(),
                           static_cast<long long>(static_cast<std::underlying_type_t<T>>(x)));
  } else if constexpr (boost::describe::has_describe_members<T>::value) {
    return WriteMembers(x, at);
  } else if constexpr (json::has_value_from<T>::value) {
    return json::value_from(x);  // what Boost.JSON converts on its own
  } else {
    static_assert(kAlwaysFalse<T>,
                  "sparta::jsonutil::ToJson: this type does not convert to JSON; describe it "
                  "with BOOST_DESCRIBE_STRUCT(Type, (Bases...), (members...)) or give it a "
                  "tag_invoke(boost::json::value_from_tag, boost::json::value&, const Type&) "
                  "overload");
  }
}

}  // namespace sparta::jsonutil::detail
