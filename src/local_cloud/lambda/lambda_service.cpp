// LambdaService: function definitions (validated as Lambda validates them,
// persisted code-first) and the service's lifetime. Invokes run in
// worker_pool.cpp; the wire API is lambda_rest.cpp.
#include "sparta/local_cloud/lambda_service.hpp"

#include <signal.h>

#include <algorithm>
#include <string>
#include <system_error>

#include "function_document.hpp"
#include "function_names.hpp"
#include "lambda_core.hpp"
#include "local/ids.hpp"
#include "sparta/local/function_config.hpp"
#include "sparta/util/base64.hpp"
#include "sparta/util/digest.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::local_cloud {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFunctionsDir = "lambda/functions";
constexpr std::string_view kCodeDir = "lambda/code";
constexpr std::size_t kEventQueueCapacity = 1000;

// Function processes a killed predecessor left running (kill -9 gives it no
// chance to stop them): those whose program or working directory lies under
// `run_root`. This process holds the data directory's lock, so none of them
// is anyone else's; each gets SIGKILL.
void KillLeftoverProcesses(const fs::path& run_root) {
  std::error_code ec;
  if (!fs::exists(run_root, ec)) return;
  const std::string prefix = fs::weakly_canonical(run_root, ec).string() + "/";
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    for (const char* link : {"exe", "cwd"}) {
      std::error_code link_ec;
      const std::string target = fs::read_symlink(entry.path() / link, link_ec).string();
      if (!link_ec && target.starts_with(prefix)) {
        ::kill(static_cast<pid_t>(std::stol(name)), SIGKILL);
        break;
      }
    }
  }
}

std::string FunctionKey(std::string_view name) {
  std::string key(kFunctionsDir);
  key += '/';
  key += StateStore::EncodeName(name);
  key += ".json";
  return key;
}

Error InvalidParameter(std::string message) {
  return MakeError("InvalidParameterValueException", std::move(message));
}

// What Lambda's CreateFunction/UpdateFunction check before storing anything.
Status ValidateSpec(const FunctionSpec& spec, const CloudContext& context, const IamService* iam) {
  if (!detail::IsValidFunctionName(spec.name)) {
    std::string message = "1 validation error detected: Value '";
    message += spec.name;
    message +=
        "' at 'functionName' failed to satisfy constraint: Member must have length between 1 "
        "and 64 and contain only letters, digits, '-' and '_'";
    return InvalidParameter(std::move(message));
  }
  if (spec.runtime.empty()) {
    return InvalidParameter("Runtime is required for a Zip function: e.g. provided.al2023");
  }
  local::FunctionConfig config;
  config.function_name = spec.name;
  config.memory_mb = spec.memory_mb;
  config.timeout_seconds = spec.timeout_seconds;
  config.environment = spec.environment;
  config.task_root = "/";  // checked for presence only
  if (auto valid = config.Validate(); !valid) return valid;
  if (spec.reserved_concurrency && *spec.reserved_concurrency < 0) {
    return InvalidParameter("ReservedConcurrentExecutions must be 0 or more");
  }
  if (spec.tracing_mode != "Active" && spec.tracing_mode != "PassThrough") {
    std::string message = "TracingConfig.Mode '";
    message += spec.tracing_mode;
    message += "' is not valid: use Active or PassThrough";
    return InvalidParameter(std::move(message));
  }
  for (const auto& architecture : spec.architectures) {
    if (architecture != "x86_64" && architecture != "arm64") {
      std::string message = "Architectures value '";
      message += architecture;
      message += "' is not valid: use x86_64 or arm64";
      return InvalidParameter(std::move(message));
    }
  }
  if (spec.architectures.size() > 1) {
    return InvalidParameter("Architectures takes exactly one value: x86_64 or arm64");
  }
  // The role: required, an IAM role ARN, and if it is this account's, a
  // role IAM knows (as Lambda checks by assuming it).
  if (spec.role_arn.empty()) {
    return InvalidParameter("Role is required: pass the ARN of the function's execution role");
  }
  std::string own_prefix = "arn:aws:iam::";
  own_prefix += context.account_id;
  own_prefix += ":role/";
  bool is_role_arn = spec.role_arn.rfind("arn:aws:iam::", 0) == 0 &&
                     spec.role_arn.find(":role/") != std::string::npos;
  bool unknown_own_role = spec.role_arn.rfind(own_prefix, 0) == 0 && iam != nullptr &&
                          !iam->FindRoleByArn(spec.role_arn).has_value();
  if (!is_role_arn || unknown_own_role) {
    return InvalidParameter("The role defined for the function cannot be assumed by Lambda.");
  }
  // The code.
  auto entries = util::ReadZip(spec.code_zip);
  if (!entries) {
    std::string message = "Could not unzip uploaded file. Please check your file, then try to "
                          "upload again. (";
    message += entries.error().message;
    message += ")";
    return InvalidParameter(std::move(message));
  }
  if (spec.runtime.rfind("provided", 0) == 0) {
    bool has_bootstrap = std::any_of(entries->begin(), entries->end(),
                                     [](const util::ZipEntry& e) { return e.name == "bootstrap"; });
    if (!has_bootstrap) {
      std::string message = "The deployment package of runtime ";
      message += spec.runtime;
      message += " has no executable named bootstrap at its root: add it to the zip";
      return InvalidParameter(std::move(message));
    }
  }
  return {};
}

