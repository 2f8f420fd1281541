#include "sparta/aws/cloudformation_client.hpp"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "sparta/aws/query_protocol.hpp"

#include "aws/clients/cloudformation_xml.hpp"
#include "aws/clients/query_call.hpp"
#include "aws/clients/xml_reader.hpp"

namespace sparta::aws {
namespace {

using aws::detail::CallQuery;
using aws::detail::Members;
using aws::detail::Text;
namespace cf = cloudformation;

constexpr std::string_view kService = "CloudFormation";
constexpr std::size_t kMaxTemplateBodyBytes = 51200;

QueryParams Params(std::string_view action) {
  return QueryParams(action, kCloudFormationApiVersion);
}

Error InvalidArgument(std::string_view action, std::string message) {
  return MakeError("InvalidArgument", "CloudFormation " + std::string(action) + ": " + message);
}

/// Checks the template source before anything is sent, so the mistake is
/// named precisely instead of by a remote ValidationError.
Status CheckTemplate(std::string_view action, std::string_view body, std::string_view url,
                     bool use_previous) {
  const int given = (body.empty() ? 0 : 1) + (url.empty() ? 0 : 1) + (use_previous ? 1 : 0);
  if (given != 1) {
    return InvalidArgument(action,
                           "give exactly one of a template body, a template URL" +
                               std::string(use_previous ? " or use_previous_template" : "") + " (" +
                               std::to_string(given) + " given)");
  }
  if (body.size() > kMaxTemplateBodyBytes) {
    return InvalidArgument(action, "the template body is " + std::to_string(body.size()) +
                                       " bytes, over CloudFormation's 51,200-byte limit; upload "
                                       "it to S3 and pass its https:// URL as the template URL");
  }
  return {};
}

Status CheckName(std::string_view action, std::string_view what, std::string_view value) {
  if (value.empty()) return InvalidArgument(action, std::string(what) + " is empty");
  return {};
}

void AddTemplate(QueryParams& params, const std::string& body, const std::string& url,
                 bool use_previous) {
  params.AddIfNotEmpty("TemplateBody", body).AddIfNotEmpty("TemplateURL", url);
  if (use_previous) params.AddBool("UsePreviousTemplate", true);
}

void AddParameters(QueryParams& params, const std::vector<cf::Parameter>& parameters) {
  params.AddStructList("Parameters", parameters,
                       [](QueryParams& out, const std::string& prefix, const cf::Parameter& p) {
                         out.Add(prefix + ".ParameterKey", p.key);
                         if (p.use_previous_value) {
                           out.AddBool(prefix + ".UsePreviousValue", true);
                         } else {
                           out.Add(prefix + ".ParameterValue", p.value);
                         }
                       });
}

void AddTags(QueryParams& params, const std::vector<cf::Tag>& tags) {
  params.AddStructList("Tags", tags,
                       [](QueryParams& out, const std::string& prefix, const cf::Tag& tag) {
                         out.Add(prefix + ".Key", tag.key).Add(prefix + ".Value", tag.value);
                       });
}

}  // namespace

CloudFormationClient::CloudFormationClient(std::shared_ptr<const AwsClient> client)
    : client_(std::move(client)) {}

Result<std::string> CloudFormationClient::CreateStack(const CreateStackRequest& request) const {
  constexpr std::string_view kAction = "CreateStack";
  if (auto ok = CheckName(kAction, "the stack name", request.stack_name); !ok) return ok.error();
  if (auto ok = CheckTemplate(kAction, request.template_body, request.template_url, false); !ok) {
    return ok.error();
  }
  QueryParams params = Params(kAction);
  params.Add("StackName", request.stack_name);
  AddTemplate(params, request.template_body, request.template_url, false);
  AddParameters(params, request.parameters);
  params.AddBool("DisableRollback", request.disable_rollback)
      .AddInt("TimeoutInMinutes", request.timeout_in_minutes)
      .AddList("Capabilities", request.capabilities)
      .AddIfNotEmpty("RoleARN", request.role_arn)
      .AddIfNotEmpty("OnFailure", request.on_failure);
  AddTags(params, request.tags);
  params.AddIfNotEmpty("ClientRequestToken", request.client_request_token)
      .AddBool("EnableTerminationProtection", request.enable_termination_protection);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return Text(response->result, "StackId");
}

Result<std::string> CloudFormationClient::UpdateStack(const UpdateStackRequest& request) const {
  constexpr std::string_view kAction = "UpdateStack";
  if (auto ok = CheckName(kAction, "the stack name", request.stack_name); !ok) return ok.error();
  if (auto ok = CheckTemplate(kAction, request.template_body, request.template_url,
                              request.use_previous_template);
      !ok) {
    return ok.error();
  }
  QueryParams params = Params(kAction);
  params.Add("StackName", request.stack_name);
  AddTemplate(params, request.template_body, request.template_url, request.use_previous_template);
  AddParameters(params, request.parameters);
  params.AddList("Capabilities", request.capabilities).AddIfNotEmpty("RoleARN", request.role_arn);
  AddTags(params, request.tags);
  params.AddBool("DisableRollback", request.disable_rollback)
      .AddIfNotEmpty("ClientRequestToken", request.client_request_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return Text(response->result, "StackId");
}

Status CloudFormationClient::DeleteStack(const DeleteStackRequest& request) const {
  constexpr std::string_view kAction = "DeleteStack";
  if (auto ok = CheckName(kAction, "the stack name", request.stack_name); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("StackName", request.stack_name)
      .AddList("RetainResources", request.retain_resources)
      .AddIfNotEmpty("RoleARN", request.role_arn)
      .AddIfNotEmpty("ClientRequestToken", request.client_request_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return {};
}

Result<cf::Stack> CloudFormationClient::DescribeStack(std::string_view stack_name_or_id) const {
  if (auto ok = CheckName("DescribeStacks", "the stack name", stack_name_or_id); !ok) {
    return ok.error();
  }
  auto page = DescribeStacks(stack_name_or_id);
  if (!page) return page.error();
  if (page->items.empty()) {
    // AWS answers a missing stack with this error itself; an empty list only
    // comes from emulators, and is reported the same way.
    return MakeError("ValidationError",
                     "Stack with id " + std::string(stack_name_or_id) + " does not exist");
  }
  return std::move(page->items.front());
}

Result<cf::Page<cf::Stack>> CloudFormationClient::DescribeStacks(
    std::string_view stack_name_or_id, std::string_view next_token) const {
  QueryParams params = Params("DescribeStacks");
  params.AddIfNotEmpty("StackName", stack_name_or_id).AddIfNotEmpty("NextToken", next_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  cf::Page<cf::Stack> page;
  for (const pugi::xml_node member : Members(response->result, "Stacks")) {
    page.items.push_back(cf::detail::ReadStack(member));
  }
  page.next_token = Text(response->result, "NextToken");
  return page;
}

Result<cf::Page<cf::StackEvent>> CloudFormationClient::DescribeStackEvents(
    std::string_view stack_name_or_id, std::string_view next_token) const {
  constexpr std::string_view kAction = "DescribeStackEvents";
  if (auto ok = CheckName(kAction, "the stack name", stack_name_or_id); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("StackName", std::string(stack_name_or_id)).AddIfNotEmpty("NextToken", next_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  cf::Page<cf::StackEvent> page;
  for (const pugi::xml_node member : Members(response->result, "StackEvents")) {
    page.items.push_back(cf::detail::ReadStackEvent(member));
  }
  page.next_token = Text(response->result, "NextToken");
  return page;
}

Result<std::vector<cf::StackEvent>> CloudFormationClient::StackEventsSince(
    std::string_view stack_name_or_id, std::string_view after_event_id, int max_pages) const {
  std::vector<cf::StackEvent> newest_first;
  std::string token;
  for (int page_number = 0; page_number < max_pages; ++page_number) {
    auto page = DescribeStackEvents(stack_name_or_id, token);
    if (!page) return page.error();
    for (cf::StackEvent& event : page->items) {
      if (!after_event_id.empty() && event.event_id == after_event_id) {
        std::reverse(newest_first.begin(), newest_first.end());
        return newest_first;
      }
      newest_first.push_back(std::move(event));
    }
    token = std::move(page->next_token);
    if (token.empty()) break;
  }
  std::reverse(newest_first.begin(), newest_first.end());
  return newest_first;
}

Result<cf::StackResourceDetail> CloudFormationClient::DescribeStackResource(
    std::string_view stack_name_or_id, std::string_view logical_resource_id) const {
  constexpr std::string_view kAction = "DescribeStackResource";
  if (auto ok = CheckName(kAction, "the stack name", stack_name_or_id); !ok) return ok.error();
  if (auto ok = CheckName(kAction, "the logical resource ID", logical_resource_id); !ok) {
    return ok.error();
  }
  QueryParams params = Params(kAction);
  params.Add("StackName", std::string(stack_name_or_id))
      .Add("LogicalResourceId", std::string(logical_resource_id));
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  const pugi::xml_node detail = response->result.child("StackResourceDetail");
  cf::StackResourceDetail out;
  out.stack_name = Text(detail, "StackName");
  out.stack_id = Text(detail, "StackId");
  out.logical_resource_id = Text(detail, "LogicalResourceId");
  out.physical_resource_id = Text(detail, "PhysicalResourceId");
  out.resource_type = Text(detail, "ResourceType");
  out.last_updated_timestamp = Text(detail, "LastUpdatedTimestamp");
  out.resource_status = Text(detail, "ResourceStatus");
  out.resource_status_reason = Text(detail, "ResourceStatusReason");
  out.description = Text(detail, "Description");
  out.metadata = Text(detail, "Metadata");
  return out;
}

Result<std::vector<cf::StackResource>> CloudFormationClient::DescribeStackResources(
    std::string_view stack_name_or_id) const {
  constexpr std::string_view kAction = "DescribeStackResources";
  if (auto ok = CheckName(kAction, "the stack name", stack_name_or_id); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("StackName", std::string(stack_name_or_id));
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  std::vector<cf::StackResource> resources;
  for (const pugi::xml_node member : Members(response->result, "StackResources")) {
    resources.push_back(cf::detail::ReadStackResource(member));
  }
  return resources;
}

Result<cf::Page<cf::StackResourceSummary>> CloudFormationClient::ListStackResources(
    std::string_view stack_name_or_id, std::string_view next_token) const {
  constexpr std::string_view kAction = "ListStackResources";
  if (auto ok = CheckName(kAction, "the stack name", stack_name_or_id); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("StackName", std::string(stack_name_or_id)).AddIfNotEmpty("NextToken", next_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  cf::Page<cf::StackResourceSummary> page;
  for (const pugi::xml_node member : Members(response->result, "StackResourceSummaries")) {
    page.items.push_back(cf::detail::ReadStackResourceSummary(member));
  }
  page.next_token = Text(response->result, "NextToken");
  return page;
}

Result<std::vector<cf::StackResourceSummary>> CloudFormationClient::ListAllStackResources(
    std::string_view stack_name_or_id) const {
  std::vector<cf::StackResourceSummary> all;
  std::string token;
  do {
    auto page = ListStackResources(stack_name_or_id, token);
    if (!page) return page.error();
    std::move(page->items.begin(), page->items.end(), std::back_inserter(all));
    token = std::move(page->next_token);
  } while (!token.empty());
  return all;
}

Result<cf::GetTemplateResult> CloudFormationClient::GetTemplate(
    std::string_view stack_name_or_id, std::string_view template_stage) const {
  constexpr std::string_view kAction = "GetTemplate";
  if (auto ok = CheckName(kAction, "the stack name", stack_name_or_id); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("StackName", std::string(stack_name_or_id))
      .AddIfNotEmpty("TemplateStage", template_stage);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return cf::GetTemplateResult{Text(response->result, "TemplateBody"),
                               aws::detail::StringMembers(response->result, "StagesAvailable")};
}

Result<cf::ValidateTemplateResult> CloudFormationClient::ValidateTemplate(
    std::string_view template_body, std::string_view template_url) const {
  constexpr std::string_view kAction = "ValidateTemplate";
  if (auto ok = CheckTemplate(kAction, template_body, template_url, false); !ok) {
    return ok.error();
  }
  QueryParams params = Params(kAction);
  params.AddIfNotEmpty("TemplateBody", template_body).AddIfNotEmpty("TemplateURL", template_url);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return cf::detail::ReadValidateTemplate(response->result);
}

Result<CreateChangeSetResult> CloudFormationClient::CreateChangeSet(
    const CreateChangeSetRequest& request) const {
  constexpr std::string_view kAction = "CreateChangeSet";
  if (auto ok = CheckName(kAction, "the stack name", request.stack_name); !ok) return ok.error();
  if (auto ok = CheckName(kAction, "the change set name", request.change_set_name); !ok) {
    return ok.error();
  }
  if (auto ok = CheckTemplate(kAction, request.template_body, request.template_url,
                              request.use_previous_template);
      !ok) {
    return ok.error();
  }
  QueryParams params = Params(kAction);
  params.Add("StackName", request.stack_name);
  AddTemplate(params, request.template_body, request.template_url, request.use_previous_template);
  AddParameters(params, request.parameters);
  params.AddList("Capabilities", request.capabilities).AddIfNotEmpty("RoleARN", request.role_arn);
  AddTags(params, request.tags);
  params.Add("ChangeSetName", request.change_set_name)
      .AddIfNotEmpty("ClientToken", request.client_token)
      .AddIfNotEmpty("Description", request.description)
      .AddIfNotEmpty("ChangeSetType", request.change_set_type);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return CreateChangeSetResult{Text(response->result, "Id"), Text(response->result, "StackId")};
}

Result<cf::ChangeSet> CloudFormationClient::DescribeChangeSetPage(
    std::string_view change_set, std::string_view stack_name, std::string_view next_token) const {
  constexpr std::string_view kAction = "DescribeChangeSet";
  if (auto ok = CheckName(kAction, "the change set name", change_set); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("ChangeSetName", std::string(change_set))
      .AddIfNotEmpty("StackName", stack_name)
      .AddIfNotEmpty("NextToken", next_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return cf::detail::ReadChangeSet(response->result);
}

Result<cf::ChangeSet> CloudFormationClient::DescribeChangeSet(std::string_view change_set,
                                                              std::string_view stack_name) const {
  auto first = DescribeChangeSetPage(change_set, stack_name);
  if (!first) return first.error();
  cf::ChangeSet all = std::move(*first);
  std::string token = std::move(all.next_token);
  all.next_token.clear();
  while (!token.empty()) {
    auto page = DescribeChangeSetPage(change_set, stack_name, token);
    if (!page) return page.error();
    std::move(page->changes.begin(), page->changes.end(), std::back_inserter(all.changes));
    token = std::move(page->next_token);
  }
  return all;
}

Status CloudFormationClient::ExecuteChangeSet(std::string_view change_set,
                                              std::string_view stack_name,
                                              std::string_view client_request_token) const {
  constexpr std::string_view kAction = "ExecuteChangeSet";
  if (auto ok = CheckName(kAction, "the change set name", change_set); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("ChangeSetName", std::string(change_set))
      .AddIfNotEmpty("StackName", stack_name)
      .AddIfNotEmpty("ClientRequestToken", client_request_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return {};
}

Status CloudFormationClient::DeleteChangeSet(std::string_view change_set,
                                             std::string_view stack_name) const {
  constexpr std::string_view kAction = "DeleteChangeSet";
  if (auto ok = CheckName(kAction, "the change set name", change_set); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("ChangeSetName", std::string(change_set)).AddIfNotEmpty("StackName", stack_name);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  return {};
}

Result<cf::Page<cf::ChangeSetSummary>> CloudFormationClient::ListChangeSets(
    std::string_view stack_name_or_id, std::string_view next_token) const {
  constexpr std::string_view kAction = "ListChangeSets";
  if (auto ok = CheckName(kAction, "the stack name", stack_name_or_id); !ok) return ok.error();
  QueryParams params = Params(kAction);
  params.Add("StackName", std::string(stack_name_or_id)).AddIfNotEmpty("NextToken", next_token);
  auto response = CallQuery(*client_, params, kService);
  if (!response) return response.error();
  cf::Page<cf::ChangeSetSummary> page;
  for (const pugi::xml_node member : Members(response->result, "Summaries")) {
    page.items.push_back(cf::detail::ReadChangeSetSummary(member));
  }
  page.next_token = Text(response->result, "NextToken");
  return page;
}

}  // namespace sparta::aws
