// The Query API: dispatch, and the stack actions (create, update, delete,
// describe, events, resources, templates, exports).

#include <algorithm>
#include <exception>

#include "local_cloud/cloudformation/query_util.hpp"
#include "local_cloud/cloudformation/stack_engine.hpp"

namespace sparta::local_cloud::cfn {
namespace {

constexpr std::size_t kPageSize = 100;

Error Validation(std::string message) { return MakeError("ValidationError", std::move(message)); }

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool IsInProgress(std::string_view status) { return EndsWith(status, "_IN_PROGRESS"); }

bool CanUpdate(std::string_view status) {
  return status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE" ||
         status == "UPDATE_ROLLBACK_COMPLETE" || status == "UPDATE_FAILED" ||
         status == "IMPORT_COMPLETE" || status == "IMPORT_ROLLBACK_COMPLETE";
}

Error NotUpdatable(const StackRecord& stack) {
  return Validation("Stack:" + stack.stack_id + " is in " + stack.status +
                    " state and can not be updated.");
}

Error StackNotFound(std::string_view name) {
  return Validation("Stack with id " + std::string(name) + " does not exist");
}

std::string NewStackId(std::string_view region, std::string_view account, std::string_view name) {
  std::string id = "arn:aws:cloudformation:";
  id += region;
  id += ':';
  id += account;
  id += ":stack/";
  id += name;
  id += '/';
  id += NewUuid();
  return id;
}

const char* const kIamTypes[] = {"AWS::IAM::Role",          "AWS::IAM::User",
                                 "AWS::IAM::Group",         "AWS::IAM::Policy",
                                 "AWS::IAM::ManagedPolicy", "AWS::IAM::InstanceProfile",
                                 "AWS::IAM::AccessKey",     "AWS::IAM::UserToGroupAddition"};
const char* const kIamNameProperties[] = {"RoleName", "UserName", "GroupName",
                                          "ManagedPolicyName", "InstanceProfileName"};

/// The capability the template's resources need ("" when none), and the
/// resources that need it.
std::pair<std::string, std::vector<std::string>> RequiredCapability(const json::value& tmpl) {
  std::string needed;
  std::vector<std::string> because;
  const json::value* resources = tmpl.get_object().if_contains("Resources");
  if (resources == nullptr || !resources->is_object()) return {needed, because};
  for (const auto& [id, def] : resources->get_object()) {
    if (!def.is_object()) continue;
    const json::value* type = def.get_object().if_contains("Type");
    if (type == nullptr || !type->is_string()) continue;
    const bool iam = std::any_of(std::begin(kIamTypes), std::end(kIamTypes),
                                 [&](const char* t) { return type->get_string() == t; });
    if (!iam) continue;
    because.emplace_back(type->get_string());
    const json::value* props = def.get_object().if_contains("Properties");
    bool named = false;
    if (props != nullptr && props->is_object()) {
      for (const char* name : kIamNameProperties) {
        if (props->get_object().contains(name)) named = true;
      }
    }
    if (named) {
      needed = "CAPABILITY_NAMED_IAM";
    } else if (needed.empty()) {
      needed = "CAPABILITY_IAM";
    }
  }
  return {needed, because};
}

}  // namespace

CloudResponse StackEngine::HandleQuery(const CloudRequest& request) {
  if (stopping_) {
    return QueryError(503, "ServiceUnavailable",
                      "sparta-local is shutting down; retry once it runs again",
                      request.request_id);
  }
  try {
    FormFields form = ParseForm(request.body);
    if (!request.query.empty()) {
      for (auto& field : ParseForm(request.query)) form.push_back(std::move(field));
    }
    const std::string action = Field(form, "Action");
    using Handler = CloudResponse (StackEngine::*)(const FormFields&, const CloudRequest&);
    static const std::map<std::string, Handler, std::less<>> kActions = {
        {"CreateStack", &StackEngine::CreateStack},
        {"UpdateStack", &StackEngine::UpdateStack},
        {"DeleteStack", &StackEngine::DeleteStack},
        {"DescribeStacks", &StackEngine::DescribeStacks},
        {"ListStacks", &StackEngine::ListStacks},
        {"DescribeStackEvents", &StackEngine::DescribeStackEvents},
        {"ListStackResources", &StackEngine::ListStackResources},
        {"DescribeStackResources", &StackEngine::DescribeStackResources},
        {"DescribeStackResource", &StackEngine::DescribeStackResource},
        {"GetTemplate", &StackEngine::GetTemplate},
        {"ValidateTemplate", &StackEngine::ValidateTemplate},
        {"ListExports", &StackEngine::ListExports},
        {"CreateChangeSet", &StackEngine::CreateChangeSet},
        {"DescribeChangeSet", &StackEngine::DescribeChangeSet},
        {"ExecuteChangeSet", &StackEngine::ExecuteChangeSet},
        {"DeleteChangeSet", &StackEngine::DeleteChangeSet},
        {"ListChangeSets", &StackEngine::ListChangeSets},
    };
    auto it = kActions.find(action);
    if (it == kActions.end()) {
      return QueryError(400, "InvalidAction",
                        action.empty() ? "The request names no Action."
                                       : "The action " + action +
                                             " is not valid for this web service.",
                        request.request_id);
    }
    return (this->*(it->second))(form, request);
  } catch (const std::exception& e) {
    return QueryError(500, "InternalFailure",
                      std::string("sparta-local's CloudFormation failed: ") + e.what(),
                      request.request_id);
  } catch (...) {
    return QueryError(500, "InternalFailure", "sparta-local's CloudFormation failed",
                      request.request_id);
  }
}

Result<StackEngine::NewStackInputs> StackEngine::ReadInputs(const FormFields& form,
                                                            const StackRecord* stack) const {
  NewStackInputs inputs;
  if (stack != nullptr && BoolField(form, "UsePreviousTemplate").value_or(false)) {
    inputs.body = stack->template_body;
  } else {
    auto body = ReadTemplateSource(form);
    if (!body) return body.error();
    inputs.body = std::move(*body);
  }
  for (auto& member : StructMembers(form, "Parameters")) {
    const std::string& key = member["ParameterKey"];
    if (key.empty()) return Validation("A parameter has no ParameterKey.");
    if (member["UsePreviousValue"] == "true") {
      if (stack == nullptr) {
        return Validation("Invalid input for parameter key " + key +
                          ". Cannot specify usePreviousValue as true for a new stack");
      }
      auto previous = stack->parameters.find(key);
      if (previous != stack->parameters.end()) inputs.parameters[key] = previous->second;
      continue;
    }
    inputs.parameters[key] = member["ParameterValue"];
  }
  inputs.capabilities = MemberList(form, "Capabilities");
  const bool tags_given = std::any_of(form.begin(), form.end(), [](const auto& field) {
    return field.first.starts_with("Tags.");
  });
  inputs.tags = ReadTags(form);
  if (!tags_given && stack != nullptr) inputs.tags = stack->tags;
  return inputs;
}

bool StackEngine::SameInputs(const StackRecord& stack, const NewStackInputs& inputs) const {
  if (stack.template_body != inputs.body || stack.tags != inputs.tags) return false;
  auto tmpl = jsonutil::Parse(inputs.body, "the template");
  if (!tmpl) return false;
  auto before = local::ResolveParameters(*tmpl, stack.parameters);
  auto after = local::ResolveParameters(*tmpl, inputs.parameters);
  if (!before || !after) return stack.parameters == inputs.parameters;
  if (before->size() != after->size()) return false;
  for (const auto& [key, parameter] : *before) {
    auto other = after->find(key);
    if (other == after->end() || other->second.value != parameter.value) return false;
  }
  return true;
}

Result<PreparedTemplate> StackEngine::CheckNewTemplate(
    const std::string& body, const ParameterValues& parameters,
    const std::vector<std::string>& capabilities, const std::string& stack_name,
    const std::string& stack_id) const {
  auto prepared = Prepare(body, parameters, stack_name, stack_id);
  if (!prepared) return prepared.error();
  if (const json::value* transform = prepared->tmpl.get_object().if_contains("Transform")) {
    return Validation("Template format error: sparta-local does not run transforms (" +
                      jsonutil::Compact(*transform) + "); deploy the processed template");
  }
  const auto [needed, because] = RequiredCapability(prepared->tmpl);
  if (!needed.empty()) {
    const auto has = [&](std::string_view c) {
      return std::find(capabilities.begin(), capabilities.end(), c) != capabilities.end();
    };
    const bool ok = has("CAPABILITY_NAMED_IAM") || (needed == "CAPABILITY_IAM" && has(needed));
    if (!ok) {
      return MakeError("InsufficientCapabilitiesException",
                       "Requires capabilities : [" + needed + "]");
    }
  }
  return prepared;
}

void StackEngine::BeginUpdate(StackRecord& stack, NewStackInputs inputs,
                              const std::string& description) {
  StackSnapshot previous;
  previous.template_body = stack.template_body;
  previous.description = stack.description;
  previous.parameters = stack.parameters;
  previous.capabilities = stack.capabilities;
  previous.tags = stack.tags;
  previous.outputs = stack.outputs;
  previous.resources = stack.resources;
  stack.previous = std::move(previous);
  stack.template_body = std::move(inputs.body);
  stack.parameters = std::move(inputs.parameters);
  stack.capabilities = std::move(inputs.capabilities);
  stack.tags = std::move(inputs.tags);
  stack.description = description;
  stack.last_updated_time = Now();
  SetStackStatus(stack, "UPDATE_IN_PROGRESS", "User Initiated");
  StartOperation(stack.stack_id);
}

CloudResponse StackEngine::CreateStack(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  if (!IsValidStackName(name)) {
    return ErrorResponse(
        Validation("1 validation error detected: Value '" + name +
                   "' at 'stackName' failed to satisfy constraint: Member must satisfy regular "
                   "expression pattern: [a-zA-Z][-a-zA-Z0-9]*"),
        request);
  }
  const std::string token = Field(form, "ClientRequestToken");
  std::lock_guard lock(mu_);
  if (StackRecord* existing = FindStack(name)) {
    if (!token.empty() && existing->client_request_token == token) {
      std::string xml;
      AppendElement(xml, "StackId", existing->stack_id, true);
      return QueryResult("CreateStack", kCloudFormationXmlns, xml, request.request_id);
    }
    return ErrorResponse(MakeError("AlreadyExistsException", "Stack [" + name + "] already exists"),
                         request);
  }
  auto inputs = ReadInputs(form, nullptr);
  if (!inputs) return ErrorResponse(inputs.error(), request);
  const std::string stack_id =
      NewStackId(RegionOf(request), options_.context.account_id, name);
  auto prepared =
      CheckNewTemplate(inputs->body, inputs->parameters, inputs->capabilities, name, stack_id);
  if (!prepared) return ErrorResponse(prepared.error(), request);
  std::string on_failure = Field(form, "OnFailure");
  if (on_failure.empty()) on_failure = "ROLLBACK";
  if (on_failure != "ROLLBACK" && on_failure != "DELETE" && on_failure != "DO_NOTHING") {
    return ErrorResponse(Validation("1 validation error detected: Value '" + on_failure +
                                    "' at 'onFailure' failed to satisfy constraint: Member must "
                                    "satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]"),
                         request);
  }
  const auto disable_rollback = BoolField(form, "DisableRollback");
  if (disable_rollback && FindField(form, "OnFailure") != nullptr) {
    return ErrorResponse(
        Validation("You can specify either DisableRollback or OnFailure, but not both."), request);
  }
  auto stack = std::make_unique<StackRecord>();
  stack->stack_id = stack_id;
  stack->stack_name = name;
  stack->description = prepared->description;
  stack->creation_time = Now();
  stack->template_body = std::move(inputs->body);
  stack->parameters = std::move(inputs->parameters);
  stack->capabilities = std::move(inputs->capabilities);
  stack->tags = std::move(inputs->tags);
  stack->disable_rollback = disable_rollback.value_or(false);
  stack->on_failure = stack->disable_rollback ? "DO_NOTHING" : on_failure;
  stack->client_request_token = token;
  StackRecord& record = *(stacks_[stack_id] = std::move(stack));
  SetStackStatus(record, "CREATE_IN_PROGRESS", "User Initiated");
  StartOperation(stack_id);
  std::string xml;
  AppendElement(xml, "StackId", stack_id, true);
  return QueryResult("CreateStack", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::UpdateStack(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  std::lock_guard lock(mu_);
  StackRecord* stack = FindStack(name);
  if (stack == nullptr || stack->status == "DELETE_COMPLETE") {
    return ErrorResponse(StackNotFound(name), request);
  }
  if (!CanUpdate(stack->status)) return ErrorResponse(NotUpdatable(*stack), request);
  auto inputs = ReadInputs(form, stack);
  if (!inputs) return ErrorResponse(inputs.error(), request);
  if (SameInputs(*stack, *inputs)) {
    return ErrorResponse(Validation("No updates are to be performed."), request);
  }
  auto prepared = CheckNewTemplate(inputs->body, inputs->parameters, inputs->capabilities,
                                   stack->stack_name, stack->stack_id);
  if (!prepared) return ErrorResponse(prepared.error(), request);
  if (const auto rollback = BoolField(form, "DisableRollback")) stack->disable_rollback = *rollback;
  stack->client_request_token = Field(form, "ClientRequestToken");
  BeginUpdate(*stack, std::move(*inputs), prepared->description);
  std::string xml;
  AppendElement(xml, "StackId", stack->stack_id, true);
  return QueryResult("UpdateStack", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::DeleteStack(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  if (name.empty()) return ErrorResponse(Validation("StackName is required."), request);
  std::lock_guard lock(mu_);
  StackRecord* stack = FindStack(name);
  const auto done = [&] {
    return QueryResult("DeleteStack", kCloudFormationXmlns, "", request.request_id, false);
  };
  if (stack == nullptr || stack->status == "DELETE_COMPLETE" ||
      stack->status == "DELETE_IN_PROGRESS") {
    return done();
  }
  if (IsInProgress(stack->status) && stack->status != "REVIEW_IN_PROGRESS") {
    return ErrorResponse(Validation("Stack:" + stack->stack_id + " is in " + stack->status +
                                    " state and can not be deleted."),
                         request);
  }
  // An export another stack imports cannot go (CloudFormation checks it first).
  for (const OutputRecord& output : stack->outputs) {
    if (output.export_name.empty()) continue;
    for (const auto& [id, other] : stacks_) {
      if (id == stack->stack_id || other->status == "DELETE_COMPLETE") continue;
      const std::string needle = "\"" + output.export_name + "\"";
      if (other->template_body.find("Fn::ImportValue") != std::string::npos &&
          other->template_body.find(needle) != std::string::npos) {
        return ErrorResponse(Validation("Export " + output.export_name +
                                        " cannot be deleted as it is in use by " +
                                        other->stack_name),
                             request);
      }
    }
  }
  for (const std::string& retained : MemberList(form, "RetainResources")) {
    if (stack->status != "DELETE_FAILED") {
      return ErrorResponse(
          Validation("Invalid operation on stack " + stack->stack_id +
                     ": RetainResources can only be specified when the stack is in the "
                     "DELETE_FAILED state"),
          request);
    }
    auto it = stack->resources.find(retained);
    if (it != stack->resources.end()) it->second.deletion_policy = "Retain";
  }
  stack->client_request_token = Field(form, "ClientRequestToken");
  if (stack->status == "REVIEW_IN_PROGRESS") {
    SetStackStatus(*stack, "DELETE_COMPLETE", "");
    return done();
  }
  SetStackStatus(*stack, "DELETE_IN_PROGRESS", "User Initiated");
  StartOperation(stack->stack_id);
  return done();
}

CloudResponse StackEngine::ValidateTemplate(const FormFields& form, const CloudRequest& request) {
  auto body = ReadTemplateSource(form);
  if (!body) return ErrorResponse(body.error(), request);
  std::size_t first = body->find_first_not_of(" \t\r\n");
  if (first == std::string::npos || (*body)[first] != '{') {
    return ErrorResponse(
        Validation("Template format error: sparta-local reads JSON templates only"), request);
  }
  auto tmpl = jsonutil::Parse(*body, "the template");
  if (!tmpl || !tmpl->is_object()) {
    return ErrorResponse(Validation("Template format error: JSON not well-formed. (" +
                                    (tmpl ? std::string("not an object") : tmpl.error().message) +
                                    ")"),
                         request);
  }
  const json::object& o = tmpl->get_object();
  const json::value* resources = o.if_contains("Resources");
  if (resources == nullptr || !resources->is_object() || resources->get_object().empty()) {
    return ErrorResponse(
        Validation("Template format error: At least one Resources member must be defined."),
        request);
  }
  std::string xml = "<Parameters>";
  if (const json::value* params = o.if_contains("Parameters"); params && params->is_object()) {
    for (const auto& [key, def] : params->get_object()) {
      if (!def.is_object()) {
        return ErrorResponse(Validation("Template format error: Every Parameters member must be "
                                        "an object."),
                             request);
      }
      const json::object& d = def.get_object();
      xml += "<member>";
      AppendElement(xml, "ParameterKey", key, true);
      if (const json::value* v = d.if_contains("Default")) {
        AppendElement(xml, "DefaultValue", v->is_string() ? std::string(v->get_string())
                                                          : jsonutil::Compact(*v), true);
      }
      const json::value* no_echo = d.if_contains("NoEcho");
      const bool masked = no_echo != nullptr &&
                          ((no_echo->is_bool() && no_echo->get_bool()) ||
                           (no_echo->is_string() && no_echo->get_string() == "true"));
      AppendElement(xml, "NoEcho", masked ? "true" : "false", true);
      if (const json::value* v = d.if_contains("Description"); v && v->is_string()) {
        AppendElement(xml, "Description", std::string(v->get_string()));
      }
      xml += "</member>";
    }
  }
  xml += "</Parameters>";
  if (const json::value* v = o.if_contains("Description"); v && v->is_string()) {
    AppendElement(xml, "Description", std::string(v->get_string()));
  }
  const auto [needed, because] = RequiredCapability(*tmpl);
  if (!needed.empty()) {
    xml += "<Capabilities><member>" + needed + "</member></Capabilities>";
    std::string listed;
    for (const auto& type : because) {
      if (!listed.empty()) listed += ", ";
      listed += type;
    }
    AppendElement(xml, "CapabilitiesReason",
                  "The following resource(s) require capabilities: [" + listed + "]");
  }
  return QueryResult("ValidateTemplate", kCloudFormationXmlns, xml, request.request_id);
}

}  // namespace sparta::local_cloud::cfn
