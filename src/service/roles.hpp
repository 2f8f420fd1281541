#pragma once
// The IAM roles Sparta creates: one per function (IamRoleDefinition), or one
// for the functions sharing a SharedRole.

#include <string>
#include <vector>

#include "sparta/cfn/template.hpp"
#include "sparta/service/function.hpp"

#include "discovery_document.hpp"

namespace sparta::internal {

/// A role to create and the functions it serves.
struct RolePlan {
  std::string role_id;           // its logical ID
  std::string name;              // "<name>-policy", "<name>-bucket-access"
  std::string bucket_policy_id;  // the policy of statements naming reacted buckets
  const IamRoleDefinition* definition = nullptr;
  std::vector<const Function*> members;
};

/// {"Effect": "Allow", "Action": actions, "Resource": resource}.
json::value AllowStatement(json::array actions, json::value resource);
/// The statement of one privilege (with its Condition, when it has one).
json::value Statement(const IamPrivilege& p);
/// {"Version": "2012-10-17", "Statement": statements}.
json::value PolicyDocument(json::array statements);
/// The trust policy letting `service_principal` ("lambda.amazonaws.com")
/// assume a role.
json::value AssumableBy(std::string_view service_principal);

/// "<name>SharedRole".
std::string SharedRoleId(std::string_view name);

/// One plan per SharedRole name among `functions`, in order of first use.
/// REQUIRES: Validate() passed (same name, same definition).
std::vector<RolePlan> SharedRolePlans(const std::vector<Function>& functions);

/// Adds the role: assumable by Lambda, its inline policy holding, for each
/// member, CreateLogStream/PutLogEvents on its log group, the X-Ray writes
/// when its tracing is Active, DescribeStackResource on this stack when its
/// discovery document is served from there, its event sources' privileges;
/// then the definition's privileges (a statement appears once however many
/// members need it). Statements naming a bucket a member reacts to go into
/// a separate AWS::IAM::Policy on the role (the bucket names the function,
/// which needs its role: the role cannot name the bucket).
Status AddRole(cfn::Template& t, const RolePlan& plan, const Discovery& discovery);

}  // namespace sparta::internal
