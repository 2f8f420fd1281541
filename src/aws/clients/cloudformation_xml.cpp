#include "aws/clients/cloudformation_xml.hpp"

#include "aws/clients/xml_reader.hpp"

namespace sparta::aws::cloudformation::detail {

using aws::detail::Bool;
using aws::detail::Int;
using aws::detail::Members;
using aws::detail::StringMembers;
using aws::detail::Text;

std::vector<Parameter> ReadParameters(pugi::xml_node parent) {
  std::vector<Parameter> parameters;
  for (const pugi::xml_node member : Members(parent, "Parameters")) {
    Parameter parameter;
    parameter.key = Text(member, "ParameterKey");
    parameter.value = Text(member, "ParameterValue");
    parameter.use_previous_value = Bool(member, "UsePreviousValue").value_or(false);
    parameter.resolved_value = Text(member, "ResolvedValue");
    parameters.push_back(std::move(parameter));
  }
  return parameters;
}

std::vector<Tag> ReadTags(pugi::xml_node parent) {
  std::vector<Tag> tags;
  for (const pugi::xml_node member : Members(parent, "Tags")) {
    tags.push_back(Tag{Text(member, "Key"), Text(member, "Value")});
  }
  return tags;
}

Stack ReadStack(pugi::xml_node member) {
  Stack stack;
  stack.stack_id = Text(member, "StackId");
  stack.stack_name = Text(member, "StackName");
  stack.change_set_id = Text(member, "ChangeSetId");
  stack.description = Text(member, "Description");
  stack.creation_time = Text(member, "CreationTime");
  stack.last_updated_time = Text(member, "LastUpdatedTime");
  stack.deletion_time = Text(member, "DeletionTime");
  stack.stack_status = Text(member, "StackStatus");
  stack.stack_status_reason = Text(member, "StackStatusReason");
  stack.parameters = ReadParameters(member);
  stack.capabilities = StringMembers(member, "Capabilities");
  for (const pugi::xml_node output : Members(member, "Outputs")) {
    stack.outputs.push_back(Output{Text(output, "OutputKey"), Text(output, "OutputValue"),
                                   Text(output, "Description"), Text(output, "ExportName")});
  }
  stack.tags = ReadTags(member);
  stack.role_arn = Text(member, "RoleARN");
  stack.disable_rollback = Bool(member, "DisableRollback");
  stack.timeout_in_minutes = Int(member, "TimeoutInMinutes");
  stack.enable_termination_protection = Bool(member, "EnableTerminationProtection");
  stack.parent_id = Text(member, "ParentId");
  stack.root_id = Text(member, "RootId");
  return stack;
}

StackEvent ReadStackEvent(pugi::xml_node member) {
  StackEvent event;
  event.stack_id = Text(member, "StackId");
  event.event_id = Text(member, "EventId");
  event.stack_name = Text(member, "StackName");
  event.logical_resource_id = Text(member, "LogicalResourceId");
  event.physical_resource_id = Text(member, "PhysicalResourceId");
  event.resource_type = Text(member, "ResourceType");
  event.timestamp = Text(member, "Timestamp");
  event.resource_status = Text(member, "ResourceStatus");
  event.resource_status_reason = Text(member, "ResourceStatusReason");
  event.resource_properties = Text(member, "ResourceProperties");
  event.client_request_token = Text(member, "ClientRequestToken");
  return event;
}

StackResource ReadStackResource(pugi::xml_node member) {
  StackResource resource;
  resource.stack_name = Text(member, "StackName");
  resource.stack_id = Text(member, "StackId");
  resource.logical_resource_id = Text(member, "LogicalResourceId");
  resource.physical_resource_id = Text(member, "PhysicalResourceId");
  resource.resource_type = Text(member, "ResourceType");
  resource.timestamp = Text(member, "Timestamp");
  resource.resource_status = Text(member, "ResourceStatus");
  resource.resource_status_reason = Text(member, "ResourceStatusReason");
  resource.description = Text(member, "Description");
  return resource;
}

StackResourceSummary ReadStackResourceSummary(pugi::xml_node member) {
  StackResourceSummary summary;
  summary.logical_resource_id = Text(member, "LogicalResourceId");
  summary.physical_resource_id = Text(member, "PhysicalResourceId");
  summary.resource_type = Text(member, "ResourceType");
  summary.last_updated_timestamp = Text(member, "LastUpdatedTimestamp");
  summary.resource_status = Text(member, "ResourceStatus");
  summary.resource_status_reason = Text(member, "ResourceStatusReason");
  return summary;
}

Change ReadChange(pugi::xml_node member) {
  Change change;
  change.type = Text(member, "Type");
  const pugi::xml_node resource = member.child("ResourceChange");
  ResourceChange& out = change.resource_change;
  out.action = Text(resource, "Action");
  out.logical_resource_id = Text(resource, "LogicalResourceId");
  out.physical_resource_id = Text(resource, "PhysicalResourceId");
  out.resource_type = Text(resource, "ResourceType");
  out.replacement = Text(resource, "Replacement");
  out.scope = StringMembers(resource, "Scope");
  for (const pugi::xml_node detail : Members(resource, "Details")) {
    const pugi::xml_node target = detail.child("Target");
    out.details.push_back(ResourceChangeDetail{
        Text(target, "Attribute"), Text(target, "Name"), Text(target, "RequiresRecreation"),
        Text(detail, "Evaluation"), Text(detail, "ChangeSource"), Text(detail, "CausingEntity")});
  }
  return change;
}

ChangeSet ReadChangeSet(pugi::xml_node result) {
  ChangeSet change_set;
  change_set.change_set_name = Text(result, "ChangeSetName");
  change_set.change_set_id = Text(result, "ChangeSetId");
  change_set.stack_id = Text(result, "StackId");
  change_set.stack_name = Text(result, "StackName");
  change_set.description = Text(result, "Description");
  change_set.creation_time = Text(result, "CreationTime");
  change_set.execution_status = Text(result, "ExecutionStatus");
  change_set.status = Text(result, "Status");
  change_set.status_reason = Text(result, "StatusReason");
  change_set.parameters = ReadParameters(result);
  change_set.capabilities = StringMembers(result, "Capabilities");
  change_set.tags = ReadTags(result);
  for (const pugi::xml_node member : Members(result, "Changes")) {
    change_set.changes.push_back(ReadChange(member));
  }
  change_set.next_token = Text(result, "NextToken");
  return change_set;
}

ChangeSetSummary ReadChangeSetSummary(pugi::xml_node member) {
  ChangeSetSummary summary;
  summary.stack_id = Text(member, "StackId");
  summary.stack_name = Text(member, "StackName");
  summary.change_set_id = Text(member, "ChangeSetId");
  summary.change_set_name = Text(member, "ChangeSetName");
  summary.execution_status = Text(member, "ExecutionStatus");
  summary.status = Text(member, "Status");
  summary.status_reason = Text(member, "StatusReason");
  summary.creation_time = Text(member, "CreationTime");
  summary.description = Text(member, "Description");
  return summary;
}

ValidateTemplateResult ReadValidateTemplate(pugi::xml_node result) {
  ValidateTemplateResult out;
  for (const pugi::xml_node member : Members(result, "Parameters")) {
    out.parameters.push_back(
        TemplateParameter{Text(member, "ParameterKey"), Text(member, "DefaultValue"),
                          Bool(member, "NoEcho").value_or(false), Text(member, "Description")});
  }
  out.description = Text(result, "Description");
  out.capabilities = StringMembers(result, "Capabilities");
  out.capabilities_reason = Text(result, "CapabilitiesReason");
  out.declared_transforms = StringMembers(result, "DeclaredTransforms");
  return out;
}

}  // namespace sparta::aws::cloudformation::detail
