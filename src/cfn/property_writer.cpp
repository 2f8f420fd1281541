#include "sparta/cfn/property_writer.hpp"

#include "sparta/cfn/resource_declaration.hpp"

namespace sparta::cfn {

std::string PropertyWriter::Child(std::string_view name) const {
  std::string out = path_;
  out += path_.ends_with(')') ? " property " : ".";
  out.append(name);
  return out;
}

void PropertyWriter::Enum(std::string_view name, const Value<std::string>& value,
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
