#pragma once
// StackEngine: the local CloudFormation behind CloudFormationService, over
// any ResourceProvider (so it can be tested without the other services).
// It owns the stacks, the Query API over them, and the background threads
// that walk stack operations step by step, committing each step.
//
// Locking: `mu_` guards `stacks_` and every field of every StackRecord for
// writing. An operation thread is the only writer of its stack's resources
// and template, so it reads them without the lock; request threads read
// under the lock. Operation threads evaluate templates without `mu_`;
// request threads may hold it (Fn::ImportValue takes only `exports_mu_`,
// which nests inside `mu_`).

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "local_cloud/cloudformation/resource_provider.hpp"
#include "local_cloud/cloudformation/stack_model.hpp"
#include "sparta/local/template_evaluator.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/state_store.hpp"

namespace sparta::local_cloud::cfn {

struct EngineOptions {
  CloudContext context;
  /// Not owned; must outlive the engine.
  ResourceProvider* provider = nullptr;
  /// Reads an S3 object (TemplateURL); unset: every TemplateURL is refused.
  std::function<Result<std::string>(std::string_view bucket, std::string_view key)> read_object;
  /// Called by Shutdown() before it waits for the operation threads, to end
  /// what they may be blocked in (custom resources' invokes and waits).
  std::function<void()> on_shutdown;
};

/// A template parsed and evaluated as far as it can be before resources
/// exist.
struct PreparedTemplate {
  json::value tmpl;
  local::StackContext ctx;
  local::ResolvedParameters params;
  local::ConditionValues conditions;
  std::vector<std::string> order;  // creation order
  std::string description;
};

class StackEngine {
 public:
  static Result<std::unique_ptr<StackEngine>> Open(StateStore& store, EngineOptions options);
  ~StackEngine();
  StackEngine(const StackEngine&) = delete;
  StackEngine& operator=(const StackEngine&) = delete;

  CloudResponse HandleQuery(const CloudRequest& request);
  /// Lets operations reach their next committed step, joins their threads;
  /// later requests answer ServiceUnavailable. Idempotent.
  void Shutdown();

 private:
  StackEngine(StateStore& store, EngineOptions options);

  // ---- lifecycle (stack_engine.cpp) ----
  Status Load();
  /// Starts the operation thread of a stack whose status is *_IN_PROGRESS.
  /// REQUIRES: mu_ held.
  void StartOperation(const std::string& stack_id);
  void RunOperation(const std::string& stack_id);
  /// REQUIRES: mu_ held.
  void Commit(StackRecord& stack);
  /// Appends an event (and commits). REQUIRES: mu_ held.
  void AddEvent(StackRecord& stack, const std::string& logical_id, const std::string& physical_id,
                const std::string& type, const std::string& status, const std::string& reason);
  /// Sets the stack status, with its stack event, and commits.
  void SetStackStatus(StackRecord& stack, const std::string& status, const std::string& reason);
  /// Sets a resource's status, with its event, and commits.
  void SetResourceStatus(StackRecord& stack, ResourceRecord& resource, const std::string& status,
                         const std::string& reason);
  /// A live stack by name, or any stack by ID. REQUIRES: mu_ held.
  StackRecord* FindStack(std::string_view name_or_id);
  /// Rebuilds the export index from every live stack. REQUIRES: mu_ held.
  void RebuildExports();
  std::optional<std::string> ImportValue(std::string_view name) const;

  // ---- template preparation (stack_template.cpp) ----
  Result<std::string> ReadTemplateSource(const FormFields& form) const;
  Result<PreparedTemplate> Prepare(const std::string& body, const ParameterValues& parameters,
                                   const std::string& stack_name,
                                   const std::string& stack_id) const;
  local::EvalScope MakeScope(const PreparedTemplate& prepared, const StackRecord& stack) const;

  // ---- operations (stack_operations.cpp); each runs one phase and
  // returns false when it stopped early (shutdown) ----
  bool RunCreate(StackRecord& stack);
  bool RunRollback(StackRecord& stack);
  bool RunUpdate(StackRecord& stack);
  bool RunUpdateRollback(StackRecord& stack);
  bool RunCleanup(StackRecord& stack, const std::string& final_status);
  bool RunDelete(StackRecord& stack);
  /// Creates one resource (its three events); false with the reason on
  /// failure.
  bool CreateResource(StackRecord& stack, const PreparedTemplate& prepared,
                      const std::string& logical_id, bool replacing, std::string& reason);
  /// Deletes one resource record's physical resource with its events;
  /// returns false with the reason when it cannot be deleted.
  bool DeleteResource(StackRecord& stack, ResourceRecord& resource, std::string& reason);
  /// The order to delete the stack's resources in: its template's deletion
  /// order, then whatever the template does not name, newest first.
  std::vector<std::string> DeleteOrder(const StackRecord& stack) const;
  Status EvaluateAndStoreOutputs(StackRecord& stack, const PreparedTemplate& prepared);
  void FinishChangeSet(StackRecord& stack, bool succeeded);

