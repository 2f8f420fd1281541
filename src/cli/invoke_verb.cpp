// `invoke`: package the artifact, unpack it into a fresh task root and run its
// bootstrap under the local Lambda supervisor, exactly as Lambda would.

#include <fmt/core.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "bootstrap_locator.hpp"
#include "invoke_io.hpp"
#include "output.hpp"
#include "sparta/deploy/package.hpp"
#include "sparta/json/json.hpp"
#include "sparta/local/function_process.hpp"
#include "sparta/service/validate.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"
#include "verbs.hpp"

namespace sparta::cli {
namespace {
namespace fs = std::filesystem;

// A private directory for one invoke's artifact and task root.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (fs::temp_directory_path() / "sparta-invoke-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  bool ok() const { return !path_.empty(); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string Region() {
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    const char* v = std::getenv(name);
    if (v != nullptr && *v != '\0') return v;
  }
  return "us-east-1";
}

// Packages the bootstrap as `build` would and unpacks it into `task_root`.
Status PrepareTaskRoot(const fs::path& bootstrap, Architecture arch, const fs::path& scratch,
                       const fs::path& task_root) {
  deploy::PackageRequest request{bootstrap, scratch / "artifact.zip",
                                 arch == Architecture::kArm64 ? deploy::CpuArchitecture::kArm64
                                                              : deploy::CpuArchitecture::kX86_64,
                                 {}, AllowHostDependentBootstrap()};
  auto artifact = deploy::PackageArtifact(request);
  if (!artifact.ok()) return artifact.error();
  auto bytes = util::ReadFile(artifact->zip_path);
  if (!bytes.ok()) return bytes.error();
  return util::ExtractZip(*bytes, task_root);
}

void PrintJson(const std::string& function, const local::InvokeResult& r) {
  json::array logs;
  for (const auto& line : r.logs) logs.emplace_back(line.message);
  json::object o{{"function", function},
                 {"requestId", r.request_id},
                 {"statusCode", r.status_code},
                 {"functionError", r.function_error.empty() ? json::value(nullptr)
                                                            : json::value(r.function_error)},
                 {"payload", r.payload},
                 {"coldStart", r.cold_start},
                 {"durationMs", r.duration_ms},
                 {"billedDurationMs", r.billed_duration_ms},
                 {"initDurationMs", r.init_duration_ms ? json::value(*r.init_duration_ms)
                                                       : json::value(nullptr)},
                 {"memorySizeMb", r.memory_size_mb},
                 {"maxMemoryUsedMb", r.max_memory_used_mb},
                 {"logs", std::move(logs)}};
  fmt::print("{}", jsonutil::Pretty(o));
}

}  // namespace

int RunInvoke(const Service& service, const InvokeOptions& options) {
  if (auto valid = Validate(service); !valid.ok()) {
    PrintError(valid.error());
    return kExitUsage;
  }
  auto input = ReadInvocation(service, options.function, options.stage, options.event);
  if (!input.ok()) {
    PrintError(input.error());
    return kExitUsage;
  }
  const Function* function = &*input->function;
  auto bootstrap = LocateBootstrap(options.bootstrap);
  if (!bootstrap.ok()) {
    PrintError(bootstrap.error());
    return kExitUsage;
  }
  ScratchDir scratch;
  if (!scratch.ok()) {
    PrintError("cannot create a temporary directory for the function's task root");
    return kExitFailed;
  }
  const fs::path task_root = scratch.path() / "task";
  if (auto st = PrepareTaskRoot(*bootstrap, function->options.architecture, scratch.path(),
                                task_root);
      !st.ok()) {
    PrintError(st.error());
    return kExitUsage;
  }

  local::FunctionConfig config;
  config.function_name = input->stack + "-" + function->name;
  config.handler = function->name;
  config.memory_mb = function->options.memory_mb;
  config.timeout_seconds = static_cast<int>(function->options.timeout.count());
  config.environment = function->options.environment;
  config.task_root = task_root;
  config.region = Region();

  local::FunctionProcessOptions process_options;
  if (!options.json_output) {
    process_options.log_sink = [](const local::LogEvent& e) {
      fmt::print(stderr, "{}\n", e.message);
    };
  }
  auto process = local::FunctionProcess::Create(config, std::move(process_options));
  if (!process.ok()) {
    PrintError(process.error());
    return kExitUsage;
  }
  auto result = (*process)->Invoke(input->event);
  (*process)->Stop();
  if (!result.ok()) {
    PrintError(result.error());
    return result.error().code == "RequestEntityTooLargeException" ? kExitUsage : kExitFailed;
  }
  if (options.json_output) {
    PrintJson(function->name, *result);
  } else {
    fmt::print("{}\n", result->payload);
    if (!result->function_error.empty()) PrintFunctionError(function->name, result->payload);
  }
  return result->function_error.empty() ? kExitOk : kExitFailed;
}

}  // namespace sparta::cli
