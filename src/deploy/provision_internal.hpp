#pragma once
// The deploy operations on explicit clients: what Provision, DeleteStack and
// DescribeStatus run once they have opened the session's clients. Tests call
// these with clients on scripted transports.

#include <string_view>

#include "sparta/deploy/build_service.hpp"
#include "sparta/deploy/delete_stack.hpp"
#include "sparta/deploy/provision.hpp"
#include "sparta/deploy/stack_status_report.hpp"

#include "deploy/provision_clients.hpp"

namespace sparta::deploy::detail {

Result<ProvisionResult> ProvisionWith(const DeployClients& clients, const BuildOutput& build,
                                      const ProvisionRequest& request, ProgressSink& sink);

Result<DeleteResult> DeleteStackWith(const DeployClients& clients, std::string_view stack_name,
                                     const DeleteOptions& options, ProgressSink& sink);

Result<StackStatusReport> DescribeStatusWith(const DeployClients& clients,
                                             std::string_view stack_name, int last_events);

/// Error "InvalidArgument" unless `name` is a valid stack name: a letter,
/// then letters, digits and '-', at most 128 characters.
Status ValidateStackName(std::string_view name);

}  // namespace sparta::deploy::detail
