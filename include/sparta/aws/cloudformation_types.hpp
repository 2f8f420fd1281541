#pragma once
// The values CloudFormation's API exchanges (shapes of botocore's
// cloudformation 2010-05-15 model, reduced to what deploying needs).
// Timestamps are kept as AWS sends them (ISO-8601 text, e.g.
// "2024-01-01T12:00:00.123Z"); an absent field is an empty string.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sparta::aws::cloudformation {

/// A stack or change-set parameter. On input, `use_previous_value` keeps the
/// stack's current value (and `value` must then be empty).
struct Parameter {
  std::string key;
  std::string value;
  bool use_previous_value = false;
  std::string resolved_value;  // output only: an SSM parameter's resolved value
};

struct Tag {
  std::string key;
  std::string value;
};

struct Output {
  std::string key;
  std::string value;
  std::string description;
  std::string export_name;  // empty when the output is not exported
};

struct Stack {
  std::string stack_id;  // the stack's ARN
  std::string stack_name;
  std::string change_set_id;
  std::string description;
  std::string creation_time;
  std::string last_updated_time;
  std::string deletion_time;
  std::string stack_status;  // e.g. "CREATE_COMPLETE"; see stack_status.hpp
  std::string stack_status_reason;
  std::vector<Parameter> parameters;
  std::vector<std::string> capabilities;
  std::vector<Output> outputs;
  std::vector<Tag> tags;
  std::string role_arn;
  std::optional<bool> disable_rollback;
  std::optional<int64_t> timeout_in_minutes;
  std::optional<bool> enable_termination_protection;
  std::string parent_id;
  std::string root_id;
};

struct StackEvent {
  std::string stack_id;
  std::string event_id;
  std::string stack_name;
  std::string logical_resource_id;
  std::string physical_resource_id;
  std::string resource_type;  // "AWS::CloudFormation::Stack" for the stack's own events
  std::string timestamp;
  std::string resource_status;
  std::string resource_status_reason;
  std::string resource_properties;  // a JSON document as text
  std::string client_request_token;
};

/// DescribeStackResources' element.
struct StackResource {
  std::string stack_name;
  std::string stack_id;
  std::string logical_resource_id;
  std::string physical_resource_id;
  std::string resource_type;
  std::string timestamp;
  std::string resource_status;
  std::string resource_status_reason;
  std::string description;
};

/// DescribeStackResource's answer.
struct StackResourceDetail {
  std::string stack_name;
  std::string stack_id;
  std::string logical_resource_id;
  std::string physical_resource_id;
  std::string resource_type;
  std::string last_updated_timestamp;
  std::string resource_status;
  std::string resource_status_reason;
  std::string description;
  /// The resource's Metadata attribute with its intrinsics resolved, as a
  /// JSON document in text; empty when the resource has none.
  std::string metadata;
};

/// ListStackResources' element.
struct StackResourceSummary {
  std::string logical_resource_id;
  std::string physical_resource_id;
  std::string resource_type;
  std::string last_updated_timestamp;
  std::string resource_status;
  std::string resource_status_reason;
};

/// One reason a resource changes (ResourceChangeDetail with its Target).
struct ResourceChangeDetail {
  std::string target_attribute;     // "Properties", "Metadata", "Tags", ...
  std::string target_name;          // the property's name, for "Properties"
  std::string requires_recreation;  // "Never" | "Conditionally" | "Always"
  std::string evaluation;           // "Static" | "Dynamic"
  std::string change_source;        // "DirectModification", "ParameterReference", ...
  std::string causing_entity;
};

struct ResourceChange {
  std::string action;  // "Add" | "Modify" | "Remove" | "Import" | "Dynamic"
  std::string logical_resource_id;
  std::string physical_resource_id;
  std::string resource_type;
  std::string replacement;         // "True" | "False" | "Conditional" (Modify only)
  std::vector<std::string> scope;  // "Properties", "Metadata", ...
  std::vector<ResourceChangeDetail> details;
};

struct Change {
  std::string type;  // "Resource"
  ResourceChange resource_change;
};

/// DescribeChangeSet's result.
struct ChangeSet {
  std::string change_set_name;
  std::string change_set_id;  // the change set's ARN
  std::string stack_id;
  std::string stack_name;
  std::string description;
  std::string creation_time;
  std::string execution_status;  // "AVAILABLE", "UNAVAILABLE", "EXECUTE_COMPLETE", ...
  std::string status;            // "CREATE_PENDING", "CREATE_COMPLETE", "FAILED", ...
  std::string status_reason;
  std::vector<Parameter> parameters;
  std::vector<std::string> capabilities;
  std::vector<Tag> tags;
  std::vector<Change> changes;
  std::string next_token;  // empty on the last page
};

/// ListChangeSets' element.
struct ChangeSetSummary {
  std::string stack_id;
  std::string stack_name;
  std::string change_set_id;
  std::string change_set_name;
  std::string execution_status;
  std::string status;
  std::string status_reason;
  std::string creation_time;
  std::string description;
};

/// ValidateTemplate's parameter declaration.
struct TemplateParameter {
  std::string key;
  std::string default_value;
  bool no_echo = false;
  std::string description;
};

struct ValidateTemplateResult {
  std::vector<TemplateParameter> parameters;
  std::string description;
  std::vector<std::string> capabilities;  // the capabilities the template needs
  std::string capabilities_reason;
  std::vector<std::string> declared_transforms;
};

struct GetTemplateResult {
  std::string template_body;                  // JSON or YAML text, as stored
  std::vector<std::string> stages_available;  // "Original", "Processed"
};

/// One page of a paged listing; `next_token` is empty on the last page.
template <class T>
struct Page {
  std::vector<T> items;
  std::string next_token;
};

}  // namespace sparta::aws::cloudformation
