#include "role_document.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

#include "sparta/aws/sigv4_detail.hpp"

namespace sparta::local_cloud::detail {
namespace {

std::optional<std::string> StringField(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

}  // namespace

json::value RoleToDocument(const IamRole& role) {
  json::object doc;
  doc["RoleName"] = role.name;
  doc["Path"] = role.path;
  doc["Arn"] = role.arn;
  doc["RoleId"] = role.role_id;
  doc["AssumeRolePolicyDocument"] = role.assume_role_policy;
  doc["Description"] = role.description;
  json::object inline_policies;
  for (const auto& [name, policy] : role.inline_policies) inline_policies[name] = policy;
  doc["InlinePolicies"] = std::move(inline_policies);
  json::array managed;
  for (const auto& arn : role.managed_policy_arns) managed.emplace_back(arn);
  doc["ManagedPolicyArns"] = std::move(managed);
  doc["MaxSessionDuration"] = role.max_session_duration;
  json::array tags;
  for (const auto& [key, value] : role.tags) tags.push_back(json::object{{"Key", key}, {"Value", value}});
  doc["Tags"] = std::move(tags);
  doc["CreatedEpochMillis"] = static_cast<std::int64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(role.created.time_since_epoch())
          .count());
  return doc;
}

Result<IamRole> RoleFromDocument(const json::value& document) {
  const json::object* doc = document.if_object();
  if (doc == nullptr) return MakeError("Corrupt", "a role document is not a JSON object");
  IamRole role;
  std::optional<std::string> name = StringField(*doc, "RoleName");
  if (!name || name->empty()) {
    return MakeError("Corrupt", "a role document has no RoleName");
  }
  role.name = *name;
  if (auto path = StringField(*doc, "Path")) role.path = *path;
  if (auto arn = StringField(*doc, "Arn")) role.arn = *arn;
  if (auto id = StringField(*doc, "RoleId")) role.role_id = *id;
  if (auto description = StringField(*doc, "Description")) role.description = *description;
  if (const json::value* policy = doc->if_contains("AssumeRolePolicyDocument")) {
    role.assume_role_policy = *policy;
  }
  if (const json::value* policies = doc->if_contains("InlinePolicies");
      policies != nullptr && policies->is_object()) {
    for (const auto& entry : policies->as_object()) {
      role.inline_policies[std::string(entry.key())] = entry.value();
    }
  }
  if (const json::value* managed = doc->if_contains("ManagedPolicyArns");
      managed != nullptr && managed->is_array()) {
    for (const auto& arn : managed->as_array()) {
      if (arn.is_string()) role.managed_policy_arns.emplace_back(arn.as_string());
    }
  }
  if (const json::value* duration = doc->if_contains("MaxSessionDuration");
      duration != nullptr && duration->is_int64()) {
    role.max_session_duration = static_cast<int>(duration->as_int64());
  }
  if (const json::value* tags = doc->if_contains("Tags"); tags != nullptr && tags->is_array()) {
    for (const auto& tag : tags->as_array()) {
      auto key = tag.is_object() ? StringField(tag.as_object(), "Key") : std::nullopt;
      auto value = tag.is_object() ? StringField(tag.as_object(), "Value") : std::nullopt;
      if (key && value) role.tags.emplace_back(*key, *value);
    }
  }
  if (const json::value* created = doc->if_contains("CreatedEpochMillis");
      created != nullptr && created->is_int64()) {
    role.created = std::chrono::system_clock::time_point(
        std::chrono::milliseconds(created->as_int64()));
  }
  return role;
}

std::string EncodePolicy(const json::value& policy) {
  return aws::detail::UriEncode(json::serialize(policy), false);
}

}  // namespace sparta::local_cloud::detail
