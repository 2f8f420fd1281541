#pragma once
// PropertyWriter: turns the typed property values of property_value.hpp into
// the JSON of a template, collecting every problem it finds (an enum literal
// that is not one of the allowed values) with the property's path, instead of
// stopping at the first. Generated resource types call it; users do not.
// Its methods are not templates: the generated headers' WriteTo bodies
// instantiate nothing (see property_value.hpp on compile time).

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

  /// Each writes `value` under `name` when it is set, and nothing otherwise.
  void Field(std::string_view name, const ValueBase& value);
  void Field(std::string_view name, const ListBase& value);
  void Field(std::string_view name, const MapBase& value);
  void Field(std::string_view name, const ObjectBase& value);

  /// A string property whose schema lists the values it accepts. A literal
  /// outside `allowed` is a problem; an expression is not checked.
  void Enum(std::string_view name, const ValueBase& value,
            std::initializer_list<std::string_view> allowed);

  json::object Take() { return std::move(object_); }

  /// The JSON of a list, map, nested object or element at `path`, with
  /// problems reported through this writer's list.
  json::value Write(const ListBase& list, const std::string& path);
  json::value Write(const MapBase& map, const std::string& path);
  json::value Write(const detail::Element& element, const std::string& path);
  /// A nested struct `t` at `path`.
  template <class T>
  json::value Nested(const T& t, const std::string& path) {
    PropertyWriter child(path, *problems_);
    t.WriteTo(child);
    return child.Take();
  }

 private:
  std::string Child(std::string_view name) const;

  std::string path_;
  std::vector<std::string>* problems_;
  json::object object_;
};

namespace detail {
template <class T>
json::value WriteStruct(const void* value, PropertyWriter& parent, const std::string& path) {
  return parent.Nested(*static_cast<const T*>(value), path);
}
}  // namespace detail

}  // namespace sparta::cfn
