#pragma once
// CloudFormationClient: the stack and change-set operations a deploy needs,
// over the awsQuery protocol (API version 2010-05-15).

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/cloudformation_types.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

inline constexpr std::string_view kCloudFormationApiVersion = "2010-05-15";

/// The template of a stack or change set: give exactly one of `template_body`
/// (at most 51,200 bytes), `template_url` (an https:// S3 URL, for larger
/// templates) or, on updates, `use_previous_template`.
struct CreateStackRequest {
  std::string stack_name;
  std::string template_body;
  std::string template_url;
  std::vector<cloudformation::Parameter> parameters;
  std::vector<std::string>
      capabilities;  // CAPABILITY_IAM, CAPABILITY_NAMED_IAM, CAPABILITY_AUTO_EXPAND
  std::vector<cloudformation::Tag> tags;
  std::string on_failure;  // "ROLLBACK" (AWS's default when empty), "DELETE", "DO_NOTHING"
  std::optional<bool> disable_rollback;  // alternative to on_failure; never both
  std::optional<int64_t> timeout_in_minutes;
  std::string role_arn;
  std::string client_request_token;
  std::optional<bool> enable_termination_protection;
};

struct UpdateStackRequest {
  std::string stack_name;  // name or stack ARN
  std::string template_body;
  std::string template_url;
  bool use_previous_template = false;
  std::vector<cloudformation::Parameter> parameters;
  std::vector<std::string> capabilities;
  std::vector<cloudformation::Tag> tags;
  std::string role_arn;
  std::optional<bool> disable_rollback;
  std::string client_request_token;
};

struct DeleteStackRequest {
  std::string stack_name;                     // name or stack ARN
  std::vector<std::string> retain_resources;  // logical IDs (only for a DELETE_FAILED stack)
  std::string role_arn;
  std::string client_request_token;
};

struct CreateChangeSetRequest {
  std::string stack_name;       // name or stack ARN
  std::string change_set_name;  // [a-zA-Z][-a-zA-Z0-9]*, at most 128 characters
  std::string change_set_type;  // "CREATE" (no stack yet) or "UPDATE" (AWS's default when empty)
  std::string template_body;
  std::string template_url;
  bool use_previous_template = false;
  std::vector<cloudformation::Parameter> parameters;
  std::vector<std::string> capabilities;
  std::vector<cloudformation::Tag> tags;
  std::string role_arn;
  std::string description;
  std::string client_token;
};

struct CreateChangeSetResult {
  std::string id;        // the change set's ARN
  std::string stack_id;  // the stack's ARN (a REVIEW_IN_PROGRESS stack for CREATE)
};

/// Thread-safe (as AwsClient is). Every method returns AWS's error code and
/// message verbatim on failure (e.g. ValidationError "Stack with id demo does
/// not exist"; see stack_status.hpp for the ones callers usually test), or
/// "InvalidResponse" when a success body cannot be read.
class CloudFormationClient {
 public:
  /// REQUIRES: `client` is configured for CloudFormation (signing name
  /// "cloudformation").
  explicit CloudFormationClient(std::shared_ptr<const AwsClient> client);

  /// Starts creating a stack; returns its StackId (ARN).
  Result<std::string> CreateStack(const CreateStackRequest& request) const;
  /// Starts updating a stack; returns its StackId. "No updates are to be
  /// performed." comes back as an error: test it with IsNoUpdatesError.
  Result<std::string> UpdateStack(const UpdateStackRequest& request) const;
  /// Starts deleting a stack. Succeeds also when the stack does not exist.
  Status DeleteStack(const DeleteStackRequest& request) const;

  /// One stack, looked up by name or ARN (prefer the ARN while waiting: after
  /// deletion only the ARN still finds the stack, as DELETE_COMPLETE). A
  /// missing stack is AWS's ValidationError (see IsStackNotFound).
  Result<cloudformation::Stack> DescribeStack(std::string_view stack_name_or_id) const;
  /// One page of DescribeStacks; an empty `stack_name_or_id` lists every stack.
  Result<cloudformation::Page<cloudformation::Stack>> DescribeStacks(
      std::string_view stack_name_or_id, std::string_view next_token = {}) const;

  /// One page of a stack's events, newest first.
  Result<cloudformation::Page<cloudformation::StackEvent>> DescribeStackEvents(
      std::string_view stack_name_or_id, std::string_view next_token = {}) const;
  /// The events newer than the event `after_event_id`, oldest first (for
  /// printing progress): pages back until that event is found, or through
  /// every page when it is empty or not found. At most `max_pages` pages.
  Result<std::vector<cloudformation::StackEvent>> StackEventsSince(
      std::string_view stack_name_or_id, std::string_view after_event_id, int max_pages = 20) const;

  /// Every resource of a stack (AWS returns at most 100; use ListStackResources beyond).
  /// One resource of a stack, with its resolved Metadata.
  Result<cloudformation::StackResourceDetail> DescribeStackResource(
      std::string_view stack_name_or_id, std::string_view logical_resource_id) const;
  Result<std::vector<cloudformation::StackResource>> DescribeStackResources(
      std::string_view stack_name_or_id) const;
  /// One page of a stack's resource summaries.
  Result<cloudformation::Page<cloudformation::StackResourceSummary>> ListStackResources(
      std::string_view stack_name_or_id, std::string_view next_token = {}) const;
  /// Every page of ListStackResources.
  Result<std::vector<cloudformation::StackResourceSummary>> ListAllStackResources(
      std::string_view stack_name_or_id) const;

  /// The stack's template; `template_stage` "Original" (default when empty) or "Processed".
  Result<cloudformation::GetTemplateResult> GetTemplate(std::string_view stack_name_or_id,
                                                        std::string_view template_stage = {}) const;
  /// Checks a template; give exactly one of the body or an https:// URL.
  Result<cloudformation::ValidateTemplateResult> ValidateTemplate(
      std::string_view template_body, std::string_view template_url = {}) const;

  Result<CreateChangeSetResult> CreateChangeSet(const CreateChangeSetRequest& request) const;
  /// One page of a change set's description (`changes` holds that page's part).
  /// `stack_name` is needed when `change_set` is a name rather than an ARN.
  Result<cloudformation::ChangeSet> DescribeChangeSetPage(std::string_view change_set,
                                                          std::string_view stack_name,
                                                          std::string_view next_token = {}) const;
  /// The whole description: every page, with their changes concatenated in
  /// order; `next_token` of the result is empty. Test an empty change set
  /// with IsEmptyChangeSet(result.status, result.status_reason).
  Result<cloudformation::ChangeSet> DescribeChangeSet(std::string_view change_set,
                                                      std::string_view stack_name) const;
  /// Starts executing a change set (ExecutionStatus must be AVAILABLE, else
  /// AWS's InvalidChangeSetStatus).
  Status ExecuteChangeSet(std::string_view change_set, std::string_view stack_name,
                          std::string_view client_request_token = {}) const;
  Status DeleteChangeSet(std::string_view change_set, std::string_view stack_name) const;
  /// One page of a stack's change sets.
  Result<cloudformation::Page<cloudformation::ChangeSetSummary>> ListChangeSets(
      std::string_view stack_name_or_id, std::string_view next_token = {}) const;

 private:
  std::shared_ptr<const AwsClient> client_;
};

}  // namespace sparta::aws
