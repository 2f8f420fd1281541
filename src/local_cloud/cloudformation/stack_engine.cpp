#include "local_cloud/cloudformation/stack_engine.hpp"

#include <chrono>
#include <iostream>
#include <utility>

#include "local/ids.hpp"

namespace sparta::local_cloud::cfn {
namespace {

constexpr std::string_view kStacksDir = "cloudformation/stacks";

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

std::string StackKey(std::string_view stack_id) {
  const std::size_t slash = stack_id.rfind('/');
  const std::string_view uuid = slash == std::string_view::npos ? stack_id : stack_id.substr(slash + 1);
  std::string key(kStacksDir);
  key += '/';
  key += StateStore::EncodeName(uuid);
  return key;
}

std::string RegionOfArn(std::string_view arn) {
  // arn:aws:cloudformation:<region>:<account>:...
  std::size_t start = 0;
  for (int field = 0; field < 3; ++field) {
    start = arn.find(':', start);
    if (start == std::string_view::npos) return {};
    ++start;
  }
  const std::size_t end = arn.find(':', start);
  return std::string(arn.substr(start, end == std::string_view::npos ? end : end - start));
}

std::string NewUuid() { return local::detail::NewRequestId(); }

std::string Now() { return IsoTimestamp(std::chrono::system_clock::now()); }

StackEngine::StackEngine(StateStore& store, EngineOptions options)
    : store_(store), options_(std::move(options)) {}

StackEngine::~StackEngine() { Shutdown(); }

Result<std::unique_ptr<StackEngine>> StackEngine::Open(StateStore& store, EngineOptions options) {
  if (options.provider == nullptr) {
    return MakeError("InvalidArgument", "the local CloudFormation needs a resource provider");
  }
  std::unique_ptr<StackEngine> engine(new StackEngine(store, std::move(options)));
  if (auto loaded = engine->Load(); !loaded) return loaded.error();
  return engine;
}

Status StackEngine::Load() {
  auto names = store_.List(kStacksDir);
  if (!names) return names.error();
  std::lock_guard lock(mu_);
  for (const std::string& name : *names) {
    std::string key(kStacksDir);
    key += '/';
    key += name;
    auto document = store_.GetDocument(key);
    if (!document) return document.error();
    if (!*document) continue;
    auto stack = StackFromJson(**document);
    if (!stack) {
      return MakeError("Corrupt", "the stack document " + store_.PathOf(key).string() +
                                      " cannot be read: " + stack.error().message +
                                      "; move it away to start without that stack");
    }
    auto record = std::make_unique<StackRecord>(std::move(*stack));
    const std::string id = record->stack_id;
    stacks_[id] = std::move(record);
  }
  RebuildExports();
  // Operations a killed process left in progress: fail what was running,
  // then roll back (or carry on deleting / cleaning up) in the background.
  const std::string reason(kRestartedReason);
  for (auto& [id, stack] : stacks_) {
    const std::string status = stack->status;
    if (!EndsWith(status, "_IN_PROGRESS") || status == "REVIEW_IN_PROGRESS") continue;
    for (auto it = stack->resources.begin(); it != stack->resources.end();) {
      ResourceRecord& resource = it->second;
      if (!EndsWith(resource.status, "_IN_PROGRESS")) {
        ++it;
        continue;
      }
      // A creation the crash cut short may have happened: what it planned
      // to create is deleted like the rest (deleting what is absent succeeds).
      const bool maybe_real = !resource.planned_name.empty() &&
                              !options_.provider->IsSimulated(resource.type);
      if (maybe_real && resource.physical_id.empty()) {
        resource.physical_id = resource.planned_name;
        resource.properties = std::move(resource.planned_properties);
      } else if (maybe_real) {  // a replacement
        ResourceRecord replacement;
        replacement.logical_id = resource.logical_id;
        replacement.type = resource.type;
        replacement.physical_id = resource.planned_name;
        replacement.properties = std::move(resource.planned_properties);
        replacement.seq = stack->next_seq++;
        stack->cleanup.push_back(std::move(replacement));
      }
      resource.planned_name.clear();
      resource.planned_properties.clear();
      if (resource.physical_id.empty()) {
        AddEvent(*stack, resource.logical_id, "", resource.type, "CREATE_FAILED", reason);
        it = stack->resources.erase(it);
        continue;
      }
      std::string failed = resource.status.substr(0, resource.status.find('_'));
      failed += "_FAILED";
      resource.status = failed;
      resource.status_reason = reason;
      AddEvent(*stack, resource.logical_id, resource.physical_id, resource.type, failed, reason);
      ++it;
    }
    if (status == "CREATE_IN_PROGRESS") {
      if (stack->on_failure == "DO_NOTHING") {
        SetStackStatus(*stack, "CREATE_FAILED", reason);
        FinishChangeSet(*stack, false);
        continue;
      }
      SetStackStatus(*stack, stack->on_failure == "DELETE" ? "DELETE_IN_PROGRESS"
                                                           : "ROLLBACK_IN_PROGRESS",
                     reason);
    } else if (status == "UPDATE_IN_PROGRESS") {
      SetStackStatus(*stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason);
    } else {
      Commit(*stack);
    }
    StartOperation(id);
  }
  return {};
}

void StackEngine::Shutdown() {
  stopping_ = true;
  if (options_.on_shutdown) options_.on_shutdown();
  std::map<std::string, std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads.swap(threads_);
  }
  for (auto& [id, thread] : threads) {
    if (thread.joinable()) thread.join();
  }
}

void StackEngine::StartOperation(const std::string& stack_id) {
  // After Shutdown() the operation stays committed as in progress; the next
  // Open() resumes it.
  if (stopping_) return;
  if (busy_.contains(stack_id)) return;  // its thread picks up the new status
  // A previous thread of this stack left busy_ and only has to return: it
  // takes no lock any more, so joining it here cannot deadlock.
  if (auto previous = threads_.find(stack_id); previous != threads_.end()) {
    if (previous->second.joinable()) previous->second.join();
    threads_.erase(previous);
  }
  busy_.insert(stack_id);
  threads_.emplace(stack_id, std::thread([this, stack_id] { RunOperation(stack_id); }));
}

void StackEngine::RunOperation(const std::string& stack_id) {
  StackRecord* stack = nullptr;
  {
    std::lock_guard lock(mu_);
    stack = stacks_.at(stack_id).get();
  }
  for (;;) {
    std::string status;
    {
      // Deciding to stop and leaving busy_ happen under one lock, so an
      // operation started meanwhile is never left without a thread.
      std::lock_guard lock(mu_);
      status = stack->status;
      const bool runnable = EndsWith(status, "_IN_PROGRESS") && status != "REVIEW_IN_PROGRESS";
      if (stopping_ || !runnable) {
        busy_.erase(stack_id);
        return;
      }
    }
    bool went_on = false;
    if (status == "CREATE_IN_PROGRESS") {
      went_on = RunCreate(*stack);
    } else if (status == "ROLLBACK_IN_PROGRESS") {
      went_on = RunRollback(*stack);
    } else if (status == "UPDATE_IN_PROGRESS") {
      went_on = RunUpdate(*stack);
    } else if (status == "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS") {
      went_on = RunCleanup(*stack, "UPDATE_COMPLETE");
    } else if (status == "UPDATE_ROLLBACK_IN_PROGRESS") {
      went_on = RunUpdateRollback(*stack);
    } else if (status == "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS") {
      went_on = RunCleanup(*stack, "UPDATE_ROLLBACK_COMPLETE");
    } else if (status == "DELETE_IN_PROGRESS") {
      went_on = RunDelete(*stack);
    }
    if (!went_on) {
      std::lock_guard lock(mu_);
      busy_.erase(stack_id);
      return;
    }
  }
}

void StackEngine::Commit(StackRecord& stack) {
  if (stack.events.size() > kMaxEvents) {
    stack.events.erase(stack.events.begin(),
                       stack.events.begin() + static_cast<std::ptrdiff_t>(stack.events.size() -
                                                                          kMaxEvents));
  }
  if (auto put = store_.PutDocument(StackKey(stack.stack_id), ToJson(stack)); !put) {
    std::cerr << "sparta-local: cloudformation: cannot save stack " << stack.stack_name << ": "
              << put.error().message << "\n";
  }
}

void StackEngine::AddEvent(StackRecord& stack, const std::string& logical_id,
                           const std::string& physical_id, const std::string& type,
                           const std::string& status, const std::string& reason) {
  EventRecord event;
  event.event_id = NewUuid();
  event.logical_id = logical_id;
  event.physical_id = physical_id;
  event.type = type;
  event.timestamp = Now();
  event.status = status;
  event.reason = reason;
  event.client_request_token = stack.client_request_token;
  stack.events.push_back(std::move(event));
}

void StackEngine::SetStackStatus(StackRecord& stack, const std::string& status,
                                 const std::string& reason) {
  stack.status = status;
  stack.status_reason = reason;
  if (status == "DELETE_COMPLETE") stack.deletion_time = Now();
  AddEvent(stack, stack.stack_name, stack.stack_id, "AWS::CloudFormation::Stack", status, reason);
  Commit(stack);
}

void StackEngine::SetResourceStatus(StackRecord& stack, ResourceRecord& resource,
                                    const std::string& status, const std::string& reason) {
  resource.status = status;
  resource.status_reason = reason;
  resource.timestamp = Now();
  AddEvent(stack, resource.logical_id, resource.physical_id, resource.type, status, reason);
  Commit(stack);
}

StackRecord* StackEngine::FindStack(std::string_view name_or_id) {
  if (name_or_id.starts_with("arn:")) {
    auto it = stacks_.find(std::string(name_or_id));
    return it == stacks_.end() ? nullptr : it->second.get();
  }
  for (auto& [id, stack] : stacks_) {
    if (stack->stack_name == name_or_id && stack->status != "DELETE_COMPLETE") return stack.get();
  }
  return nullptr;
}

void StackEngine::RebuildExports() {
  std::lock_guard lock(exports_mu_);
  exports_.clear();
  for (const auto& [id, stack] : stacks_) {
    if (stack->status == "DELETE_COMPLETE") continue;
    for (const OutputRecord& output : stack->outputs) {
      if (!output.export_name.empty()) {
        exports_[output.export_name] = ExportEntry{id, output.value};
      }
    }
  }
}

std::optional<std::string> StackEngine::ImportValue(std::string_view name) const {
  std::lock_guard lock(exports_mu_);
  auto it = exports_.find(name);
  if (it == exports_.end()) return std::nullopt;
  return it->second.value;
}

std::string StackEngine::RegionOf(const CloudRequest& request) const {
  return request.region.empty() ? options_.context.region : request.region;
}

}  // namespace sparta::local_cloud::cfn