  // ---- Query API (query_api.cpp, query_stacks.cpp, query_change_sets.cpp) ----
  CloudResponse CreateStack(const FormFields& form, const CloudRequest& request);
  CloudResponse UpdateStack(const FormFields& form, const CloudRequest& request);
  CloudResponse DeleteStack(const FormFields& form, const CloudRequest& request);
  CloudResponse DescribeStacks(const FormFields& form, const CloudRequest& request);
  CloudResponse ListStacks(const FormFields& form, const CloudRequest& request);
  CloudResponse DescribeStackEvents(const FormFields& form, const CloudRequest& request);
  CloudResponse ListStackResources(const FormFields& form, const CloudRequest& request);
  CloudResponse DescribeStackResources(const FormFields& form, const CloudRequest& request);
  CloudResponse DescribeStackResource(const FormFields& form, const CloudRequest& request);
  CloudResponse GetTemplate(const FormFields& form, const CloudRequest& request);
  CloudResponse ValidateTemplate(const FormFields& form, const CloudRequest& request);
  CloudResponse ListExports(const FormFields& form, const CloudRequest& request);
  CloudResponse CreateChangeSet(const FormFields& form, const CloudRequest& request);
  CloudResponse DescribeChangeSet(const FormFields& form, const CloudRequest& request);
  CloudResponse ExecuteChangeSet(const FormFields& form, const CloudRequest& request);
  CloudResponse DeleteChangeSet(const FormFields& form, const CloudRequest& request);
  CloudResponse ListChangeSets(const FormFields& form, const CloudRequest& request);
  /// Checks a new template/parameter set for a stack: template, parameters,
  /// capabilities. `stack_id`/`name` feed the pseudo parameters.
  Result<PreparedTemplate> CheckNewTemplate(const std::string& body,
                                            const ParameterValues& parameters,
                                            const std::vector<std::string>& capabilities,
                                            const std::string& stack_name,
                                            const std::string& stack_id) const;
  /// A request's template, parameters, capabilities and tags; values the
  /// request leaves to the stack (UsePreviousTemplate, UsePreviousValue,
  /// absent Tags) come from `stack` when given. REQUIRES: mu_ held.
  struct NewStackInputs {
    std::string body;
    ParameterValues parameters;
    std::vector<std::string> capabilities;
    TagList tags;
  };
  Result<NewStackInputs> ReadInputs(const FormFields& form, const StackRecord* stack) const;
  /// True when template text, parameter values and tags are all unchanged.
  bool SameInputs(const StackRecord& stack, const NewStackInputs& inputs) const;
  /// Starts an update of `stack` to `inputs`. REQUIRES: mu_ held.
  void BeginUpdate(StackRecord& stack, NewStackInputs inputs, const std::string& description);
  /// Finds the change set `name_or_id` (of `stack_name` when a name).
  /// REQUIRES: mu_ held.
  std::pair<StackRecord*, ChangeSetRecord*> FindChangeSet(std::string_view name_or_id,
                                                          std::string_view stack_name);
  /// The changes `stack` would see from `prepared` (rendered for XML).
  json::array ComputeChanges(const StackRecord& stack, const PreparedTemplate& prepared) const;

  std::string RegionOf(const CloudRequest& request) const;

  StateStore& store_;
  EngineOptions options_;
  std::atomic<bool> stopping_{false};

  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<StackRecord>> stacks_;  // by stack ID
  std::set<std::string> busy_;  // stacks with an operation thread
  /// The last operation thread of each stack (joined before the next starts,
  /// so finished threads do not pile up).
  std::map<std::string, std::thread> threads_;

  mutable std::mutex exports_mu_;
  struct ExportEntry {
    std::string stack_id;
    std::string value;
  };
  std::map<std::string, ExportEntry, std::less<>> exports_;
};

/// The stack's UUID (the last segment of its ID): its store key's name.
std::string StackKey(std::string_view stack_id);
/// The region field of an ARN.
std::string RegionOfArn(std::string_view arn);
std::string NewUuid();
std::string Now();

inline constexpr std::string_view kRestartedReason = "sparta-local restarted during the operation";

}  // namespace sparta::local_cloud::cfn
