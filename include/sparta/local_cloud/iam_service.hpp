#pragma once
// IamService: the local cloud's IAM and STS. Roles and their policies are
// recorded (nothing is enforced: every signed request is allowed), so that
// `iam get-role` shows what a stack created and Lambda can check that a
// function's role exists, as Lambda's CreateFunction does. A role created
// through the API and one a stack created are the same thing. STS answers
// GetCallerIdentity for the local account. Both APIs are served by the
// protocol engine from AWS's models (protocol/protocol_service.hpp).
//
// Thread-safety: every member may be called from any thread.

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/state_store.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud {

struct IamRole {
  std::string name;
  std::string path = "/";
  std::string arn;      // arn:aws:iam::<account>:role<path><name>
  std::string role_id;  // "AROA" + 17 upper-case alphanumerics
  json::value assume_role_policy;  // the policy document as given
  std::string description;
  /// Inline policies by name (PolicyName → PolicyDocument).
  std::map<std::string, json::value> inline_policies;
  std::vector<std::string> managed_policy_arns;
  std::chrono::system_clock::time_point created;
  int max_session_duration = 3600;  // seconds, 3600..43200
  /// Tags in the order they were added (keys unique, compared as given).
  std::vector<std::pair<std::string, std::string>> tags;
};

class IamService {
 public:
  /// Loads the roles in `store` (one document each under "iam/roles/").
  /// Errors: "Io", "Corrupt" (a role document that cannot be read: names
  /// the file).
  static Result<std::unique_ptr<IamService>> Open(StateStore& store, CloudContext context);
  ~IamService();
  IamService(const IamService&) = delete;
  IamService& operator=(const IamService&) = delete;

  /// Creates or replaces the role `role.name` (arn, role_id and created are
  /// filled in when empty) and returns it as stored. "ValidationError" for a
  /// name IAM would refuse (1..64 of [\w+=,.@-]).
  Result<IamRole> PutRole(IamRole role);
  /// "NoSuchEntity" (404).
  Status DeleteRole(std::string_view name);
  /// "NoSuchEntity" (404).
  Result<IamRole> GetRole(std::string_view name) const;
  /// The role an ARN of this account names, or nullopt.
  std::optional<IamRole> FindRoleByArn(std::string_view arn) const;

  /// The Query API for signing name "iam", on roles: CreateRole, GetRole,
  /// ListRoles, UpdateRole, UpdateRoleDescription, UpdateAssumeRolePolicy,
  /// DeleteRole; PutRolePolicy, GetRolePolicy, ListRolePolicies,
  /// DeleteRolePolicy; AttachRolePolicy, DetachRolePolicy,
  /// ListAttachedRolePolicies; TagRole, UntagRole, ListRoleTags. Policy
  /// documents are returned URL-encoded, as IAM does. Errors as IAM's:
  /// "NoSuchEntity" (404), "EntityAlreadyExists" (409), "DeleteConflict"
  /// (409), "MalformedPolicyDocument", "LimitExceeded", "ValidationError"
  /// (400); other operations of IAM's model: 501 "NotImplemented".
  CloudResponse HandleIamQuery(const CloudRequest& request);
  /// The Query API for signing name "sts": GetCallerIdentity (the caller is
  /// `arn:aws:iam::<account>:root` with UserId = the account).
  CloudResponse HandleStsQuery(const CloudRequest& request);

 private:
  struct State;
  /// Builds the IAM and STS APIs on the protocol engine (iam_query.cpp).
  Status ServeApis();
  explicit IamService(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sparta::local_cloud
