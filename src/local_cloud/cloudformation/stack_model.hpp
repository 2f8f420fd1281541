#pragma once
// The persistent model of one stack of the local CloudFormation: what is
// written to the StateStore after every step, and read back by Open().
// Plain values; the engine (stack_engine.hpp) guards them with its mutex.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::cfn {

using TagList = std::vector<std::pair<std::string, std::string>>;
/// Parameter values as given (after UsePreviousValue), by key.
using ParameterValues = std::map<std::string, std::string>;

struct ResourceRecord {
  std::string logical_id;
  std::string type;
  std::string physical_id;  // empty while not created
  std::string status;       // CREATE_COMPLETE, UPDATE_COMPLETE, ...
  std::string status_reason;
  std::string timestamp;       // of the last status change
  json::object properties;     // the last applied, evaluated properties
  json::object attributes;     // what Fn::GetAtt answers
  json::value metadata;        // the evaluated Metadata attribute; null when none
  std::string deletion_policy;         // "Delete" (default), "Retain", "Snapshot"
  std::string update_replace_policy;   // same values
  bool simulated = false;
  /// A custom resource answered NoEcho: outputs show its attributes masked.
  bool no_echo = false;
  std::int64_t seq = 0;
  /// The name planned for the physical resource being created (a new one,
  /// or a replacement); cleared once the result is committed.
  std::string planned_name;  // creation sequence: deletion goes by descending seq
  /// The evaluated properties of that planned resource, kept with its name:
  /// deleting it after a crash needs them (a custom resource's Delete is
  /// sent to its ServiceToken, with them).
  json::object planned_properties;
};

struct OutputRecord {
  std::string key;
  std::string value;
  std::string description;
  std::string export_name;  // empty when not exported
};

struct EventRecord {
  std::string event_id;
  std::string logical_id;
  std::string physical_id;
  std::string type;
  std::string timestamp;
  std::string status;
  std::string reason;
  std::string client_request_token;
};

struct ChangeSetRecord {
  std::string id;
  std::string name;
  std::string type;  // "CREATE" | "UPDATE"
  std::string status;            // CREATE_PENDING, CREATE_COMPLETE, FAILED, ...
  std::string execution_status;  // UNAVAILABLE, AVAILABLE, EXECUTE_*, OBSOLETE
  std::string status_reason;
  std::string creation_time;
  std::string description;
  std::string template_body;
  ParameterValues parameters;
  std::vector<std::string> capabilities;
  TagList tags;
  json::array changes;  // each {Type, ResourceChange:{...}} as rendered
};

/// What an update replaces, kept so a failed update can be rolled back.
struct StackSnapshot {
  std::string template_body;
  std::string description;
  ParameterValues parameters;
  std::vector<std::string> capabilities;
  TagList tags;
  std::vector<OutputRecord> outputs;
  std::map<std::string, ResourceRecord> resources;
};

struct StackRecord {
  std::string stack_id;
  std::string stack_name;
  std::string description;
  std::string status;
  std::string status_reason;
  std::string creation_time;
  std::string last_updated_time;
  std::string deletion_time;
  std::string template_body;
  ParameterValues parameters;
  std::vector<std::string> capabilities;
  TagList tags;
  bool disable_rollback = false;
  std::string on_failure = "ROLLBACK";  // ROLLBACK | DELETE | DO_NOTHING
  std::string change_set_id;            // the change set last executed
  std::string executing_change_set;     // the change set being executed, if any
  std::string client_request_token;
  std::vector<OutputRecord> outputs;
  std::map<std::string, ResourceRecord> resources;
  std::vector<EventRecord> events;  // oldest first, at most kMaxEvents
  std::vector<ChangeSetRecord> change_sets;
  std::int64_t next_seq = 1;
  /// During an update: the stack as it was, for rollback.
  std::optional<StackSnapshot> previous;
  /// Old physical resources (replaced or removed) the cleanup phase deletes.
  std::vector<ResourceRecord> cleanup;
};

inline constexpr std::size_t kMaxEvents = 1000;

json::value ToJson(const StackRecord& stack);
/// Error "Corrupt" when the document is not a stack.
Result<StackRecord> StackFromJson(const json::value& document);

}  // namespace sparta::local_cloud::cfn
