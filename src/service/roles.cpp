#include "roles.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/cfn/references.hpp"
#include "sparta/service/synthesize.hpp"

#include "event_sources.hpp"

namespace sparta::internal {

json::value AllowStatement(json::array actions, json::value resource) {
  return json::object{
      {"Effect", "Allow"}, {"Action", std::move(actions)}, {"Resource", std::move(resource)}};
}

json::value Statement(const IamPrivilege& p) {
  json::array actions;
  for (const std::string& a : p.actions) actions.emplace_back(a);
  json::array resources(p.resources.begin(), p.resources.end());
  json::value statement = AllowStatement(std::move(actions), std::move(resources));
  if (!p.condition.is_null()) statement.as_object()["Condition"] = p.condition;
  return statement;
}

json::value PolicyDocument(json::array statements) {
  return json::object{{"Version", "2012-10-17"}, {"Statement", std::move(statements)}};
}

json::value AssumableBy(std::string_view service_principal) {
  return PolicyDocument(
      json::array{json::object{{"Effect", "Allow"},
                               {"Principal", json::object{{"Service", service_principal}}},
                               {"Action", "sts:AssumeRole"}}});
}

namespace {

// True when `p` names one of `buckets` (in its resources or condition).
bool NamesAny(const IamPrivilege& p, const std::set<std::string>& buckets) {
  if (buckets.empty()) return false;
  std::set<std::string> names = cfn::ReferencedNames(p.condition);
  for (const json::value& r : p.resources) names.merge(cfn::ReferencedNames(r));
  return std::any_of(names.begin(), names.end(),
                     [&](const std::string& n) { return buckets.contains(n); });
}

// The statements every member needs for itself, before the privileges.
json::array BaseStatements(const RolePlan& plan, const Discovery& discovery) {
  json::array statements;
  // Each group's Arn attribute ends in ":*", which covers its log streams.
  json::array groups;
  for (const Function* f : plan.members) {
    groups.push_back(cfn::GetAtt(LogicalIdsOf(f->name).log_group, "Arn"));
  }
  statements.push_back(AllowStatement({"logs:CreateLogStream", "logs:PutLogEvents"},
                                      groups.size() == 1 ? groups[0] : json::value(groups)));
  const auto any = [&](auto pred) {
    return std::any_of(plan.members.begin(), plan.members.end(),
                       [&](const Function* f) { return pred(*f); });
  };
  if (any([](const Function& f) { return f.options.tracing == Tracing::kActive; })) {
    // X-Ray's write actions support no resource-level scoping: "*" is the
    // only resource they accept. The actions themselves stay explicit.
    statements.push_back(
        AllowStatement({"xray:PutTraceSegments", "xray:PutTelemetryRecords"}, "*"));
  }
  if (any([&](const Function& f) { return discovery.OverEnvironmentLimit(f); })) {
    // Its own discovery document, in its Metadata: this stack only (its
    // ARN, AWS::StackId, names it exactly).
    statements.push_back(
        AllowStatement({"cloudformation:DescribeStackResource"}, cfn::Ref("AWS::StackId")));
  }
  return statements;
}

}  // namespace

std::string SharedRoleId(std::string_view name) { return cfn::LogicalId(name, "SharedRole"); }

std::vector<RolePlan> SharedRolePlans(const std::vector<Function>& functions) {
  std::vector<RolePlan> plans;
  std::map<std::string, std::size_t> index;  // name -> plan
  for (const Function& f : functions) {
    const auto* shared = std::get_if<SharedRole>(&f.role);
    if (shared == nullptr) continue;
    auto [it, added] = index.emplace(shared->name, plans.size());
    if (added) {
      plans.push_back({.role_id = SharedRoleId(shared->name),
                       .name = shared->name,
                       .bucket_policy_id = cfn::LogicalId(shared->name, "SharedRoleBucketAccessPolicy"),
                       .definition = &shared->definition,
                       .members = {}});
    }
    plans[it->second].members.push_back(&f);
  }
  return plans;
}

Status AddRole(cfn::Template& t, const RolePlan& plan, const Discovery& discovery) {
  std::vector<IamPrivilege> privileges;
  std::set<std::string> buckets;
  for (const Function* f : plan.members) {
    for (IamPrivilege& p : EventSourcePrivileges(*f)) privileges.push_back(std::move(p));
    buckets.merge(ReactedBuckets(*f));
  }
  privileges.insert(privileges.end(), plan.definition->privileges.begin(),
                    plan.definition->privileges.end());
  json::array in_role = BaseStatements(plan, discovery);
  json::array on_buckets;
  std::set<std::string> seen;  // a statement once, however many members need it
  for (const IamPrivilege& p : privileges) {
    json::value statement = Statement(p);
    if (!seen.insert(jsonutil::Compact(statement)).second) continue;
    (NamesAny(p, buckets) ? on_buckets : in_role).push_back(std::move(statement));
  }

  cfn::Resource role{.type = "AWS::IAM::Role"};
  role.properties["AssumeRolePolicyDocument"] = AssumableBy("lambda.amazonaws.com");
  role.properties["Policies"] =
      json::array{json::object{{"PolicyName", plan.name + "-policy"},
                               {"PolicyDocument", PolicyDocument(std::move(in_role))}}};
  if (!plan.definition->managed_policy_arns.empty()) {
    json::array arns;
    for (const std::string& arn : plan.definition->managed_policy_arns) arns.emplace_back(arn);
    role.properties["ManagedPolicyArns"] = std::move(arns);
  }
  if (auto s = t.AddResource(plan.role_id, std::move(role)); !s) return s;
  if (on_buckets.empty()) return {};
  cfn::Resource policy{.type = "AWS::IAM::Policy"};
  policy.properties["PolicyName"] = plan.name + "-bucket-access";
  policy.properties["PolicyDocument"] = PolicyDocument(std::move(on_buckets));
  policy.properties["Roles"] = json::array{cfn::Ref(plan.role_id)};
  return t.AddResource(plan.bucket_policy_id, std::move(policy));
}

}  // namespace sparta::internal