// The definition a spec becomes (without touching the store).
detail::StoredFunction Describe(FunctionSpec spec, const CloudContext& context) {
  detail::StoredFunction stored;
  stored.code_hex = util::Sha256Hex(spec.code_zip);
  stored.info.code_sha256 = util::Base64Encode(util::Sha256(spec.code_zip));
  stored.info.code_size = static_cast<std::int64_t>(spec.code_zip.size());
  spec.code_zip.clear();
  stored.info.arn = detail::FunctionArn(context, spec.name);
  stored.info.spec = std::move(spec);
  stored.info.last_modified = detail::LambdaTimestampNow();
  stored.info.revision_id = local::detail::NewRequestId();
  stored.info.state = "Active";
  return stored;
}

// REQUIRES: core.mu held.
bool CodeInUse(const detail::LambdaCore& core, const std::string& hex) {
  return std::any_of(core.functions.begin(), core.functions.end(),
                     [&](const auto& item) { return item.second->code_hex == hex; });
}

// Resolves a name or ARN (a `:$LATEST` qualifier is accepted).
Result<std::string> ResolveName(const detail::LambdaCore& core, std::string_view name_or_arn) {
  auto ref = detail::ParseFunctionRef(name_or_arn, core.context);
  if (!ref) return ref.error();
  if (!ref->qualifier.empty() && ref->qualifier != "$LATEST") {
    return detail::FunctionNotFound(core.context, ref->name, ref->qualifier);
  }
  return ref->name;
}

}  // namespace

LambdaService::LambdaService(std::unique_ptr<State> state) : state_(std::move(state)) {}

LambdaService::~LambdaService() {
  // Stop the processes first so that a running Event ends quickly, then the
  // queue's thread (it waits for that Event), then whatever it restarted.
  state_->events->DropQueued();
  detail::StopWorkers(*state_);
  state_->events->Stop();
  detail::StopWorkers(*state_);
}

