// The worker pool: which process runs an invoke, how many run at once, and
// when old ones stop. Processes are never created, stopped or destroyed with
// LambdaCore::mu held except FunctionProcess::Create (it starts nothing).
#include <algorithm>
#include <chrono>
#include <system_error>

#include "function_names.hpp"
#include "lambda_core.hpp"
#include "sparta/util/zip.hpp"
#include "sparta/local_cloud/state_store.hpp"

namespace sparta::local_cloud::detail {
namespace {

namespace fs = std::filesystem;

// Lambda's on-demand init limit, as FunctionProcessOptions' default.
constexpr std::chrono::seconds kInitTimeout{10};

// Extracts the code once per run: into a temporary directory, renamed into
// place, so a task root is complete or absent.
Status EnsureTaskRoot(LambdaCore& core, const std::string& hex) {
  std::lock_guard lock(core.extract_mu);
  if (core.extracted.count(hex) != 0) return {};
  auto zip = core.store->GetBlob(CodeKey(hex));
  if (!zip) {
    return MakeError("ServiceException",
                     "the function's code " + hex + " cannot be read: " + zip.error().message);
  }
  fs::path target = core.run_root / hex;
  fs::path partial = core.run_root / ("." + hex + ".partial");
  std::error_code ec;
  fs::remove_all(partial, ec);
  fs::remove_all(target, ec);
  if (auto extracted = util::ExtractZip(*zip, partial); !extracted) {
    fs::remove_all(partial, ec);
    return MakeError("ServiceException", "the function's code cannot be unpacked into " +
                                             partial.string() + ": " + extracted.error().message);
  }
  fs::rename(partial, target, ec);
  if (ec) {
    fs::remove_all(partial, ec);
    return MakeError("ServiceException",
                     "cannot move the function's code into " + target.string() + ": " + ec.message());
  }
  core.extracted.insert(hex);
  return {};
}

bool IsExtracted(LambdaCore& core, const std::string& hex) {
  std::lock_guard lock(core.extract_mu);
  return core.extracted.count(hex) != 0;
}

local::FunctionConfig WorkerConfig(const LambdaCore& core, const FunctionEntry& entry) {
  const FunctionSpec& spec = entry.info.spec;
  local::FunctionConfig config;
  config.function_name = spec.name;
  config.handler = spec.handler;
  config.memory_mb = spec.memory_mb;
  config.timeout_seconds = spec.timeout_seconds;
  config.environment = spec.environment;
  if (!core.context.endpoint.empty()) {
    // The function's own setting wins: it may point elsewhere on purpose.
    config.environment.emplace("AWS_ENDPOINT_URL", core.context.endpoint);
  }
  config.task_root = core.run_root / entry.code_hex;
  config.region = core.context.region;
  config.account_id = core.context.account_id;
  config.log_group = spec.log_group;
  config.credentials = local::FunctionCredentials{core.options.access_key_id,
                                                  core.options.secret_access_key, ""};
  return config;
}

struct Lease {
  std::shared_ptr<FunctionEntry> entry;
  std::shared_ptr<Worker> worker;
};

Result<Lease> Acquire(LambdaCore& core, const std::string& name) {
  std::unique_lock lock(core.mu);
  auto found = core.functions.find(name);
  if (found == core.functions.end()) return FunctionNotFound(core.context, name);
  std::shared_ptr<FunctionEntry> entry = found->second;
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::seconds(entry->info.spec.timeout_seconds) + kInitTimeout;
  for (;;) {
    if (entry->deleted) return FunctionNotFound(core.context, name);
    const auto& reserved = entry->info.spec.reserved_concurrency;
    std::size_t cap = static_cast<std::size_t>(
        std::max(0, reserved ? *reserved : core.options.max_workers_per_function));
    std::size_t busy = 0;
    for (const auto& worker : entry->workers) busy += worker->busy ? 1 : 0;
    if (busy < cap) {
      for (const auto& worker : entry->workers) {
        if (!worker->busy && worker->generation == entry->generation) {
          worker->busy = true;
          return Lease{entry, worker};
        }
      }
      std::string hex = entry->code_hex;
      if (!IsExtracted(core, hex)) {
        lock.unlock();
        Status ready = EnsureTaskRoot(core, hex);
        lock.lock();
        if (!ready) return ready.error();
        continue;  // the function may have changed meanwhile
      }
      auto process = local::FunctionProcess::Create(WorkerConfig(core, *entry));
      if (!process) return process.error();
      auto worker = std::make_shared<Worker>();
      worker->process = std::move(*process);
      worker->generation = entry->generation;
      worker->busy = true;
      entry->workers.push_back(worker);
      return Lease{entry, worker};
    }
    if (reserved) {
      return MakeError(std::string(kReservedLimitExceeded), "Rate Exceeded.");
    }
    if (core.worker_freed.wait_until(lock, deadline) == std::cv_status::timeout) {
      return MakeError(std::string(kConcurrentLimitExceeded), "Rate Exceeded.");
    }
  }
}

void Release(LambdaCore& core, Lease& lease) {
  std::shared_ptr<Worker> retired;
  {
    std::lock_guard lock(core.mu);
    lease.worker->busy = false;
    if (lease.entry->deleted || lease.worker->generation != lease.entry->generation) {
      auto& workers = lease.entry->workers;
      workers.erase(std::remove(workers.begin(), workers.end(), lease.worker), workers.end());
      retired = std::move(lease.worker);
    }
  }
  core.worker_freed.notify_all();
  if (retired) StopEach({retired});
}

}  // namespace

std::vector<std::shared_ptr<Worker>> TakeIdleWorkers(FunctionEntry& entry, bool all) {
  std::vector<std::shared_ptr<Worker>> taken;
  std::vector<std::shared_ptr<Worker>> kept;
  for (auto& worker : entry.workers) {
    bool retire = !worker->busy && (all || worker->generation != entry.generation);
    (retire ? taken : kept).push_back(std::move(worker));
  }
  entry.workers = std::move(kept);
  return taken;
}

void StopEach(const std::vector<std::shared_ptr<Worker>>& workers) {
  for (const auto& worker : workers) {
    if (worker && worker->process) worker->process->Stop();
  }
}

void StopWorkers(LambdaCore& core) {
  std::vector<std::shared_ptr<Worker>> to_stop;
  {
    std::lock_guard lock(core.mu);
    for (auto& [name, entry] : core.functions) {
      for (auto& worker : TakeIdleWorkers(*entry, true)) to_stop.push_back(std::move(worker));
      // Busy ones stay listed (their invoke still holds them) but stop now.
      for (const auto& worker : entry->workers) to_stop.push_back(worker);
    }
  }
  StopEach(to_stop);
  core.worker_freed.notify_all();
}

Result<local::InvokeResult> InvokeFunction(LambdaCore& core, const std::string& name,
                                           std::string_view payload,
                                           const local::InvokeOptions& options) {
  auto lease = Acquire(core, name);
  if (!lease) return lease.error();
  auto result = lease->worker->process->Invoke(payload, options);
  std::string group = lease->worker->process->config().LogGroupName();
  Release(core, *lease);
  if (result.ok()) core.logs->Append(group, result->log_stream_name, result->logs);
  return result;
}

}  // namespace sparta::local_cloud::detail
