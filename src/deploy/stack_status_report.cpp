// DescribeStatus: the stack, its resources and its latest events.

#include "sparta/deploy/stack_status_report.hpp"

#include <algorithm>

#include "sparta/aws/stack_status.hpp"

#include "deploy/provision_internal.hpp"

namespace sparta::deploy {
namespace cf = aws::cloudformation;

Result<StackStatusReport> DescribeStatus(const aws::Session& session, std::string_view stack_name,
                                         int last_events) {
  auto clients = detail::OpenDeployClients(session);
  if (!clients) return clients.error();
  return detail::DescribeStatusWith(*clients, stack_name, last_events);
}

namespace detail {

Result<StackStatusReport> DescribeStatusWith(const DeployClients& clients,
                                             std::string_view stack_name, int last_events) {
  if (auto valid = ValidateStackName(stack_name); !valid) return valid.error();
  const std::string name(stack_name);
  StackStatusReport report;
  report.region = clients.region;
  auto found = clients.cfn.DescribeStack(name);
  if (!found) {
    if (cf::IsStackNotFound(found.error())) {
      return MakeError("StackNotFound", "stack " + name + " does not exist in region " +
                                            clients.region +
                                            ": run `provision` to create it (or check the "
                                            "region and the stack name)");
    }
    return WithContext(found.error(), "cannot read stack " + name);
  }
  report.stack = std::move(*found);

  auto resources = clients.cfn.ListAllStackResources(report.stack.stack_id);
  if (!resources) {
    return WithContext(resources.error(), "cannot list the resources of stack " + name);
  }
  report.resources = std::move(*resources);

  std::string token;
  while (static_cast<int>(report.events.size()) < last_events) {
    auto page = clients.cfn.DescribeStackEvents(report.stack.stack_id, token);
    if (!page) return WithContext(page.error(), "cannot read the events of stack " + name);
    for (cf::StackEvent& event : page->items) {
      if (static_cast<int>(report.events.size()) == last_events) break;
      report.events.push_back(std::move(event));
    }
    token = page->next_token;
    if (token.empty()) break;
  }
  std::reverse(report.events.begin(), report.events.end());  // oldest first
  return report;
}

}  // namespace detail
}  // namespace sparta::deploy
