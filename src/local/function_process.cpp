#include "sparta/local/function_process.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

#include "local/ids.hpp"
#include "local/log_capture.hpp"
#include "local/sandbox.hpp"

namespace sparta::local {
namespace {

using Clock = std::chrono::steady_clock;
using detail::Failure;
using detail::Sandbox;

std::string Fixed2(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.2f", value);
  return text;
}

std::int64_t PeakMemoryMb(const Sandbox& sandbox) {
  return (sandbox.child->PeakRssKb() + 1023) / 1024;
}

std::string ReportLine(const InvokeResult& result, const Failure* failure) {
  std::string line = "REPORT RequestId: " + result.request_id +
                     "\tDuration: " + Fixed2(result.duration_ms) +
                     " ms\tBilled Duration: " + std::to_string(result.billed_duration_ms) +
                     " ms\tMemory Size: " + std::to_string(result.memory_size_mb) +
                     " MB\tMax Memory Used: " + std::to_string(result.max_memory_used_mb) + " MB";
  if (result.init_duration_ms) line += "\tInit Duration: " + Fixed2(*result.init_duration_ms) + " ms";
  if (failure) {
    line += "\tStatus: " + failure->status;
    if (failure->status == "error") line += "\tError Type: " + failure->error_type;
  }
  return line;
}

std::string InitReportLine(double init_ms, const Failure& failure) {
  std::string line =
      "INIT_REPORT Init Duration: " + Fixed2(init_ms) + " ms\tPhase: init\tStatus: " + failure.status;
  if (failure.status == "error") line += "\tError Type: " + failure.error_type;
  return line;
}

}  // namespace

FunctionProcess::FunctionProcess(FunctionConfig config, FunctionProcessOptions options)
    : config_(std::move(config)),
      options_(std::move(options)),
      logs_(std::make_unique<detail::LogCapture>(options_.log_sink)) {}

FunctionProcess::~FunctionProcess() { Stop(); }

Result<std::unique_ptr<FunctionProcess>> FunctionProcess::Create(FunctionConfig config,
                                                                 FunctionProcessOptions options) {
  if (auto valid = config.Validate(); !valid.ok()) return valid.error();
  return std::unique_ptr<FunctionProcess>(
      new FunctionProcess(std::move(config), std::move(options)));
}

std::shared_ptr<Sandbox> FunctionProcess::CurrentSandbox() const {
  std::lock_guard lock(sandbox_mu_);
  return sandbox_;
}

void FunctionProcess::PublishSandbox(std::shared_ptr<Sandbox> sandbox) {
  std::lock_guard lock(sandbox_mu_);
  sandbox_ = std::move(sandbox);
}

void FunctionProcess::DropSandbox(const std::shared_ptr<Sandbox>& sandbox) {
  std::lock_guard lock(sandbox_mu_);
  if (sandbox_ == sandbox) sandbox_.reset();
}

std::optional<int> FunctionProcess::pid() const {
  auto sandbox = CurrentSandbox();
  if (!sandbox || sandbox->child->Exited()) return std::nullopt;
  return sandbox->child->pid();
}

void FunctionProcess::Stop() {
  std::shared_ptr<Sandbox> sandbox;
  {
    std::lock_guard lock(sandbox_mu_);
    sandbox = std::exchange(sandbox_, nullptr);
  }
  if (sandbox) sandbox->child->Terminate(options_.shutdown_grace);
}

Result<InvokeResult> FunctionProcess::Invoke(std::string_view payload,
                                             const InvokeOptions& options) {
  if (payload.size() > kMaxInvokeRequestBytes) {
    return MakeError("RequestEntityTooLargeException",
                     "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
  }
  std::lock_guard invoke_lock(invoke_mu_);
  const auto invoke_start = Clock::now();
  InvokeResult result;
  result.request_id = options.request_id.empty() ? detail::NewRequestId() : options.request_id;
  result.executed_version = config_.version;
  result.memory_size_mb = config_.memory_mb;
  const std::string& id = result.request_id;
  logs_->Begin();

  std::shared_ptr<Sandbox> sandbox = CurrentSandbox();
  if (sandbox && sandbox->child->Exited()) {  // it died while idle
    DropSandbox(sandbox);
    sandbox.reset();
  }
  std::optional<Failure> failure;
  if (!sandbox) {
    result.cold_start = true;
    logs_->Append("INIT_START Runtime Version: provided:al2023");
    auto spawned = detail::SpawnSandbox(config_, *logs_, id);
    if (!spawned.ok()) {
      logs_->End();
      return spawned.error();
    }
    sandbox = std::move(spawned->sandbox);
    failure = std::move(spawned->failure);
    if (!failure) {
      PublishSandbox(sandbox);  // from here on Stop() can end it
      double init_ms = 0;
      failure = detail::AwaitInit(*sandbox, config_, options_.init_timeout, id, &init_ms);
      sandbox->child->FlushOutput();  // init's output precedes what follows
      if (failure) {
        result.max_memory_used_mb = PeakMemoryMb(*sandbox);
        logs_->Append(InitReportLine(init_ms, *failure));
        DropSandbox(sandbox);
      } else {
        result.init_duration_ms = init_ms;
      }
    }
  }
  result.log_stream_name = sandbox->log_stream_name;
  logs_->Append("START RequestId: " + id + " Version: " + config_.version);

  if (failure) {
    result.duration_ms =
        std::chrono::duration<double, std::milli>(Clock::now() - invoke_start).count();
  } else {
    failure = detail::RunEvent(*sandbox, config_, payload, options, result);
    result.max_memory_used_mb = PeakMemoryMb(*sandbox);
    sandbox->child->FlushOutput();  // what the function wrote belongs before END
    if (failure) DropSandbox(sandbox);
  }
  if (failure) {
    result.function_error = "Unhandled";
    result.content_type = "application/json";
    result.payload = failure->payload;
    for (auto& line : failure->log_lines) logs_->Append(std::move(line));
  }
  // Lambda bills a custom runtime's init too, rounded up to the millisecond.
  result.billed_duration_ms = static_cast<std::int64_t>(
      std::ceil(result.duration_ms + result.init_duration_ms.value_or(0)));
  logs_->Append("END RequestId: " + id);
  logs_->Append(ReportLine(result, failure ? &*failure : nullptr));
  result.logs = logs_->End();
  return result;
}

}  // namespace sparta::local
