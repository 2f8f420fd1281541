#include "deploy/stack_change_set.hpp"

#include <ctime>
#include <random>

namespace sparta::deploy::detail {
namespace cf = aws::cloudformation;

std::string NewChangeSetName() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  ::gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &utc);
  thread_local std::mt19937_64 engine{std::random_device{}()};
  char suffix[16];
  std::snprintf(suffix, sizeof(suffix), "%06llx",
                static_cast<unsigned long long>(engine() & 0xffffffULL));
  return std::string("sparta-") + stamp + "-" + suffix;
}

bool IsChangeSetComputing(std::string_view status) {
  return status == "CREATE_PENDING" || status == "CREATE_IN_PROGRESS";
}

Result<cf::ChangeSet> WaitForChangeSet(const DeployClients& clients,
                                       const std::string& change_set_id, const WaitOptions& options,
                                       const Reporter& reporter) {
  const auto deadline = clients.Now() + options.timeout;
  bool told = false;
  for (;;) {
    auto described = clients.cfn.DescribeChangeSet(change_set_id, "");
    if (!described) return described.error();
    if (!IsChangeSetComputing(described->status)) return described;
    if (clients.Now() >= deadline) {
      return MakeError("Timeout", "change set " + change_set_id + " was still " +
                                      described->status + " after " +
                                      HumanDuration(options.timeout) +
                                      "; CloudFormation may be slow: try provision again later");
    }
    if (!told) {
      reporter.Waiting(kStepChangeSet, "waiting for CloudFormation to compute change set " +
                                           described->change_set_name);
      told = true;
    }
    clients.Sleep(options.poll_interval);
  }
}

std::vector<PlannedChange> ToPlannedChanges(const cf::ChangeSet& change_set) {
  std::vector<PlannedChange> changes;
  for (const cf::Change& change : change_set.changes) {
    const cf::ResourceChange& rc = change.resource_change;
    changes.push_back(PlannedChange{rc.action, rc.logical_resource_id, rc.resource_type,
                                    rc.physical_resource_id, rc.replacement});
  }
  return changes;
}

void DiscardChangeSet(const DeployClients& clients, const std::string& change_set_id,
                      const WaitOptions& options, const Reporter& reporter) {
  // Deleting a change set CloudFormation is still computing fails with
  // InvalidChangeSetStatus (Sparta for Go's #45): wait for it first.
  auto described = WaitForChangeSet(clients, change_set_id, options, reporter);
  if (!described) {
    if (described.error().code.starts_with("ChangeSetNotFound")) return;  // already gone
    reporter.Notice(kStepChangeSet, "could not remove change set " + change_set_id + ": " +
                                        described.error().message);
    return;
  }
  if (auto deleted = clients.cfn.DeleteChangeSet(change_set_id, ""); !deleted) {
    if (deleted.error().code.starts_with("ChangeSetNotFound")) return;
    reporter.Notice(kStepChangeSet, "could not remove change set " + described->change_set_name +
                                        ": " + deleted.error().message);
  }
}

bool IsConflict(const Error& error) {
  const std::string& code = error.code;
  if (code == "OperationInProgressException" || code.starts_with("InvalidChangeSetStatus") ||
      code.starts_with("ChangeSetNotFound") || code == "AlreadyExistsException") {
    return true;
  }
  if (code != "ValidationError") return false;
  const std::string& message = error.message;
  return (message.find(" state and can not be ") != std::string::npos) ||
         (message.find(" state and cannot be ") != std::string::npos) ||
         (message.find(" already exists") != std::string::npos) ||
         (message.find("is in progress") != std::string::npos);
}

}  // namespace sparta::deploy::detail