Result<std::unique_ptr<LambdaService>> LambdaService::Open(StateStore& store,
                                                           CloudContext context,
                                                           const IamService* iam,
                                                           LambdaServiceOptions options) {
  auto state = std::make_unique<State>();
  state->store = &store;
  state->context = std::move(context);
  state->iam = iam;
  state->options = std::move(options);
  state->run_root = store.root() / "lambda-run";
  state->logs = std::make_unique<detail::FunctionLogs>(store.root() / "logs");
  // Task roots are a cache of the code blobs: rebuilt on demand this run.
  KillLeftoverProcesses(state->run_root);
  std::error_code ec;
  fs::remove_all(state->run_root, ec);

  auto files = store.List(kFunctionsDir);
  if (!files) return files.error();
  for (const auto& file : *files) {
    std::string key(kFunctionsDir);
    key += '/';
    key += file;
    auto document = store.GetDocument(key);
    if (!document) return document.error();
    if (!document->has_value()) continue;
    auto stored = detail::FunctionFromDocument(**document);
    if (!stored) {
      std::string message = "the function document ";
      message += store.PathOf(key).string();
      message += " is unreadable (";
      message += stored.error().message;
      message += "): fix or remove it";
      return MakeError("Corrupt", std::move(message));
    }
    auto entry = std::make_shared<detail::FunctionEntry>();
    entry->info = std::move(stored->info);
    entry->code_hex = std::move(stored->code_hex);
    state->functions[entry->info.spec.name] = std::move(entry);
  }
  // Code blobs no document points at: left by a writer killed between the
  // blob and its document, or by a removal killed before the blob went.
  if (auto blobs = store.List(kCodeDir); blobs) {
    for (const auto& blob : *blobs) {
      std::string hex = blob.substr(0, blob.find('.'));
      if (!CodeInUse(*state, hex)) (void)store.Remove(detail::CodeKey(hex));
    }
  }
  state->events = std::make_unique<detail::EventQueue>(kEventQueueCapacity);
  return std::unique_ptr<LambdaService>(new LambdaService(std::move(state)));
}

Result<FunctionInfo> LambdaService::CreateFunction(FunctionSpec spec) {
  if (auto valid = ValidateSpec(spec, state_->context, state_->iam); !valid) {
    return valid.error();
  }
  std::lock_guard write_lock(state_->write_mu);
  {
    std::lock_guard lock(state_->mu);
    if (state_->functions.count(spec.name) != 0) {
      std::string message = "Function already exist: ";
      message += spec.name;
      return MakeError("ResourceConflictException", std::move(message));
    }
  }
  std::string zip = spec.code_zip;
  detail::StoredFunction stored = Describe(std::move(spec), state_->context);
  if (auto put = state_->store->PutBlob(detail::CodeKey(stored.code_hex), zip); !put) return put.error();
  if (auto put = state_->store->PutDocument(FunctionKey(stored.info.spec.name),
                                            detail::FunctionToDocument(stored.info,
                                                                       stored.code_hex));
      !put) {
    return put.error();
  }
  auto entry = std::make_shared<detail::FunctionEntry>();
  entry->info = stored.info;
  entry->code_hex = stored.code_hex;
  std::lock_guard lock(state_->mu);
  state_->functions[stored.info.spec.name] = std::move(entry);
  return stored.info;
}

Result<FunctionInfo> LambdaService::UpdateFunction(FunctionSpec spec) {
  std::lock_guard write_lock(state_->write_mu);
  std::shared_ptr<detail::FunctionEntry> entry;
  {
    std::lock_guard lock(state_->mu);
    auto found = state_->functions.find(spec.name);
    if (found == state_->functions.end()) {
      return detail::FunctionNotFound(state_->context, spec.name);
    }
    entry = found->second;
  }
  bool keep_code = spec.code_zip.empty();
  if (keep_code) {
    auto zip = state_->store->GetBlob(detail::CodeKey(entry->code_hex));
    if (!zip) return zip.error();
    spec.code_zip = std::move(*zip);
  }
  if (auto valid = ValidateSpec(spec, state_->context, state_->iam); !valid) {
    return valid.error();
  }
  std::string zip = spec.code_zip;
  detail::StoredFunction stored = Describe(std::move(spec), state_->context);
  if (!keep_code) {
    if (auto put = state_->store->PutBlob(detail::CodeKey(stored.code_hex), zip); !put) return put.error();
  }
  if (auto put = state_->store->PutDocument(FunctionKey(stored.info.spec.name),
                                            detail::FunctionToDocument(stored.info,
                                                                       stored.code_hex));
      !put) {
    return put.error();
  }
  std::vector<std::shared_ptr<detail::Worker>> retired;
  std::string old_hex;
  bool old_code_unused = false;
  {
    std::lock_guard lock(state_->mu);
    old_hex = entry->code_hex;
    entry->info = stored.info;
    entry->code_hex = stored.code_hex;
    ++entry->generation;
    retired = detail::TakeIdleWorkers(*entry, false);
    old_code_unused = !CodeInUse(*state_, old_hex);
  }
  state_->worker_freed.notify_all();
  detail::StopEach(retired);
  if (old_code_unused) (void)state_->store->Remove(detail::CodeKey(old_hex));
  return stored.info;
}

