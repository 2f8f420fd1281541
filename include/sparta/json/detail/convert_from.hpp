#pragma once
// FromJson's rules, one `if constexpr` branch per kind of type. Each reads
// into an existing object, so what the JSON leaves out keeps its default.

#include <array>
#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/mp11/algorithm.hpp>
#include <cstddef>
#include <limits>
#include <type_traits>
#include <typeinfo>
#include <utility>

#include "sparta/json/detail/convert_core.hpp"
#include "sparta/json/detail/convert_traits.hpp"

namespace sparta::jsonutil::detail {

// The names and values of a described enum, in declaration order.
template <class E, class List = boost::describe::describe_enumerators<E>>
struct EnumTable;
template <class E, template <class...> class L, class... D>
struct EnumTable<E, L<D...>> {
  static constexpr std::array<std::string_view, sizeof...(D)> kNames{D::name...};
  static constexpr std::array<E, sizeof...(D)> kValues{D::value...};
};

template <class T>
void Read(const json::value& v, const PathNode* at, T& out);

template <class T>
void ReadMembers(const json::object& object, const PathNode* at, T& out) {
  using Members = boost::describe::describe_members<
      T, boost::describe::mod_public | boost::describe::mod_inherited>;
  // Where the next member's key is expected: just after the previous
  // member's. Producers write an object's keys in a fixed order (AWS's
  // events do), so runs of members declared in that order are found with
  // one comparison each; a key elsewhere is searched for, and the run
  // continues after it. Either way the result is the same.
  const json::key_value_pair* next = object.begin();
  boost::mp11::mp_for_each<Members>([&](auto member) {
    using D = decltype(member);
    constexpr std::string_view key = kMemberKey<D>;
    const json::value* found = nullptr;
    if (next != object.end() && next->key() == key) {
      found = &next->value();
      ++next;
    } else if (const json::key_value_pair* it = object.find(key); it != object.end()) {
      found = &it->value();
      next = it + 1;
    }
    // Keys the type does not name are ignored; members the JSON does not
    // name keep their value.
    if (found != nullptr) {
      PathNode node{at, key};
      Read(*found, &node, out.*D::pointer);
    }
  });
}

template <class T>
void Read(const json::value& v, const PathNode* at, T& out) {
  static_assert(!std::is_same_v<T, std::string_view> && !std::is_pointer_v<T>,
                "sparta::jsonutil::FromJson: std::string_view and pointers cannot hold converted "
                "text (they would point into the parsed document); use std::string");
  if constexpr (std::is_same_v<T, json::value>) {
    out = v;
  } else if constexpr (std::is_same_v<T, json::object>) {
    out = ReadObject(v, at);
  } else if constexpr (std::is_same_v<T, json::array>) {
    out = ReadArray(v, at);
  } else if constexpr (std::is_same_v<T, json::string>) {
    out = ReadString(v, at);
  } else if constexpr (std::is_same_v<T, bool>) {
    out = ReadBool(v, at);
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    out = static_cast<T>(ReadSigned(v, at, std::numeric_limits<T>::min(),
                                    std::numeric_limits<T>::max()));
  } else if constexpr (std::is_integral_v<T>) {
    out = static_cast<T>(ReadUnsigned(v, at, std::numeric_limits<T>::max()));
  } else if constexpr (std::is_same_v<T, float>) {
    out = ReadFloat(v, at);
  } else if constexpr (std::is_floating_point_v<T>) {
    out = static_cast<T>(ReadDouble(v, at));
  } else if constexpr (std::is_same_v<T, std::string>) {
    const json::string& s = ReadString(v, at);
    out = std::string(s.data(), s.size());
  } else if constexpr (IsOptional<T>::value) {
    if (v.is_null()) {
      out.reset();
    } else {
      if (!out) out.emplace();
      Read(v, at, *out);
    }
  } else if constexpr (IsVector<T>::value) {
    const json::array& array = ReadArray(v, at);
    out.clear();
    out.reserve(array.size());
    for (std::size_t i = 0; i < array.size(); ++i) {
      PathNode node{at, {}, i};
      // Read in place: an element is not built aside and then moved (for an
      // event's records, moving is a good part of the cost). On a throw the
      // whole conversion is abandoned, so a half-read element is never seen.
      if constexpr (std::is_same_v<typename T::value_type, bool>) {
        out.push_back(ReadBool(array[i], &node));  // std::vector<bool> has no bool&
      } else {
        Read(array[i], &node, out.emplace_back());
      }
    }
  } else if constexpr (IsStringMap<T>::value) {
    const json::object& object = ReadObject(v, at);
    out.clear();
    for (const json::key_value_pair& kv : object) {
      PathNode node{at, kv.key()};
      // In place, as for vectors; a JSON object's keys are unique.
      Read(kv.value(), &node, out.try_emplace(std::string(kv.key())).first->second);
    }
  } else if constexpr (HasUserValueTo<T>) {
    // The user's own conversion. (Boost.JSON's overloads for std types
    // never get here: the branches above take those types.)
    try {
      out = json::value_to<T>(v);
    } catch (const std::exception& e) {
      ThrowCustom(at, typeid(T).name(), e);
    }
  } else if constexpr (std::is_enum_v<T>) {
    static_assert(boost::describe::has_describe_enumerators<T>::value,
                  "sparta::jsonutil: an enum converts from and to its enumerators' names; "
                  "list them with BOOST_DESCRIBE_ENUM(Type, Enumerators...)");
    using Table = EnumTable<T>;
    out = Table::kValues[ReadEnumerator(v, at, Table::kNames.data(), Table::kNames.size())];
  } else if constexpr (boost::describe::has_describe_members<T>::value) {
    ReadMembers(ReadObject(v, at), at, out);
  } else if constexpr (json::has_value_to<T>::value) {
    // What Boost.JSON converts on its own (std::array, std::tuple, ...).
    try {
      out = json::value_to<T>(v);
    } catch (const std::exception& e) {
      ThrowCustom(at, typeid(T).name(), e);
    }
  } else {
    static_assert(kAlwaysFalse<T>,
                  "sparta::jsonutil::FromJson: this type does not convert from JSON; describe it "
                  "with BOOST_DESCRIBE_STRUCT(Type, (Bases...), (members...)) or give it a "
                  "tag_invoke(boost::json::value_to_tag<Type>, const boost::json::value&) "
                  "overload");
  }
}

}  // namespace sparta::jsonutil::detail
