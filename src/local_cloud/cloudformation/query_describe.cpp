// The read-only stack actions: DescribeStacks, ListStacks,
// DescribeStackEvents, ListStackResources, DescribeStackResource(s),
// GetTemplate, ListExports.

#include <algorithm>

#include "local_cloud/cloudformation/query_util.hpp"
#include "local_cloud/cloudformation/stack_engine.hpp"

namespace sparta::local_cloud::cfn {
namespace {

constexpr std::size_t kPageSize = 100;

Error Validation(std::string message) { return MakeError("ValidationError", std::move(message)); }

Error StackNotFound(std::string_view name) {
  return Validation("Stack with id " + std::string(name) + " does not exist");
}

void AppendParameters(std::string& xml,
                      const std::vector<std::pair<std::string, std::string>>& ps) {
  xml += "<Parameters>";
  for (const auto& [key, value] : ps) {
    xml += "<member>";
    AppendElement(xml, "ParameterKey", key, true);
    AppendElement(xml, "ParameterValue", value, true);
    xml += "</member>";
  }
  xml += "</Parameters>";
}

void AppendStrings(std::string& xml, std::string_view name, const std::vector<std::string>& items) {
  xml += '<';
  xml += name;
  xml += '>';
  for (const auto& item : items) AppendElement(xml, "member", item, true);
  xml += "</";
  xml += name;
  xml += '>';
}

void AppendTags(std::string& xml, const TagList& tags) {
  xml += "<Tags>";
  for (const auto& [key, value] : tags) {
    xml += "<member>";
    AppendElement(xml, "Key", key, true);
    AppendElement(xml, "Value", value, true);
    xml += "</member>";
  }
  xml += "</Tags>";
}

std::string StackXml(const StackRecord& stack) {
  std::string xml = "<member>";
  AppendElement(xml, "StackId", stack.stack_id, true);
  AppendElement(xml, "StackName", stack.stack_name, true);
  AppendElement(xml, "ChangeSetId", stack.change_set_id);
  AppendElement(xml, "Description", stack.description);
  AppendParameters(xml, ShownParameters(stack.template_body, stack.parameters));
  AppendElement(xml, "CreationTime", stack.creation_time, true);
  AppendElement(xml, "LastUpdatedTime", stack.last_updated_time);
  AppendElement(xml, "DeletionTime", stack.deletion_time);
  xml += "<RollbackConfiguration/>";
  AppendElement(xml, "StackStatus", stack.status, true);
  AppendElement(xml, "StackStatusReason", stack.status_reason);
  AppendElement(xml, "DisableRollback", stack.disable_rollback ? "true" : "false", true);
  xml += "<NotificationARNs/>";
  AppendStrings(xml, "Capabilities", stack.capabilities);
  xml += "<Outputs>";
  for (const OutputRecord& output : stack.outputs) {
    xml += "<member>";
    AppendElement(xml, "OutputKey", output.key, true);
    AppendElement(xml, "OutputValue", output.value, true);
    AppendElement(xml, "Description", output.description);
    AppendElement(xml, "ExportName", output.export_name);
    xml += "</member>";
  }
  xml += "</Outputs>";
  AppendTags(xml, stack.tags);
  xml += "<EnableTerminationProtection>false</EnableTerminationProtection>";
  xml += "<DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>";
  xml += "</member>";
  return xml;
}

}  // namespace

CloudResponse StackEngine::DescribeStacks(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  std::lock_guard lock(mu_);
  std::string xml = "<Stacks>";
  if (!name.empty()) {
    StackRecord* stack = FindStack(name);
    if (stack == nullptr) return ErrorResponse(StackNotFound(name), request);
    xml += StackXml(*stack);
    xml += "</Stacks>";
    return QueryResult("DescribeStacks", kCloudFormationXmlns, xml, request.request_id);
  }
  std::vector<const StackRecord*> live;
  for (const auto& [id, stack] : stacks_) {
    if (stack->status != "DELETE_COMPLETE") live.push_back(stack.get());
  }
  std::sort(live.begin(), live.end(), [](const StackRecord* a, const StackRecord* b) {
    return a->creation_time > b->creation_time;
  });
  const PageRange page = Page(live.size(), Field(form, "NextToken"), kPageSize);
  for (std::size_t i = page.begin; i < page.end; ++i) xml += StackXml(*live[i]);
  xml += "</Stacks>";
  AppendElement(xml, "NextToken", page.next_token);
  return QueryResult("DescribeStacks", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::ListStacks(const FormFields& form, const CloudRequest& request) {
  const std::vector<std::string> filter = MemberList(form, "StackStatusFilter");
  std::lock_guard lock(mu_);
  std::vector<const StackRecord*> listed;
  for (const auto& [id, stack] : stacks_) {
    if (!filter.empty() && std::find(filter.begin(), filter.end(), stack->status) == filter.end()) {
      continue;
    }
    listed.push_back(stack.get());
  }
  std::sort(listed.begin(), listed.end(), [](const StackRecord* a, const StackRecord* b) {
    return a->creation_time > b->creation_time;
  });
  const PageRange page = Page(listed.size(), Field(form, "NextToken"), kPageSize);
  std::string xml = "<StackSummaries>";
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const StackRecord& stack = *listed[i];
    xml += "<member>";
    AppendElement(xml, "StackId", stack.stack_id, true);
    AppendElement(xml, "StackName", stack.stack_name, true);
    AppendElement(xml, "TemplateDescription", stack.description);
    AppendElement(xml, "CreationTime", stack.creation_time, true);
    AppendElement(xml, "LastUpdatedTime", stack.last_updated_time);
    AppendElement(xml, "DeletionTime", stack.deletion_time);
    AppendElement(xml, "StackStatus", stack.status, true);
    AppendElement(xml, "StackStatusReason", stack.status_reason);
    xml += "<DriftInformation><StackDriftStatus>NOT_CHECKED</StackDriftStatus></DriftInformation>";
    xml += "</member>";
  }
  xml += "</StackSummaries>";
  AppendElement(xml, "NextToken", page.next_token);
  return QueryResult("ListStacks", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::DescribeStackEvents(const FormFields& form,
                                               const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  std::lock_guard lock(mu_);
  StackRecord* stack = FindStack(name);
  if (stack == nullptr) return ErrorResponse(StackNotFound(name), request);
  const PageRange page = Page(stack->events.size(), Field(form, "NextToken"), kPageSize);
  std::string xml = "<StackEvents>";
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const EventRecord& event = stack->events[stack->events.size() - 1 - i];
    xml += "<member>";
    AppendElement(xml, "StackId", stack->stack_id, true);
    AppendElement(xml, "EventId", event.event_id, true);
    AppendElement(xml, "StackName", stack->stack_name, true);
    AppendElement(xml, "LogicalResourceId", event.logical_id, true);
    AppendElement(xml, "PhysicalResourceId", event.physical_id, true);
    AppendElement(xml, "ResourceType", event.type, true);
    AppendElement(xml, "Timestamp", event.timestamp, true);
    AppendElement(xml, "ResourceStatus", event.status, true);
    AppendElement(xml, "ResourceStatusReason", event.reason);
    AppendElement(xml, "ClientRequestToken", event.client_request_token);
    xml += "</member>";
  }
  xml += "</StackEvents>";
  AppendElement(xml, "NextToken", page.next_token);
  return QueryResult("DescribeStackEvents", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::ListStackResources(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  std::lock_guard lock(mu_);
  StackRecord* stack = FindStack(name);
  if (stack == nullptr) return ErrorResponse(StackNotFound(name), request);
  std::vector<const ResourceRecord*> resources;
  for (const auto& [id, resource] : stack->resources) resources.push_back(&resource);
  const PageRange page = Page(resources.size(), Field(form, "NextToken"), kPageSize);
  std::string xml = "<StackResourceSummaries>";
  for (std::size_t i = page.begin; i < page.end; ++i) {
    const ResourceRecord& r = *resources[i];
    xml += "<member>";
    AppendElement(xml, "LogicalResourceId", r.logical_id, true);
    AppendElement(xml, "PhysicalResourceId", r.physical_id);
    AppendElement(xml, "ResourceType", r.type, true);
    AppendElement(xml, "LastUpdatedTimestamp", r.timestamp, true);
    AppendElement(xml, "ResourceStatus", r.status, true);
    AppendElement(xml, "ResourceStatusReason", r.status_reason);
    xml +=
        "<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus>"
        "</DriftInformation>";
    xml += "</member>";
  }
  xml += "</StackResourceSummaries>";
  AppendElement(xml, "NextToken", page.next_token);
  return QueryResult("ListStackResources", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::DescribeStackResources(const FormFields& form,
                                                  const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  const std::string logical = Field(form, "LogicalResourceId");
  const std::string physical = Field(form, "PhysicalResourceId");
  std::lock_guard lock(mu_);
  StackRecord* stack = nullptr;
  if (!name.empty()) {
    stack = FindStack(name);
  } else if (!physical.empty()) {
    for (auto& [id, candidate] : stacks_) {
      if (candidate->status == "DELETE_COMPLETE") continue;
      for (const auto& [logical_id, r] : candidate->resources) {
        if (r.physical_id == physical) stack = candidate.get();
      }
    }
  } else {
    return ErrorResponse(Validation("Either StackName or PhysicalResourceId must be specified."),
                         request);
  }
  if (stack == nullptr)
    return ErrorResponse(StackNotFound(name.empty() ? physical : name), request);
  std::string xml = "<StackResources>";
  for (const auto& [id, r] : stack->resources) {
    if (!logical.empty() && id != logical) continue;
    if (!physical.empty() && r.physical_id != physical) continue;
    xml += "<member>";
    AppendElement(xml, "StackName", stack->stack_name, true);
    AppendElement(xml, "StackId", stack->stack_id, true);
    AppendElement(xml, "LogicalResourceId", r.logical_id, true);
    AppendElement(xml, "PhysicalResourceId", r.physical_id);
    AppendElement(xml, "ResourceType", r.type, true);
    AppendElement(xml, "Timestamp", r.timestamp, true);
    AppendElement(xml, "ResourceStatus", r.status, true);
    AppendElement(xml, "ResourceStatusReason", r.status_reason);
    xml +=
        "<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus>"
        "</DriftInformation>";
    xml += "</member>";
  }
  xml += "</StackResources>";
  return QueryResult("DescribeStackResources", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::DescribeStackResource(const FormFields& form,
                                                 const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  const std::string logical = Field(form, "LogicalResourceId");
  std::lock_guard lock(mu_);
  StackRecord* stack = FindStack(name);
  if (stack == nullptr) return ErrorResponse(StackNotFound(name), request);
  auto it = stack->resources.find(logical);
  if (it == stack->resources.end()) {
    return ErrorResponse(
        Validation("Resource " + logical + " does not exist for stack " + stack->stack_name),
        request);
  }
  const ResourceRecord& r = it->second;
  std::string xml = "<StackResourceDetail>";
  AppendElement(xml, "StackName", stack->stack_name, true);
  AppendElement(xml, "StackId", stack->stack_id, true);
  AppendElement(xml, "LogicalResourceId", r.logical_id, true);
  AppendElement(xml, "PhysicalResourceId", r.physical_id);
  AppendElement(xml, "ResourceType", r.type, true);
  AppendElement(xml, "LastUpdatedTimestamp", r.timestamp, true);
  AppendElement(xml, "ResourceStatus", r.status, true);
  AppendElement(xml, "ResourceStatusReason", r.status_reason);
  if (!r.metadata.is_null()) AppendElement(xml, "Metadata", jsonutil::Compact(r.metadata));
  xml +=
      "<DriftInformation><StackResourceDriftStatus>NOT_CHECKED</StackResourceDriftStatus>"
      "</DriftInformation>";
  xml += "</StackResourceDetail>";
  return QueryResult("DescribeStackResource", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::GetTemplate(const FormFields& form, const CloudRequest& request) {
  const std::string name = Field(form, "StackName");
  const std::string change_set = Field(form, "ChangeSetName");
  std::lock_guard lock(mu_);
  std::string body;
  if (!change_set.empty()) {
    auto [stack, found] = FindChangeSet(change_set, name);
    if (found == nullptr) {
      return ErrorResponse(
          MakeError("ChangeSetNotFound", "ChangeSet [" + change_set + "] does not exist"), request);
    }
    body = found->template_body;
  } else {
    StackRecord* stack = FindStack(name);
    if (stack == nullptr) return ErrorResponse(StackNotFound(name), request);
    body = stack->template_body;
  }
  std::string xml;
  AppendElement(xml, "TemplateBody", body, true);
  xml += "<StagesAvailable><member>Original</member><member>Processed</member></StagesAvailable>";
  return QueryResult("GetTemplate", kCloudFormationXmlns, xml, request.request_id);
}

CloudResponse StackEngine::ListExports(const FormFields& form, const CloudRequest& request) {
  std::vector<std::pair<std::string, ExportEntry>> all;
  {
    std::lock_guard lock(exports_mu_);
    for (const auto& [name, entry] : exports_) all.emplace_back(name, entry);
  }
  const PageRange page = Page(all.size(), Field(form, "NextToken"), kPageSize);
  std::string xml = "<Exports>";
  for (std::size_t i = page.begin; i < page.end; ++i) {
    xml += "<member>";
    AppendElement(xml, "ExportingStackId", all[i].second.stack_id, true);
    AppendElement(xml, "Name", all[i].first, true);
    AppendElement(xml, "Value", all[i].second.value, true);
    xml += "</member>";
  }
  xml += "</Exports>";
  AppendElement(xml, "NextToken", page.next_token);
  return QueryResult("ListExports", kCloudFormationXmlns, xml, request.request_id);
}

}  // namespace sparta::local_cloud::cfn