Status LambdaService::DeleteFunction(std::string_view name_or_arn) {
  auto name = ResolveName(*state_, name_or_arn);
  if (!name) return name.error();
  std::lock_guard write_lock(state_->write_mu);
  std::shared_ptr<detail::FunctionEntry> entry;
  {
    std::lock_guard lock(state_->mu);
    auto found = state_->functions.find(*name);
    if (found == state_->functions.end()) return detail::FunctionNotFound(state_->context, *name);
    entry = found->second;
  }
  if (auto removed = state_->store->Remove(FunctionKey(*name)); !removed) return removed;
  std::vector<std::shared_ptr<detail::Worker>> to_stop;
  bool code_unused = false;
  {
    std::lock_guard lock(state_->mu);
    state_->functions.erase(*name);
    entry->deleted = true;
    to_stop = detail::TakeIdleWorkers(*entry, true);
    // Busy ones end their invoke now (as a crash) and leave on release.
    for (const auto& worker : entry->workers) to_stop.push_back(worker);
    code_unused = !CodeInUse(*state_, entry->code_hex);
  }
  state_->worker_freed.notify_all();
  detail::StopEach(to_stop);
  if (code_unused) (void)state_->store->Remove(detail::CodeKey(entry->code_hex));
  return {};
}

Result<FunctionInfo> LambdaService::GetFunction(std::string_view name_or_arn) const {
  auto name = ResolveName(*state_, name_or_arn);
  if (!name) return name.error();
  std::lock_guard lock(state_->mu);
  auto found = state_->functions.find(*name);
  if (found == state_->functions.end()) return detail::FunctionNotFound(state_->context, *name);
  return found->second->info;
}

Result<local::InvokeResult> LambdaService::Invoke(std::string_view name_or_arn,
                                                  std::string_view payload,
                                                  local::InvokeOptions options) {
  auto name = ResolveName(*state_, name_or_arn);
  if (!name) return name.error();
  if (auto info = GetFunction(*name); !info) return info.error();
  auto result = detail::InvokeFunction(*state_, *name, payload, options);
  if (!result && (result.error().code == detail::kReservedLimitExceeded ||
                  result.error().code == detail::kConcurrentLimitExceeded)) {
    return MakeError("TooManyRequestsException", "Rate Exceeded. (" + result.error().code + ")");
  }
  return result;
}

std::vector<FunctionInfo> LambdaService::ListFunctions() const {
  std::lock_guard lock(state_->mu);
  std::vector<FunctionInfo> out;
  out.reserve(state_->functions.size());
  for (const auto& [name, entry] : state_->functions) out.push_back(entry->info);
  return out;
}

void LambdaService::StopAll() {
  state_->events->DropQueued();
  detail::StopWorkers(*state_);
  // The Event running now ends quickly once its process is stopped, but it
  // may have started a fresh one meanwhile: stop again once it is done.
  state_->events->WaitIdle();
  detail::StopWorkers(*state_);
}

}  // namespace sparta::local_cloud
