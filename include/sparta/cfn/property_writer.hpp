#pragma once
// PropertyWriter: turns the typed property values of property_value.hpp into
// the JSON of a template, collecting every problem it finds (an enum literal
// that is not one of the allowed values) with the property's path, instead of
// stopping at the first. Generated resource types call it; users do not.

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/cfn/property_value.hpp"
#include "sparta/json/json.hpp"

namespace sparta::cfn {

class PropertyWriter {
 public:
  /// `problems` collects "<path>: <what>" lines; it outlives the writer.
  PropertyWriter(std::string path, std::vector<std::string>& problems)
      : path_(std::move(path)), problems_(&problems) {}

  /// Writes `value` under `name` when it is set; does nothing otherwise.
  template <class W>
  void Field(std::string_view name, const W& value) {
    if (!value.is_set()) return;
    object_[name] = Convert(value, Child(name));
  }

  /// A string property whose schema lists the values it accepts. A literal
  /// outside `allowed` is a problem; an expression is not checked.
  void Enum(std::string_view name, const Value<std::string>& value,
            std::initializer_list<std::string_view> allowed);

  json::object Take() { return std::move(object_); }

 private:
  std::string Child(std::string_view name) const;

  template <class T>
  json::value Convert(const Value<T>& v, const std::string&) {
    return v.json();
  }
  json::value Convert(const Json& v, const std::string&) { return v.json(); }

  template <class T>
  json::value Convert(const List<T>& list, const std::string& path) {
    if (const json::value* e = list.expression()) return *e;
    json::array out;
    out.reserve(list.items().size());
    for (std::size_t i = 0; i < list.items().size(); ++i) {
      out.push_back(Element(list.items()[i], path + "[" + std::to_string(i) + "]"));
    }
    return out;
  }

  template <class T>
  json::value Convert(const Map<T>& map, const std::string& path) {
    if (const json::value* e = map.expression()) return *e;
    json::object out;
    for (const auto& [key, v] : map.entries()) out[key] = Element(v, path + "." + key);
    return out;
  }

  template <class T>
  json::value Convert(const Object<T>& o, const std::string& path) {
    if (const json::value* e = o.expression()) return *e;
    return Nested(o.value(), path);
  }

  template <class T, PropertyPath P>
  json::value Convert(const Required<T, P>& r, const std::string& path) {
    return Convert(static_cast<const T&>(r), path);
  }

  // A list or map element: a wrapper (Value, Json, List, ...) or a
  // generated struct (which has WriteTo).
  template <class E>
  json::value Element(const E& e, const std::string& path) {
    if constexpr (requires(PropertyWriter& w) { e.WriteTo(w); }) {
      return Nested(e, path);
    } else {
      if (!e.is_set()) return nullptr;
      return Convert(e, path);
    }
  }

  template <class T>
  json::value Nested(const T& t, const std::string& path) {
    PropertyWriter child(path, *problems_);
    t.WriteTo(child);
    return child.Take();
  }

  std::string path_;
  std::vector<std::string>* problems_;
  json::object object_;
};

}  // namespace sparta::cfn
