#pragma once
// LambdaService's private state and the worker pool that runs invokes on
// it. Split from lambda_service.cpp so that the pool (worker_pool.cpp), the
// REST API (lambda_rest.cpp) and the definitions share one state.

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "event_queue.hpp"
#include "function_logs.hpp"
#include "sparta/local/function_process.hpp"
#include "sparta/local_cloud/lambda_service.hpp"

namespace sparta::local_cloud::detail {

/// One execution environment of a function.
struct Worker {
  std::unique_ptr<local::FunctionProcess> process;
  std::uint64_t generation = 0;  // the function's generation it was built for
  bool busy = false;             // GUARDED_BY(LambdaCore::mu)
};

/// A defined function and its workers.
struct FunctionEntry {
  FunctionInfo info;     // code_zip empty
  std::string code_hex;  // the zip's blob key
  /// Bumped by every update: workers of an older generation take no new
  /// invokes and are stopped once idle.
  std::uint64_t generation = 0;
  bool deleted = false;
  std::vector<std::shared_ptr<Worker>> workers;
};

struct LambdaCore {
  StateStore* store = nullptr;
  CloudContext context;
  const IamService* iam = nullptr;
  LambdaServiceOptions options;
  std::filesystem::path run_root;  // <store root>/lambda-run: extracted code, a cache
  std::unique_ptr<FunctionLogs> logs;

  std::mutex write_mu;  // serializes definition changes and their store writes

  std::mutex mu;
  std::condition_variable worker_freed;  // a worker became idle or went away
  std::map<std::string, std::shared_ptr<FunctionEntry>> functions;  // GUARDED_BY(mu)

  std::mutex extract_mu;
  std::set<std::string> extracted;  // GUARDED_BY(extract_mu): code hexes ready this run

  std::unique_ptr<EventQueue> events;
};

/// The StateStore key of the code zip whose SHA-256 hex is `hex`.
inline std::string CodeKey(std::string_view hex) {
  std::string key = "lambda/code/";
  key += hex;
  key += ".zip";
  return key;
}

/// The error codes the pool uses for its two throttles (the REST layer maps
/// both to 429 TooManyRequestsException with this as the "Reason").
inline constexpr std::string_view kReservedLimitExceeded =
    "ReservedFunctionConcurrentInvocationLimitExceeded";
inline constexpr std::string_view kConcurrentLimitExceeded = "ConcurrentInvocationLimitExceeded";

/// Runs one synchronous invoke of function `name` ($LATEST) on a warm idle
/// worker, a new one below the cap, or (at the local cap) the first one
/// freed within timeout + init timeout. Appends the invoke's logs. Errors:
/// "ResourceNotFoundException", the two throttles above, FunctionProcess's
/// own refusals, "ServiceException" when the code cannot be extracted.
Result<local::InvokeResult> InvokeFunction(LambdaCore& core, const std::string& name,
                                           std::string_view payload,
                                           const local::InvokeOptions& options);

/// REQUIRES: LambdaCore::mu held. Removes the idle workers of `entry` (all
/// of them, or only those of an older generation) and returns them for the
/// caller to stop and destroy outside the lock.
std::vector<std::shared_ptr<Worker>> TakeIdleWorkers(FunctionEntry& entry, bool all);

/// Stops every worker of every function: idle ones are removed, busy ones
/// are stopped (their invoke fails like a crash) and removed on release.
void StopWorkers(LambdaCore& core);

/// Stops the processes of `workers` outside any lock (each Stop() may wait
/// for the shutdown grace).
void StopEach(const std::vector<std::shared_ptr<Worker>>& workers);

}  // namespace sparta::local_cloud::detail

namespace sparta::local_cloud {
/// The pimpl is the core itself; lambda_rest.cpp reaches it as a LambdaCore.
struct LambdaService::State : detail::LambdaCore {};
}  // namespace sparta::local_cloud
