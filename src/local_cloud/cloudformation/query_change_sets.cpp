// Change sets: create (computing the changes at once), describe, execute,
// delete, list.

#include <algorithm>
#include <set>

#include "local_cloud/cloudformation/query_util.hpp"
#include "local_cloud/cloudformation/stack_engine.hpp"

namespace sparta::local_cloud::cfn {
namespace {

Error Validation(std::string message) { return MakeError("ValidationError", std::move(message)); }

Error ChangeSetNotFound(std::string_view name) {
  return MakeError("ChangeSetNotFound", "ChangeSet [" + std::string(name) + "] does not exist");
}

bool CanUpdate(std::string_view status) {
  return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" ||
         status == "UPDATE_ROLLBACK_COMPLETE" || status == "UPDATE_FAILED" ||
         status == "IMPORT_COMPLETE" || status == "IMPORT_ROLLBACK_COMPLETE";
}

std::string StringField(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

/// Renders a JSON value made of objects/arrays/strings as XML elements;
/// arrays become <member> lists.
void AppendJsonXml(std::string& xml, std::string_view name, const json::value& value) {
  xml += '<';
  xml += name;
  xml += '>';
  if (value.is_object()) {
    for (const auto& [key, child] : value.get_object()) AppendJsonXml(xml, key, child);
  } else if (value.is_array()) {
    for (const json::value& child : value.get_array()) AppendJsonXml(xml, "member", child);
  } else if (value.is_string()) {
    xml += XmlEscape(value.get_string());
  } else if (value.is_bool()) {
    xml += value.get_bool() ? "true" : "false";
  }
  xml += "</";
  xml += name;
  xml += '>';
}

void AppendSummary(std::string& xml, const StackRecord& stack, const ChangeSetRecord& cs) {
  AppendElement(xml, "StackId", stack.stack_id, true);
  AppendElement(xml, "StackName", stack.stack_name, true);
  AppendElement(xml, "ChangeSetId", cs.id, true);
  AppendElement(xml, "ChangeSetName", cs.name, true);
  AppendElement(xml, "ExecutionStatus", cs.execution_status, true);
  AppendElement(xml, "Status", cs.status, true);
  AppendElement(xml, "StatusReason", cs.status_reason);
  AppendElement(xml, "CreationTime", cs.creation_time, true);
  AppendElement(xml, "Description", cs.description);
}

}  // namespace

std::pair<StackRecord*, ChangeSetRecord*> StackEngine::FindChangeSet(std::string_view name_or_id,
                                                                     std::string_view stack_name) {
  if (name_or_id.starts_with("arn:")) {
    for (auto& [id, stack] : stacks_) {
      for (ChangeSetRecord& cs : stack->change_sets) {
        if (cs.id == name_or_id) return {stack.get(), &cs};
      }
    }
    return {nullptr, nullptr};
  }
  StackRecord* stack = FindStack(stack_name);
  if (stack == nullptr) return {nullptr, nullptr};
  for (ChangeSetRecord& cs : stack->change_sets) {
    if (cs.name == name_or_id) return {stack, &cs};
  }
  return {stack, nullptr};
}

json::array StackEngine::ComputeChanges(const StackRecord& stack,
                                        const PreparedTemplate& prepared) const {
  // Resources being added or replaced have no physical ID yet: what refers
  // to them changes too.
  std::set<std::string> changing;
  local::EvalScope scope = MakeScope(prepared, stack);
  scope.ref_resource = [&](std::string_view id) -> Result<std::string> {
    auto it = stack.resources.find(std::string(id));
    if (changing.contains(std::string(id)) || it == stack.resources.end() ||
        it->second.physical_id.empty()) {
      return "{{sparta-local:pending:" + std::string(id) + "}}";
    }
    return it->second.physical_id;
  };
  const auto base_get_att = scope.get_att;
  scope.get_att = [&, base_get_att](std::string_view id,
                                    std::string_view attribute) -> Result<json::value> {
    auto it = stack.resources.find(std::string(id));
    if (changing.contains(std::string(id)) || it == stack.resources.end() ||
        it->second.physical_id.empty()) {
      return json::value("{{sparta-local:pending:" + std::string(id) + "." +
                         std::string(attribute) + "}}");
    }
    return base_get_att(id, attribute);
  };
  json::array changes;
  const json::object& resources = prepared.tmpl.get_object().at("Resources").get_object();
  for (const std::string& id : prepared.order) {
    const json::value* def_value = resources.if_contains(id);
    if (def_value == nullptr || !def_value->is_object()) continue;
    const json::object& def = def_value->get_object();
    const std::string type = StringField(def, "Type");
    json::object change;
    change["LogicalResourceId"] = id;
    auto existing = stack.resources.find(id);
    if (existing == stack.resources.end() || existing->second.physical_id.empty()) {
      change["Action"] = "Add";
      change["ResourceType"] = type;
      change["Scope"] = json::array();
      change["Details"] = json::array();
      changing.insert(id);
      changes.push_back(json::object{{"Type", "Resource"}, {"ResourceChange", std::move(change)}});
      continue;
    }
    const ResourceRecord& record = existing->second;
    json::object properties;
    bool dynamic = false;
    if (const json::value* given = def.if_contains("Properties")) {
      auto evaluated = local::EvaluateValue(*given, scope);
      if (!evaluated) {
        dynamic = true;
      } else if (evaluated->is_object()) {
        properties = std::move(evaluated->get_object());
      }
    }
    if (!dynamic && record.type == type && properties == record.properties) continue;
    const bool replace = record.type != type ||
                         (!dynamic && options_.provider->RequiresReplacement(
                                          type, record.properties, properties));
    if (replace) changing.insert(id);
    json::array details;
    std::set<std::string> keys;
    for (const auto& [key, value] : properties) keys.insert(std::string(key));
    for (const auto& [key, value] : record.properties) keys.insert(std::string(key));
    for (const std::string& key : keys) {
      const json::value* before = record.properties.if_contains(key);
      const json::value* after = properties.if_contains(key);
      if (before != nullptr && after != nullptr && *before == *after) continue;
      json::object single_before;
      json::object single_after;
      if (before != nullptr) single_before[key] = *before;
      if (after != nullptr) single_after[key] = *after;
      const bool recreate = options_.provider->RequiresReplacement(type, single_before,
                                                                   single_after);
      details.push_back(json::object{
          {"Target", json::object{{"Attribute", "Properties"},
                                  {"Name", key},
                                  {"RequiresRecreation", recreate ? "Always" : "Never"}}},
          {"Evaluation", "Static"},
          {"ChangeSource", "DirectModification"}});
    }
    change["Action"] = "Modify";
    change["PhysicalResourceId"] = record.physical_id;
    change["ResourceType"] = type;
    change["Replacement"] = replace ? "True" : (dynamic ? "Conditional" : "False");
    change["Scope"] = json::array{"Properties"};
    change["Details"] = std::move(details);
    changes.push_back(json::object{{"Type", "Resource"}, {"ResourceChange", std::move(change)}});
  }
  const std::set<std::string> kept(prepared.order.begin(), prepared.order.end());
  for (const auto& [id, record] : stack.resources) {
    if (kept.contains(id) || record.physical_id.empty()) continue;
    json::object change{{"Action", "Remove"},
                        {"LogicalResourceId", id},
                        {"PhysicalResourceId", record.physical_id},
                        {"ResourceType", record.type},
                        {"Scope", json::array()},
                        {"Details", json::array()}};
    changes.push_back(json::object{{"Type", "Resource"}, {"ResourceChange", std::move(change)}});
  }
  return changes;
}

CloudResponse StackEngine::CreateChangeSet(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "ChangeSetName");
  const std::string stack_name = Field(form, "StackName");
  std::string type = Field(form, "ChangeSetType");
  if (type.empty()) type = "UPDATE";
  if (!IsValidStackName(name)) {
    return ErrorResponse(
        Validation("1 validation error detected: Value '" + name +
                   "' at 'changeSetName' failed to satisfy constraint: Member must satisfy "
                   "regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*"),
        request);
  }
  if (type != "CREATE" && type != "UPDATE") {
    return ErrorResponse(Validation("ChangeSetType must be CREATE or UPDATE (sparta-local does "
                                    "not import resources)"),
                         request);
  }
  std::lock_guard lock(mu_);
  StackRecord* stack = FindStack(stack_name);
  if (type == "CREATE") {
    if (!IsValidStackName(stack_name)) {
      return ErrorResponse(
          Validation("1 validation error detected: Value '" + stack_name +
                     "' at 'stackName' failed to satisfy constraint: Member must satisfy regular "
                     "expression pattern: [a-zA-Z][-a-zA-Z0-9]*"),
          request);
    }
    if (stack != nullptr && stack->status != "REVIEW_IN_PROGRESS") {
      return ErrorResponse(
          MakeError("AlreadyExistsException", "Stack [" + stack_name + "] already exists"),
          request);
    }
  } else {
    if (stack == nullptr) {
      return ErrorResponse(Validation("Stack [" + stack_name + "] does not exist"), request);
    }
    if (!CanUpdate(stack->status)) {
      return ErrorResponse(Validation("Stack:" + stack->stack_id + " is in " + stack->status +
                                      " state and can not be updated."),
                           request);
    }
  }
  if (stack != nullptr) {
    for (const ChangeSetRecord& cs : stack->change_sets) {
      if (cs.name == name) {
        return ErrorResponse(
            MakeError("AlreadyExistsException", "ChangeSet " + name + " already exists"),
            request);
      }
    }
  }
  auto inputs = ReadInputs(form, type == "UPDATE" ? stack : nullptr);
  if (!inputs) return ErrorResponse(inputs.error(), request);
  const std::string region = RegionOf(request);
  const std::string stack_id =
      stack != nullptr ? stack->stack_id
                       : "arn:aws:cloudformation:" + region + ":" + options_.context.account_id +
                             ":stack/" + stack_name + "/" + NewUuid();
  auto prepared = CheckNewTemplate(inputs->body, inputs->parameters, inputs->capabilities,
                                   stack_name, stack_id);
  if (!prepared) return ErrorResponse(prepared.error(), request);
  if (stack == nullptr) {
    auto created = std::make_unique<StackRecord>();
    created->stack_id = stack_id;
    created->stack_name = stack_name;
    created->creation_time = Now();
    created->description = prepared->description;
    stack = (stacks_[stack_id] = std::move(created)).get();
    SetStackStatus(*stack, "REVIEW_IN_PROGRESS", "User Initiated");
  }
  ChangeSetRecord cs;
  cs.id = "arn:aws:cloudformation:" + region + ":" + options_.context.account_id + ":changeSet/" +
          name + "/" + NewUuid();
  cs.name = name;
  cs.type = type;
  cs.creation_time = Now();
  cs.description = Field(form, "Description");
  if (type == "UPDATE" && SameInputs(*stack, *inputs)) {
    cs.status = "FAILED";
    cs.execution_status = "UNAVAILABLE";
    cs.status_reason = std::string(kNoChangesReason);
  } else {
    cs.status = "CREATE_COMPLETE";
    cs.execution_status = "AVAILABLE";
    cs.changes = ComputeChanges(*stack, *prepared);
  }
  cs.template_body = std::move(inputs->body);
  cs.parameters = std::move(inputs->parameters);
  cs.capabilities = std::move(inputs->capabilities);
  cs.tags = std::move(inputs->tags);
  const std::string id = cs.id;
  stack->change_sets.push_back(std::move(cs));
  Commit(*stack);
  std::string xml;
  AppendElement(xml, "Id", id, true);
  AppendElement(xml, "StackId", stack->stack_id, true);
  return QueryResult("CreateChangeSet", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::DescribeChangeSet(const FormFields& form,
                                             const CloudRequest& request) {
  const std::string name = Field(form, "ChangeSetName");
  std::lock_guard lock(mu_);
  auto [stack, cs] = FindChangeSet(name, Field(form, "StackName"));
  if (cs == nullptr) return ErrorResponse(ChangeSetNotFound(name), request);
  std::string xml;
  AppendElement(xml, "ChangeSetName", cs->name, true);
  AppendElement(xml, "ChangeSetId", cs->id, true);
  AppendElement(xml, "StackId", stack->stack_id, true);
  AppendElement(xml, "StackName", stack->stack_name, true);
  AppendElement(xml, "Description", cs->description);
  xml += "<Parameters>";
  for (const auto& [key, value] : ShownParameters(cs->template_body, cs->parameters)) {
    xml += "<member>";
    AppendElement(xml, "ParameterKey", key, true);
    AppendElement(xml, "ParameterValue", value, true);
    xml += "</member>";
  }
  xml += "</Parameters>";
  AppendElement(xml, "CreationTime", cs->creation_time, true);
  AppendElement(xml, "ExecutionStatus", cs->execution_status, true);
  AppendElement(xml, "Status", cs->status, true);
  AppendElement(xml, "StatusReason", cs->status_reason);
  xml += "<NotificationARNs/><RollbackConfiguration/>";
  xml += "<Capabilities>";
  for (const auto& c : cs->capabilities) AppendElement(xml, "member", c, true);
  xml += "</Capabilities><Tags>";
  for (const auto& [key, value] : cs->tags) {
    xml += "<member>";
    AppendElement(xml, "Key", key, true);
    AppendElement(xml, "Value", value, true);
    xml += "</member>";
  }
  xml += "</Tags>";
  AppendJsonXml(xml, "Changes", cs->changes);
  xml += "<IncludeNestedStacks>false</IncludeNestedStacks>";
  return QueryResult("DescribeChangeSet", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::ExecuteChangeSet(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "ChangeSetName");
  std::lock_guard lock(mu_);
  auto [stack, cs] = FindChangeSet(name, Field(form, "StackName"));
  if (cs == nullptr) return ErrorResponse(ChangeSetNotFound(name), request);
  if (cs->execution_status != "AVAILABLE") {
    return ErrorResponse(MakeError("InvalidChangeSetStatus",
                                   "ChangeSet [" + cs->id +
                                       "] cannot be executed in its current execution status of [" +
                                       cs->execution_status + "]"),
                         request);
  }
  const bool creating = stack->status == "REVIEW_IN_PROGRESS";
  if (!creating && !CanUpdate(stack->status)) {
    return ErrorResponse(Validation("Stack:" + stack->stack_id + " is in " + stack->status +
                                    " state and can not be updated."),
                         request);
  }
  auto prepared = CheckNewTemplate(cs->template_body, cs->parameters, cs->capabilities,
                                   stack->stack_name, stack->stack_id);
  if (!prepared) return ErrorResponse(prepared.error(), request);
  cs->execution_status = "EXECUTE_IN_PROGRESS";
  const std::string executed = cs->id;
  stack->executing_change_set = executed;
  stack->client_request_token = Field(form, "ClientRequestToken");
  if (const auto rollback = BoolField(form, "DisableRollback")) {
    stack->disable_rollback = *rollback;
    if (*rollback) stack->on_failure = "DO_NOTHING";
  }
  NewStackInputs inputs{cs->template_body, cs->parameters, cs->capabilities, cs->tags};
  // Executing a change set makes the stack's other change sets obsolete:
  // CloudFormation deletes them.
  std::erase_if(stack->change_sets,
                [&](const ChangeSetRecord& other) { return other.id != executed; });
  if (creating) {
    stack->template_body = std::move(inputs.body);
    stack->parameters = std::move(inputs.parameters);
    stack->capabilities = std::move(inputs.capabilities);
    stack->tags = std::move(inputs.tags);
    stack->description = prepared->description;
    SetStackStatus(*stack, "CREATE_IN_PROGRESS", "User Initiated");
    StartOperation(stack->stack_id);
  } else {
    BeginUpdate(*stack, std::move(inputs), prepared->description);
  }
  return QueryResult("ExecuteChangeSet", kCloudFormationXmlns, "", request.request_id);
}

CloudResponse StackEngine::DeleteChangeSet(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "ChangeSetName");
  std::lock_guard lock(mu_);
  auto [stack, cs] = FindChangeSet(name, Field(form, "StackName"));
  if (cs == nullptr) return ErrorResponse(ChangeSetNotFound(name), request);
  if (cs->execution_status == "EXECUTE_IN_PROGRESS") {
    return ErrorResponse(MakeError("InvalidChangeSetStatus",
                                   "ChangeSet [" + cs->id +
                                       "] cannot be deleted in its current execution status of [" +
                                       cs->execution_status + "]"),
                         request);
  }
  const std::string id = cs->id;
  std::erase_if(stack->change_sets, [&](const ChangeSetRecord& c) { return c.id == id; });
  Commit(*stack);
  return QueryResult("DeleteChangeSet", kCloudFormationXmlns, "", request.request_id);
}

CloudResponse StackEngine::ListChangeSets(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  std::lock_guard lock(mu_);
  StackRecord* stack = FindStack(name);
  if (stack == nullptr) {
    return ErrorResponse(Validation("Stack with id " + name + " does not exist"), request);
  }
  const PageRange page = Page(stack->change_sets.size(), Field(form, "NextToken"), 100);
  std::string xml = "<Summaries>";
  for (std::size_t i = page.begin; i < page.end; ++i) {
    xml += "<member>";
    AppendSummary(xml, *stack, stack->change_sets[i]);
    xml += "</member>";
  }
  xml += "</Summaries>";
  AppendElement(xml, "NextToken", page.next_token);
  return QueryResult("ListChangeSets", kCloudFormationXmlns, xml, request.request_id);
}

}  // namespace sparta::local_cloud::cfn
