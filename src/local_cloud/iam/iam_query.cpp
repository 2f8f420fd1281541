// The Query APIs of the local IAM (roles, their inline and attached policies
// and tags) and STS (GetCallerIdentity), as handlers on the protocol engine:
// requests are decoded and validated from AWS's models, so each handler is
// the operation's behaviour only.
#include <algorithm>
#include <functional>

#include "sparta/local_cloud/protocol/protocol_service.hpp"

#include "iam_state.hpp"
#include "local_cloud/protocol/models/models.hpp"
#include "role_document.hpp"

namespace sparta::local_cloud {
namespace {

using protocol::Call;
using protocol::OperationHandler;
using Handlers = std::map<std::string, OperationHandler, std::less<>>;

constexpr std::size_t kDefaultMaxItems = 100;
constexpr std::size_t kMaxTagsPerRole = 50;
constexpr std::size_t kMaxManagedPoliciesPerRole = 20;

Result<std::shared_ptr<const protocol::ServiceModel>> ModelOf(std::string_view json_text) {
  return protocol::ServiceModel::Parse(json_text);
}

// The models are parsed once per process: they never change.
const Result<std::shared_ptr<const protocol::ServiceModel>>& IamModel() {
  static const auto model = ModelOf(models::IamModelJson());
  return model;
}
const Result<std::shared_ptr<const protocol::ServiceModel>>& StsModel() {
  static const auto model = ModelOf(models::StsModelJson());
  return model;
}

std::string PolicyNameOf(std::string_view policy_arn) {
  std::size_t slash = policy_arn.rfind('/');
  return std::string(slash == std::string_view::npos ? policy_arn : policy_arn.substr(slash + 1));
}

json::array TagsValue(const IamRole& role) {
  json::array tags;
  for (const auto& [key, value] : role.tags)
    tags.push_back(json::object{{"Key", key}, {"Value", value}});
  return tags;
}

// IAM's Role structure. ListRoles leaves out the tags, as IAM does.
json::object RoleValue(const IamRole& role, bool with_tags) {
  json::object value;
  value["Path"] = role.path;
  value["RoleName"] = role.name;
  value["RoleId"] = role.role_id;
  value["Arn"] = role.arn;
  value["CreateDate"] = IsoTimestamp(role.created);
  value["AssumeRolePolicyDocument"] = detail::EncodePolicy(role.assume_role_policy);
  if (!role.description.empty()) value["Description"] = role.description;
  value["MaxSessionDuration"] = role.max_session_duration;
  if (with_tags && !role.tags.empty()) value["Tags"] = TagsValue(role);
  return value;
}

// One page of `keys` (sorted) from `marker` (the first key of the page, as
// handed out): the list under `list_name`, IsTruncated and Marker.
template <class Item>
json::value Page(const std::vector<Item>& items, const std::function<std::string(const Item&)>& key,
                 const std::function<json::value(const Item&)>& render, const Call& call,
                 std::string_view list_name) {
  std::size_t max_items = static_cast<std::size_t>(call.Integer("MaxItems", kDefaultMaxItems));
  std::size_t begin = 0;
  if (auto marker = call.String("Marker"); marker && !marker->empty()) {
    while (begin < items.size() && key(items[begin]) < *marker) ++begin;
  }
  std::size_t end = std::min(items.size(), begin + max_items);
  json::array list;
  for (std::size_t i = begin; i < end; ++i) list.push_back(render(items[i]));
  json::object page;
  page[list_name] = std::move(list);
  page["IsTruncated"] = end < items.size();
  if (end < items.size()) page["Marker"] = key(items[end]);
  return json::value(std::move(page));
}

// A policy document as given (IAM takes it as JSON text); the error IAM
// gives for one that is not a JSON object.
Result<json::value> PolicyDocument(std::string_view text) {
  std::error_code ec;
  json::value document = json::parse(text, ec, {}, jsonutil::ParseOptions());
  if (ec || !document.is_object()) {
    return MakeError("MalformedPolicyDocument", "This policy contains invalid Json");
  }
  return document;
}

}  // namespace

Status IamService::ServeApis() {
  if (!IamModel()) return IamModel().error();
  if (!StsModel()) return StsModel().error();
  State& state = *state_;

  // Reads role `name` under the lock, lets `change` edit a copy, and stores
  // it when `change` succeeds: one read-modify-write at a time.
  auto mutate = [this, &state](std::string_view name,
                               const std::function<Status(IamRole&)>& change) -> Result<IamRole> {
    std::lock_guard write(state.write_mu);
    auto role = GetRole(name);
    if (!role) return role.error();
    if (auto changed = change(*role); !changed) return changed.error();
    return PutRole(std::move(*role));
  };
  auto role_of = [this](const Call& call) { return GetRole(*call.String("RoleName")); };

  Handlers iam;
  iam["CreateRole"] = [this, &state](const Call& call) -> Result<json::value> {
    auto policy = PolicyDocument(*call.String("AssumeRolePolicyDocument"));
    if (!policy) return policy.error();
    IamRole role;
    role.name = std::string(*call.String("RoleName"));
    if (auto path = call.String("Path")) role.path = std::string(*path);
    if (auto description = call.String("Description")) role.description = std::string(*description);
    role.assume_role_policy = std::move(*policy);
    role.max_session_duration = static_cast<int>(call.Integer("MaxSessionDuration", 3600));
    if (const json::value* tags = call.input.get_object().if_contains("Tags")) {
      for (const json::value& tag : tags->get_array()) {
        role.tags.emplace_back(tag.at("Key").get_string(), tag.at("Value").get_string());
      }
    }
    std::lock_guard write(state.write_mu);
    if (GetRole(role.name)) {
      return MakeError("EntityAlreadyExists", "Role with name " + role.name + " already exists.");
    }
    auto stored = PutRole(std::move(role));
    if (!stored) return stored.error();
    return json::value(json::object{{"Role", RoleValue(*stored, true)}});
  };
  iam["GetRole"] = [role_of](const Call& call) -> Result<json::value> {
    auto role = role_of(call);
    if (!role) return role.error();
    return json::value(json::object{{"Role", RoleValue(*role, true)}});
  };
  iam["ListRoles"] = [&state](const Call& call) -> Result<json::value> {
    std::string prefix(call.String("PathPrefix").value_or("/"));
    std::vector<IamRole> roles;
    {
      std::lock_guard lock(state.mu);
      for (const auto& [name, role] : state.roles) {
        if (role.path.compare(0, prefix.size(), prefix) == 0) roles.push_back(role);
      }
    }
    const auto key = [](const IamRole& role) { return role.path + role.name; };
    std::sort(roles.begin(), roles.end(),
              [&](const IamRole& a, const IamRole& b) { return key(a) < key(b); });
    return Page<IamRole>(
        roles, key, [](const IamRole& role) -> json::value { return RoleValue(role, false); }, call,
        "Roles");
  };
  iam["UpdateRole"] = [mutate](const Call& call) -> Result<json::value> {
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      if (auto description = call.String("Description"))
        role.description = std::string(*description);
      role.max_session_duration =
          static_cast<int>(call.Integer("MaxSessionDuration", role.max_session_duration));
      return {};
    });
    if (!updated) return updated.error();
    return json::value(json::object());
  };
  iam["UpdateRoleDescription"] = [mutate](const Call& call) -> Result<json::value> {
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      role.description = std::string(*call.String("Description"));
      return {};
    });
    if (!updated) return updated.error();
    return json::value(json::object{{"Role", RoleValue(*updated, true)}});
  };
  iam["UpdateAssumeRolePolicy"] = [mutate](const Call& call) -> Result<json::value> {
    auto policy = PolicyDocument(*call.String("PolicyDocument"));
    if (!policy) return policy.error();
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      role.assume_role_policy = *policy;
      return {};
    });
    if (!updated) return updated.error();
    return json::value(nullptr);
  };
  iam["DeleteRole"] = [this, &state](const Call& call) -> Result<json::value> {
    std::lock_guard write(state.write_mu);
    auto role = GetRole(*call.String("RoleName"));
    if (!role) return role.error();
    if (!role->inline_policies.empty()) {
      return MakeError("DeleteConflict", "Cannot delete entity, must delete policies first.");
    }
    if (!role->managed_policy_arns.empty()) {
      return MakeError("DeleteConflict", "Cannot delete entity, must detach all policies first.");
    }
    if (auto deleted = DeleteRole(role->name); !deleted) return deleted.error();
    return json::value(nullptr);
  };

  iam["PutRolePolicy"] = [mutate](const Call& call) -> Result<json::value> {
    auto policy = PolicyDocument(*call.String("PolicyDocument"));
    if (!policy) return policy.error();
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      role.inline_policies[std::string(*call.String("PolicyName"))] = *policy;
      return {};
    });
    if (!updated) return updated.error();
    return json::value(nullptr);
  };
  iam["GetRolePolicy"] = [role_of](const Call& call) -> Result<json::value> {
    auto role = role_of(call);
    if (!role) return role.error();
    std::string name(*call.String("PolicyName"));
    auto policy = role->inline_policies.find(name);
    if (policy == role->inline_policies.end()) {
      return MakeError("NoSuchEntity", "The role policy with name " + name + " cannot be found.");
    }
    return json::value(json::object{{"RoleName", role->name},
                                    {"PolicyName", name},
                                    {"PolicyDocument", detail::EncodePolicy(policy->second)}});
  };
  iam["DeleteRolePolicy"] = [mutate](const Call& call) -> Result<json::value> {
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      std::string name(*call.String("PolicyName"));
      if (role.inline_policies.erase(name) == 0) {
        return MakeError("NoSuchEntity", "The role policy with name " + name + " cannot be found.");
      }
      return {};
    });
    if (!updated) return updated.error();
    return json::value(nullptr);
  };
  iam["ListRolePolicies"] = [role_of](const Call& call) -> Result<json::value> {
    auto role = role_of(call);
    if (!role) return role.error();
    std::vector<std::string> names;
    for (const auto& [name, policy] : role->inline_policies) names.push_back(name);
    return Page<std::string>(
        names, [](const std::string& name) { return name; },
        [](const std::string& name) -> json::value { return json::value(name); }, call,
        "PolicyNames");
  };

  iam["AttachRolePolicy"] = [mutate](const Call& call) -> Result<json::value> {
    std::string arn(*call.String("PolicyArn"));
    if (arn.compare(0, 12, "arn:aws:iam:") != 0 || arn.find(":policy/") == std::string::npos) {
      return MakeError("InvalidInput", "ARN " + arn + " is not valid.");
    }
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      auto& arns = role.managed_policy_arns;
      if (std::find(arns.begin(), arns.end(), arn) != arns.end()) return {};
      if (arns.size() >= kMaxManagedPoliciesPerRole) {
        return MakeError("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 20");
      }
      arns.push_back(arn);
      return {};
    });
    if (!updated) return updated.error();
    return json::value(nullptr);
  };
  iam["DetachRolePolicy"] = [mutate](const Call& call) -> Result<json::value> {
    std::string arn(*call.String("PolicyArn"));
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      auto& arns = role.managed_policy_arns;
      auto found = std::find(arns.begin(), arns.end(), arn);
      if (found == arns.end())
        return MakeError("NoSuchEntity", "Policy " + arn + " was not found.");
      arns.erase(found);
      return {};
    });
    if (!updated) return updated.error();
    return json::value(nullptr);
  };
  iam["ListAttachedRolePolicies"] = [role_of](const Call& call) -> Result<json::value> {
    auto role = role_of(call);
    if (!role) return role.error();
    std::string prefix(call.String("PathPrefix").value_or("/"));
    std::vector<std::string> arns;
    for (const std::string& arn : role->managed_policy_arns) {
      std::size_t path = arn.find(":policy") + 7;
      if (arn.compare(path, prefix.size(), prefix) == 0) arns.push_back(arn);
    }
    std::sort(arns.begin(), arns.end());
    return Page<std::string>(
        arns, [](const std::string& arn) { return arn; },
        [](const std::string& arn) -> json::value {
          return json::value(json::object{{"PolicyName", PolicyNameOf(arn)}, {"PolicyArn", arn}});
        },
        call, "AttachedPolicies");
  };

  iam["TagRole"] = [mutate](const Call& call) -> Result<json::value> {
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      for (const json::value& tag : call.input.at("Tags").get_array()) {
        std::string key(tag.at("Key").get_string());
        std::string value(tag.at("Value").get_string());
        auto same = std::find_if(role.tags.begin(), role.tags.end(),
                                 [&](const auto& existing) { return existing.first == key; });
        if (same != role.tags.end()) {
          same->second = std::move(value);
        } else {
          role.tags.emplace_back(std::move(key), std::move(value));
        }
      }
      if (role.tags.size() > kMaxTagsPerRole) {
        return MakeError("LimitExceeded",
                         "The number of tags has reached the maximum limit of 50 for a role.");
      }
      return {};
    });
    if (!updated) return updated.error();
    return json::value(nullptr);
  };
  iam["UntagRole"] = [mutate](const Call& call) -> Result<json::value> {
    auto updated = mutate(*call.String("RoleName"), [&](IamRole& role) -> Status {
      for (const json::value& key : call.input.at("TagKeys").get_array()) {
        std::erase_if(role.tags, [&](const auto& tag) { return tag.first == key.get_string(); });
      }
      return {};
    });
    if (!updated) return updated.error();
    return json::value(nullptr);
  };
  iam["ListRoleTags"] = [role_of](const Call& call) -> Result<json::value> {
    auto role = role_of(call);
    if (!role) return role.error();
    return Page<std::pair<std::string, std::string>>(
        role->tags, [](const auto& tag) { return tag.first; },
        [](const auto& tag) -> json::value {
          return json::value(json::object{{"Key", tag.first}, {"Value", tag.second}});
        },
        call, "Tags");
  };

  Handlers sts;
  sts["GetCallerIdentity"] = [&state](const Call&) -> Result<json::value> {
    const std::string& account = state.context.account_id;
    return json::value(json::object{
        {"UserId", account}, {"Account", account}, {"Arn", "arn:aws:iam::" + account + ":root"}});
  };

  auto iam_api = protocol::ProtocolService::Create(*IamModel(), std::move(iam));
  if (!iam_api) return iam_api.error();
  auto sts_api = protocol::ProtocolService::Create(*StsModel(), std::move(sts));
  if (!sts_api) return sts_api.error();
  state.iam_api = std::move(*iam_api);
  state.sts_api = std::move(*sts_api);
  return {};
}

CloudResponse IamService::HandleIamQuery(const CloudRequest& request) {
  return state_->iam_api->Handle(request);
}

CloudResponse IamService::HandleStsQuery(const CloudRequest& request) {
  return state_->sts_api->Handle(request);
}

}  // namespace sparta::local_cloud
