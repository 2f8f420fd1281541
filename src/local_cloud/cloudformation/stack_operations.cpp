// The phases of stack operations, each a walk over resources that commits
// every step: create, rollback, update, update rollback, cleanup, delete.
// A phase ends by setting the stack's next status (which selects the next
// phase) and returns true, or returns false when shutdown stopped it.

#include <algorithm>
#include <set>

#include "local_cloud/cloudformation/stack_engine.hpp"

namespace sparta::local_cloud::cfn {
namespace {

constexpr std::string_view kReplacementReason =
    "Requested update requires the creation of a new physical resource; hence creating one.";

// A resource's Properties and Metadata with their intrinsics resolved:
// CloudFormation resolves both, and DescribeStackResource answers the
// Metadata. The error is the reason its status shows.
struct EvaluatedMembers {
  json::object properties;
  json::value metadata;  // null when the resource has none
};

Result<EvaluatedMembers> EvaluateMembers(const json::object& def, const std::string& logical_id,
                                         const local::EvalScope& scope) {
  EvaluatedMembers out;
  if (const json::value* given = def.if_contains("Properties")) {
    auto evaluated = local::EvaluateValue(*given, scope);
    if (!evaluated) return evaluated.error();
    if (evaluated->is_object()) {
      out.properties = std::move(evaluated->get_object());
    } else if (!evaluated->is_null()) {
      return MakeError("ValidationError", "Template format error: the Properties of " + logical_id +
                                              " must be an object");
    }
  }
  if (const json::value* given = def.if_contains("Metadata")) {
    auto evaluated = local::EvaluateValue(*given, scope);
    if (!evaluated) return evaluated.error();
    out.metadata = std::move(*evaluated);
  }
  return out;
}

const json::object& ResourceDefinition(const PreparedTemplate& prepared, const std::string& id) {
  static const json::object kEmpty;
  const json::value& resources = prepared.tmpl.get_object().at("Resources");
  const json::value* def = resources.get_object().if_contains(id);
  return def != nullptr && def->is_object() ? def->get_object() : kEmpty;
}

std::string StringField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

std::string SimulatedReason(const std::string& type) {
  std::string reason = "Simulated by sparta-local: ";
  reason += type;
  reason += " is recorded, not created";
  return reason;
}

/// The reason of a resource's *_COMPLETE event: empty when sparta-local
/// made all of it, else what it only recorded.
std::string CompleteReason(const ResourceProvider& provider, const ResourceRecord& record) {
  if (record.simulated) return SimulatedReason(record.type);
  const std::vector<std::string> unapplied =
      provider.UnappliedProperties(record.type, record.properties);
  if (unapplied.empty()) return {};
  std::string reason = "Simulated by sparta-local: ";
  for (std::size_t i = 0; i < unapplied.size(); ++i) {
    if (i > 0) reason += i + 1 == unapplied.size() ? " and " : ", ";
    reason += unapplied[i];
  }
  reason += unapplied.size() == 1 ? " is" : " are";
  reason += " recorded, not applied";
  return reason;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

/// Logical IDs by descending creation sequence: the order to delete in.
std::vector<std::string> ByDescendingSeq(const std::map<std::string, ResourceRecord>& resources) {
  std::vector<const ResourceRecord*> records;
  for (const auto& [id, r] : resources) records.push_back(&r);
  std::sort(records.begin(), records.end(),
            [](const ResourceRecord* a, const ResourceRecord* b) { return a->seq > b->seq; });
  std::vector<std::string> ids;
  for (const ResourceRecord* r : records) ids.push_back(r->logical_id);
  return ids;
}

std::string OutputText(const json::value& value) {
  if (value.is_string()) return std::string(value.get_string());
  if (value.is_array()) {
    std::string out;
    for (const json::value& item : value.get_array()) {
      if (!out.empty()) out += ',';
      out += OutputText(item);
    }
    return out;
  }
  if (value.is_null()) return {};
  return jsonutil::Compact(value);
}

}  // namespace

bool StackEngine::CreateResource(StackRecord& stack, const PreparedTemplate& prepared,
                                 const std::string& logical_id, bool replacing,
                                 std::string& reason) {
  const json::object& def = ResourceDefinition(prepared, logical_id);
  const std::string type = StringField(def, "Type");
  ResourceRecord* record = nullptr;
  {
    std::lock_guard lock(mu_);
    if (replacing) {
      record = &stack.resources.at(logical_id);
      SetResourceStatus(stack, *record, "UPDATE_IN_PROGRESS", std::string(kReplacementReason));
    } else {
      ResourceRecord fresh;
      fresh.logical_id = logical_id;
      fresh.type = type;
      fresh.seq = stack.next_seq++;
      record = &(stack.resources[logical_id] = std::move(fresh));
      SetResourceStatus(stack, *record, "CREATE_IN_PROGRESS", "");
    }
  }
  const std::string failed = replacing ? "UPDATE_FAILED" : "CREATE_FAILED";
  auto members = EvaluateMembers(def, logical_id, MakeScope(prepared, stack));
  if (!members.ok()) {
    reason = members.error().message;
    std::lock_guard lock(mu_);
    SetResourceStatus(stack, *record, failed, reason);
    return false;
  }
  json::object& properties = members->properties;
  json::value& metadata = members->metadata;
  ResourceSpec spec{stack.stack_name,    stack.stack_id,          logical_id, type,
                    prepared.ctx.region, prepared.ctx.account_id, properties, ""};
  spec.name = PlanName(spec);
  {
    // Committed before the resource exists: after a crash, Open() can still
    // find (and delete) what the provider created.
    std::lock_guard lock(mu_);
    record->planned_name = spec.name;
    record->planned_properties = properties;
    Commit(stack);
  }
  auto created = options_.provider->Create(spec);
  const std::string failed_id =
      created ? std::string() : options_.provider->FailedCreatePhysicalId(spec);
  std::lock_guard lock(mu_);
  record->planned_name.clear();
  record->planned_properties.clear();
  if (!created) {
    if (!replacing && !failed_id.empty()) {
      // Deleted by the rollback, as CloudFormation deletes it.
      record->physical_id = failed_id;
      record->properties = properties;
    }
    reason = created.error().message;
    SetResourceStatus(stack, *record, failed, reason);
    return false;
  }
  if (replacing) {
    ResourceRecord old = *record;
    old.deletion_policy = old.update_replace_policy;
    old.planned_name.clear();
    old.planned_properties.clear();
    stack.cleanup.push_back(std::move(old));
    record->seq = stack.next_seq++;
    record->type = type;
  }
  record->physical_id = created->physical_id;
  record->attributes = std::move(created->attributes);
  record->no_echo = created->no_echo;
  record->properties = std::move(properties);
  record->metadata = std::move(metadata);
  record->simulated = options_.provider->IsSimulated(type);
  record->deletion_policy = StringField(def, "DeletionPolicy");
  record->update_replace_policy = StringField(def, "UpdateReplacePolicy");
  const std::string step = replacing ? "UPDATE" : "CREATE";
  SetResourceStatus(stack, *record, step + "_IN_PROGRESS", "Resource creation Initiated");
  SetResourceStatus(stack, *record, step + "_COMPLETE",
                    CompleteReason(*options_.provider, *record));
  return true;
}

bool StackEngine::DeleteResource(StackRecord& stack, ResourceRecord& resource,
                                 std::string& reason) {
  {
    std::lock_guard lock(mu_);
    if (resource.deletion_policy == "Retain") {
      SetResourceStatus(stack, resource, "DELETE_SKIPPED", "");
      return true;
    }
    if (resource.physical_id.empty()) {
      SetResourceStatus(stack, resource, "DELETE_COMPLETE", "");
      return true;
    }
    SetResourceStatus(stack, resource, "DELETE_IN_PROGRESS", "");
  }
  ResourceSpec spec{stack.stack_name,
                    stack.stack_id,
                    resource.logical_id,
                    resource.type,
                    RegionOfArn(stack.stack_id),
                    options_.context.account_id,
                    resource.properties,
                    ""};
  const Status deleted = options_.provider->Delete(
      spec, ProvisionedResource{resource.physical_id, resource.attributes, resource.no_echo});
  std::lock_guard lock(mu_);
  if (!deleted) {
    reason = deleted.error().message;
    SetResourceStatus(stack, resource, "DELETE_FAILED", reason);
    return false;
  }
  SetResourceStatus(stack, resource, "DELETE_COMPLETE", "");
  return true;
}

std::vector<std::string> StackEngine::DeleteOrder(const StackRecord& stack) const {
  std::vector<std::string> ids;
  std::set<std::string> listed;
  auto prepared = Prepare(stack.template_body, stack.parameters, stack.stack_name, stack.stack_id);
  if (prepared) {
    for (auto it = prepared->order.rbegin(); it != prepared->order.rend(); ++it) {
      if (stack.resources.contains(*it) && listed.insert(*it).second) ids.push_back(*it);
    }
  }
  for (const std::string& id : ByDescendingSeq(stack.resources)) {
    if (listed.insert(id).second) ids.push_back(id);
  }
  return ids;
}

Status StackEngine::EvaluateAndStoreOutputs(StackRecord& stack, const PreparedTemplate& prepared) {
  local::EvalScope scope = MakeScope(prepared, stack);
  // A custom resource that answered NoEcho shows its attributes masked.
  scope.get_att = [&stack, get_att = std::move(scope.get_att)](
                      std::string_view id, std::string_view attribute) -> Result<json::value> {
    auto value = get_att(id, attribute);
    auto it = stack.resources.find(std::string(id));
    if (value && it != stack.resources.end() && it->second.no_echo) return json::value("*****");
    return value;
  };
  auto evaluated = local::EvaluateOutputs(prepared.tmpl, scope);
  if (!evaluated) return evaluated.error();
  std::vector<OutputRecord> outputs;
  for (const local::EvaluatedOutput& output : *evaluated) {
    outputs.push_back(OutputRecord{output.logical_id, OutputText(output.value), output.description,
                                   output.export_name.value_or("")});
  }
  std::lock_guard lock(mu_);
  for (const OutputRecord& output : outputs) {
    if (output.export_name.empty()) continue;
    std::lock_guard exports_lock(exports_mu_);
    auto it = exports_.find(output.export_name);
    if (it != exports_.end() && it->second.stack_id != stack.stack_id) {
      return MakeError("ValidationError", "Export with name " + output.export_name +
                                              " is already exported by stack " +
                                              it->second.stack_id);
    }
  }
  stack.outputs = std::move(outputs);
  RebuildExports();
  Commit(stack);
  return {};
}

void StackEngine::FinishChangeSet(StackRecord& stack, bool succeeded) {
  if (stack.executing_change_set.empty()) return;
  for (ChangeSetRecord& change_set : stack.change_sets) {
    if (change_set.id == stack.executing_change_set) {
      change_set.execution_status = succeeded ? "EXECUTE_COMPLETE" : "EXECUTE_FAILED";
    }
  }
  stack.change_set_id = stack.executing_change_set;
  stack.executing_change_set.clear();
  Commit(stack);
}

bool StackEngine::RunCreate(StackRecord& stack) {
  std::vector<std::string> failed;
  std::string reason;
  auto prepared = Prepare(stack.template_body, stack.parameters, stack.stack_name, stack.stack_id);
  if (!prepared) {
    reason = prepared.error().message;
  } else {
    for (const std::string& id : prepared->order) {
      if (stopping_) return false;
      auto existing = stack.resources.find(id);
      if (existing != stack.resources.end() && !existing->second.physical_id.empty()) continue;
      std::string why;
      if (!CreateResource(stack, *prepared, id, false, why)) {
        failed.push_back(id);
        break;
      }
    }
    if (failed.empty()) {
      if (stopping_) return false;
      if (auto outputs = EvaluateAndStoreOutputs(stack, *prepared); !outputs) {
        reason = outputs.error().message;
      }
    }
  }
  std::lock_guard lock(mu_);
  if (failed.empty() && reason.empty()) {
    SetStackStatus(stack, "CREATE_COMPLETE", "");
    FinishChangeSet(stack, true);
    return true;
  }
  if (!failed.empty()) {
    reason = "The following resource(s) failed to create: [" + Joined(failed) + "]. ";
  }
  if (stack.on_failure == "DO_NOTHING" || stack.disable_rollback) {
    SetStackStatus(stack, "CREATE_FAILED", reason);
    FinishChangeSet(stack, false);
  } else if (stack.on_failure == "DELETE") {
    SetStackStatus(stack, "DELETE_IN_PROGRESS", reason);
  } else {
    if (!failed.empty()) reason += "Rollback requested by user.";
    SetStackStatus(stack, "ROLLBACK_IN_PROGRESS", reason);
  }
  return true;
}

bool StackEngine::RunRollback(StackRecord& stack) {
  std::vector<std::string> failed;
  for (const std::string& id : DeleteOrder(stack)) {
    if (stopping_) return false;
    ResourceRecord& resource = stack.resources.at(id);
    if (resource.status == "DELETE_COMPLETE" || resource.status == "DELETE_SKIPPED") continue;
    std::string reason;
    if (!DeleteResource(stack, resource, reason)) failed.push_back(id);
  }
  std::lock_guard lock(mu_);
  stack.outputs.clear();
  RebuildExports();
  if (failed.empty()) {
    SetStackStatus(stack, "ROLLBACK_COMPLETE", "");
  } else {
    SetStackStatus(stack, "ROLLBACK_FAILED",
                   "The following resource(s) failed to delete: [" + Joined(failed) + "]. ");
  }
  FinishChangeSet(stack, false);
  return true;
}

bool StackEngine::RunDelete(StackRecord& stack) {
  std::vector<std::string> failed;
  for (const std::string& id : DeleteOrder(stack)) {
    if (stopping_) return false;
    ResourceRecord& resource = stack.resources.at(id);
    if (resource.status == "DELETE_COMPLETE" || resource.status == "DELETE_SKIPPED") continue;
    std::string reason;
    if (!DeleteResource(stack, resource, reason)) failed.push_back(id);
  }
  // Old resources an interrupted update left for cleanup go too.
  while (!stack.cleanup.empty()) {
    if (stopping_) return false;
    std::string reason;
    DeleteResource(stack, stack.cleanup.back(), reason);
    std::lock_guard lock(mu_);
    stack.cleanup.pop_back();
    Commit(stack);
  }
  std::lock_guard lock(mu_);
  if (failed.empty()) {
    stack.outputs.clear();
    stack.previous.reset();
    SetStackStatus(stack, "DELETE_COMPLETE", "");
    RebuildExports();
  } else {
    SetStackStatus(stack, "DELETE_FAILED",
                   "The following resource(s) failed to delete: [" + Joined(failed) + "]. ");
  }
  FinishChangeSet(stack, false);
  return true;
}

bool StackEngine::RunUpdate(StackRecord& stack) {
  std::vector<std::string> failed;
  std::string verb = "update";
  std::string reason;
  auto prepared = Prepare(stack.template_body, stack.parameters, stack.stack_name, stack.stack_id);
  if (!prepared) {
    reason = prepared.error().message;
  } else {
    for (const std::string& id : prepared->order) {
      if (stopping_) return false;
      const json::object& def = ResourceDefinition(*prepared, id);
      const std::string type = StringField(def, "Type");
      auto existing = stack.resources.find(id);
      std::string why;
      if (existing == stack.resources.end() || existing->second.physical_id.empty()) {
        if (existing != stack.resources.end()) {
          std::lock_guard lock(mu_);
          stack.resources.erase(existing);
        }
        if (!CreateResource(stack, *prepared, id, false, why)) {
          failed.push_back(id);
          verb = "create";
          break;
        }
        continue;
      }
      ResourceRecord& record = existing->second;
      auto members = EvaluateMembers(def, id, MakeScope(*prepared, stack));
      if (!members.ok()) {
        std::lock_guard lock(mu_);
        SetResourceStatus(stack, record, "UPDATE_FAILED", members.error().message);
        failed.push_back(id);
        break;
      }
      json::object& properties = members->properties;
      {
        // A change of Metadata alone updates it without touching the
        // resource, as CloudFormation does.
        std::lock_guard lock(mu_);
        record.deletion_policy = StringField(def, "DeletionPolicy");
        record.update_replace_policy = StringField(def, "UpdateReplacePolicy");
        record.metadata = std::move(members->metadata);
      }
      if (record.type == type && properties == record.properties) continue;
      if (record.type != type ||
          options_.provider->RequiresReplacement(type, record.properties, properties)) {
        if (!CreateResource(stack, *prepared, id, true, why)) {
          failed.push_back(id);
          break;
        }
        continue;
      }
      {
        std::lock_guard lock(mu_);
        SetResourceStatus(stack, record, "UPDATE_IN_PROGRESS", "");
      }
      ResourceSpec spec{stack.stack_name,     stack.stack_id,           id,         type,
                        prepared->ctx.region, prepared->ctx.account_id, properties, ""};
      auto updated = options_.provider->Update(
          spec, ProvisionedResource{record.physical_id, record.attributes, record.no_echo},
          record.properties);
      std::lock_guard lock(mu_);
      if (!updated) {
        // The failed update may have changed part of the resource: keeping
        // what was asked makes the rollback update it back (a custom
        // resource gets an Update with the previous properties, as from
        // CloudFormation).
        record.properties = std::move(properties);
        SetResourceStatus(stack, record, "UPDATE_FAILED", updated.error().message);
        failed.push_back(id);
        break;
      }
      if (updated->physical_id != record.physical_id) {
        // The provider answered with a new physical resource (a custom
        // resource's new PhysicalResourceId): the old one is deleted in the
        // cleanup phase.
        ResourceRecord old = record;
        old.deletion_policy = old.update_replace_policy;
        old.planned_name.clear();
        stack.cleanup.push_back(std::move(old));
        record.physical_id = updated->physical_id;
        record.seq = stack.next_seq++;
      }
      record.properties = std::move(properties);
      record.attributes = std::move(updated->attributes);
      record.no_echo = updated->no_echo;
      SetResourceStatus(stack, record, "UPDATE_COMPLETE",
                        CompleteReason(*options_.provider, record));
    }
    if (failed.empty()) {
      if (stopping_) return false;
      if (auto outputs = EvaluateAndStoreOutputs(stack, *prepared); !outputs) {
        reason = outputs.error().message;
      }
    }
  }
  std::lock_guard lock(mu_);
  if (failed.empty() && reason.empty()) {
    // What the new template no longer has is deleted in the cleanup phase.
    std::set<std::string> kept(prepared->order.begin(), prepared->order.end());
    for (const std::string& id : ByDescendingSeq(stack.resources)) {
      if (kept.contains(id)) continue;
      stack.cleanup.insert(stack.cleanup.begin(), std::move(stack.resources.at(id)));
      stack.resources.erase(id);
    }
    SetStackStatus(stack, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "");
    return true;
  }
  if (!failed.empty()) {
    reason = "The following resource(s) failed to " + verb + ": [" + Joined(failed) + "]. ";
  }
  if (stack.disable_rollback) {
    stack.previous.reset();
    SetStackStatus(stack, "UPDATE_FAILED", reason);
    FinishChangeSet(stack, false);
    return true;
  }
  SetStackStatus(stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason);
  return true;
}

bool StackEngine::RunUpdateRollback(StackRecord& stack) {
  if (!stack.previous) {
    std::lock_guard lock(mu_);
    SetStackStatus(stack, "UPDATE_ROLLBACK_COMPLETE", "");
    FinishChangeSet(stack, false);
    return true;
  }
  const StackSnapshot previous = *stack.previous;
  std::vector<const ResourceRecord*> olds;
  for (const auto& [id, r] : previous.resources) olds.push_back(&r);
  std::sort(olds.begin(), olds.end(),
            [](const ResourceRecord* a, const ResourceRecord* b) { return a->seq < b->seq; });
  for (const ResourceRecord* old : olds) {
    if (stopping_) return false;
    auto current = stack.resources.find(old->logical_id);
    if (current != stack.resources.end() && current->second.physical_id == old->physical_id) {
      ResourceRecord& record = current->second;
      if (record.properties == old->properties) continue;
      // Updated in place: update it back.
      {
        std::lock_guard lock(mu_);
        SetResourceStatus(stack, record, "UPDATE_IN_PROGRESS", "");
      }
      ResourceSpec spec{stack.stack_name,
                        stack.stack_id,
                        old->logical_id,
                        old->type,
                        RegionOfArn(stack.stack_id),
                        options_.context.account_id,
                        old->properties,
                        ""};
      auto restored = options_.provider->Update(
          spec, ProvisionedResource{record.physical_id, record.attributes, record.no_echo},
          record.properties);
      std::lock_guard lock(mu_);
      if (!restored) {
        SetResourceStatus(stack, record, "UPDATE_FAILED", restored.error().message);
        continue;
      }
      record = *old;
      SetResourceStatus(stack, record, "UPDATE_COMPLETE", "");
      continue;
    }
    // Replaced (or gone): the old physical resource comes back; the new
    // one is cleaned up.
    std::lock_guard lock(mu_);
    if (current != stack.resources.end()) {
      if (!current->second.physical_id.empty()) {
        ResourceRecord replacement = std::move(current->second);
        replacement.deletion_policy.clear();
        stack.cleanup.push_back(std::move(replacement));
      }
      stack.resources.erase(current);
    }
    ResourceRecord& record = stack.resources[old->logical_id] = *old;
    SetResourceStatus(stack, record, "UPDATE_COMPLETE", "");
  }
  std::lock_guard lock(mu_);
  // Resources the update created go, and the old ones it meant to delete stay.
  for (const std::string& id : ByDescendingSeq(stack.resources)) {
    if (previous.resources.contains(id)) continue;
    ResourceRecord created = std::move(stack.resources.at(id));
    stack.resources.erase(id);
    created.deletion_policy.clear();
    stack.cleanup.push_back(std::move(created));
  }
  std::set<std::string> kept_physical;
  for (const auto& [id, r] : previous.resources) kept_physical.insert(r.physical_id);
  std::erase_if(stack.cleanup,
                [&](const ResourceRecord& r) { return kept_physical.contains(r.physical_id); });
  // Newest first at the back: cleanup deletes from the back.
  std::sort(stack.cleanup.begin(), stack.cleanup.end(),
            [](const ResourceRecord& a, const ResourceRecord& b) { return a.seq < b.seq; });
  stack.template_body = previous.template_body;
  stack.description = previous.description;
  stack.parameters = previous.parameters;
  stack.capabilities = previous.capabilities;
  stack.tags = previous.tags;
  stack.outputs = previous.outputs;
  RebuildExports();
  SetStackStatus(stack, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", "");
  return true;
}

bool StackEngine::RunCleanup(StackRecord& stack, const std::string& final_status) {
  {
    std::lock_guard lock(mu_);
    std::sort(stack.cleanup.begin(), stack.cleanup.end(),
              [](const ResourceRecord& a, const ResourceRecord& b) { return a.seq < b.seq; });
  }
  while (!stack.cleanup.empty()) {
    if (stopping_) return false;
    std::string reason;
    DeleteResource(stack, stack.cleanup.back(), reason);  // a failure is reported, not fatal
    std::lock_guard lock(mu_);
    stack.cleanup.pop_back();
    Commit(stack);
  }
  std::lock_guard lock(mu_);
  stack.previous.reset();
  SetStackStatus(stack, final_status, "");
  FinishChangeSet(stack, final_status == "UPDATE_COMPLETE");
  return true;
}

}  // namespace sparta::local_cloud::cfn
