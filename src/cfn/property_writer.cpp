#include "sparta/cfn/property_writer.hpp"

#include "sparta/cfn/resource_declaration.hpp"

namespace sparta::cfn {

std::string PropertyWriter::Child(std::string_view name) const {
  std::string out = path_;
  out += path_.ends_with(')') ? " property " : ".";
  out.append(name);
  return out;
}

void PropertyWriter::Field(std::string_view name, const ValueBase& value) {
  if (value.is_set()) object_[name] = value.json();
}

void PropertyWriter::Field(std::string_view name, const ListBase& value) {
  if (value.is_set()) object_[name] = Write(value, Child(name));
}

void PropertyWriter::Field(std::string_view name, const MapBase& value) {
  if (value.is_set()) object_[name] = Write(value, Child(name));
}

void PropertyWriter::Field(std::string_view name, const ObjectBase& value) {
  if (!value.is_set()) return;
  if (const json::value* e = value.expression()) {
    object_[name] = *e;
    return;
  }
  object_[name] = value.node().write(value.node().value.get(), *this, Child(name));
}

json::value PropertyWriter::Write(const ListBase& list, const std::string& path) {
  if (const json::value* e = list.expression()) return *e;
  json::array out;
  out.reserve(list.elements().size());
  for (std::size_t i = 0; i < list.elements().size(); ++i) {
    out.push_back(Write(list.elements()[i], path + "[" + std::to_string(i) + "]"));
  }
  return out;
}

json::value PropertyWriter::Write(const MapBase& map, const std::string& path) {
  if (const json::value* e = map.expression()) return *e;
  json::object out;
  for (const auto& [key, element] : map.entries()) out[key] = Write(element, path + "." + key);
  return out;
}

json::value PropertyWriter::Write(const detail::Element& element, const std::string& path) {
  if (element.node.write == nullptr) return element.json;
  return element.node.write(element.node.value.get(), *this, path);
}

namespace detail {
json::value WriteList(const void* list, PropertyWriter& parent, const std::string& path) {
  return parent.Write(*static_cast<const ListBase*>(list), path);
}
json::value WriteMap(const void* map, PropertyWriter& parent, const std::string& path) {
  return parent.Write(*static_cast<const MapBase*>(map), path);
}
}  // namespace detail

void PropertyWriter::Enum(std::string_view name, const ValueBase& value,
                          std::initializer_list<std::string_view> allowed) {
  if (!value.is_set()) return;
  if (const json::string* s = value.literal_string()) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || a == std::string_view(*s);
    if (!ok) {
      std::string message = Child(name) + ": \"" + std::string(*s) + "\" is not one of ";
      bool first = true;
      for (std::string_view a : allowed) {
        message += first ? "" : ", ";
        message.append(a);
        first = false;
      }
      problems_->push_back(std::move(message));
    }
  }
  object_[name] = value.json();
}

Resource DeclaredResource::WithOptions(Resource resource) const {
  for (const Handle& h : options_.depends_on) resource.depends_on.push_back(h.logical_id());
  resource.condition = options_.condition.logical_id();
  switch (options_.deletion_policy) {
    case DeletionPolicy::kUnset: break;
    case DeletionPolicy::kDelete: resource.deletion_policy = "Delete"; break;
    case DeletionPolicy::kRetain: resource.deletion_policy = "Retain"; break;
    case DeletionPolicy::kSnapshot: resource.deletion_policy = "Snapshot"; break;
    case DeletionPolicy::kRetainExceptOnCreate:
      resource.deletion_policy = "RetainExceptOnCreate";
      break;
  }
  switch (options_.update_replace_policy) {
    case UpdateReplacePolicy::kUnset: break;
    case UpdateReplacePolicy::kDelete: resource.update_replace_policy = "Delete"; break;
    case UpdateReplacePolicy::kRetain: resource.update_replace_policy = "Retain"; break;
    case UpdateReplacePolicy::kSnapshot: resource.update_replace_policy = "Snapshot"; break;
  }
  resource.metadata = options_.metadata;
  return resource;
}

}  // namespace sparta::cfn
