#include "local/invocation_broker.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "local/ids.hpp"

namespace sparta::local::detail {
namespace {

// How many answered ids are remembered to tell "already answered" (403) from
// "never issued" (400). Older ones fall back to 400; both are errors anyway.
constexpr std::size_t kRetiredIdsKept = 4096;

using Kind = InvocationOutcome::Kind;

}  // namespace

std::shared_ptr<Invocation> InvocationBroker::Enqueue(InvocationRequest request,
                                                      std::int64_t deadline_ms) {
  auto invocation = std::make_shared<Invocation>();
  if (request.request_id.empty()) request.request_id = NewRequestId();
  invocation->request = std::move(request);
  invocation->deadline_ms = deadline_ms;
  invocation->outcome.request_id = invocation->request.request_id;

  std::lock_guard lock(mu_);
  if (cancelled_) {
    invocation->state = Invocation::State::kDone;
    invocation->outcome.kind = Kind::kCancelled;
    return invocation;
  }
  if (init_error_ && !next_seen_) {
    // The runtime failed its init and is on its way out: it will never ask.
    invocation->state = Invocation::State::kDone;
    invocation->outcome.kind = Kind::kInitError;
    invocation->outcome.body = init_error_->body;
    invocation->outcome.content_type = init_error_->content_type;
    invocation->outcome.error_type = init_error_->error_type;
    return invocation;
  }
  live_[invocation->request.request_id] = invocation;
  queue_.push_back(invocation);
  return invocation;
}

InvocationOutcome InvocationBroker::Await(const std::shared_ptr<Invocation>& invocation,
                                          std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(mu_);
  cv_.wait_until(lock, deadline, [&] { return invocation->state == Invocation::State::kDone; });
  if (invocation->state != Invocation::State::kDone) {
    InvocationOutcome outcome;
    outcome.kind = Kind::kTimeout;
    outcome.request_id = invocation->request.request_id;
    if (invocation->state == Invocation::State::kDelivered) {
      outcome.delivered = true;
      outcome.duration = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - invocation->delivered_at);
    } else {
      queue_.erase(std::remove(queue_.begin(), queue_.end(), invocation), queue_.end());
    }
    FinishLocked(invocation, std::move(outcome));
  }
  return invocation->outcome;
}

void InvocationBroker::NoteNextRequest() {
  std::lock_guard lock(mu_);
  if (next_seen_) return;
  next_seen_ = true;
  cv_.notify_all();
}

std::shared_ptr<Invocation> InvocationBroker::TakeNext() {
  std::lock_guard lock(mu_);
  if (queue_.empty() || cancelled_) return nullptr;
  auto invocation = std::move(queue_.front());
  queue_.pop_front();
  invocation->state = Invocation::State::kDelivered;
  invocation->delivered_at = std::chrono::steady_clock::now();
  return invocation;
}

void InvocationBroker::Requeue(const std::shared_ptr<Invocation>& invocation) {
  std::lock_guard lock(mu_);
  if (invocation->state != Invocation::State::kDelivered) return;
  invocation->state = Invocation::State::kQueued;
  queue_.push_front(invocation);
}

int InvocationBroker::Complete(std::string_view request_id, Answer answer) {
  std::lock_guard lock(mu_);
  auto it = live_.find(std::string(request_id));
  if (it == live_.end()) {
    return retired_.count(std::string(request_id)) != 0 ? 403 : 400;
  }
  auto invocation = it->second;
  if (invocation->state != Invocation::State::kDelivered) return 400;

  InvocationOutcome outcome;
  outcome.kind = answer.kind;
  outcome.request_id = invocation->request.request_id;
  outcome.body = std::move(answer.body);
  outcome.content_type = std::move(answer.content_type);
  outcome.error_type = std::move(answer.error_type);
  outcome.streamed = answer.streamed;
  outcome.delivered = true;
  outcome.duration = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - invocation->delivered_at);
  FinishLocked(invocation, std::move(outcome));
  return 202;
}

int InvocationBroker::PostInitError(RuntimeError error) {
  std::lock_guard lock(mu_);
  if (next_seen_ || init_error_ || cancelled_) return 403;
  init_error_ = std::move(error);
  while (!queue_.empty()) {
    auto invocation = std::move(queue_.front());
    queue_.pop_front();
    InvocationOutcome outcome;
    outcome.kind = Kind::kInitError;
    outcome.request_id = invocation->request.request_id;
    outcome.body = init_error_->body;
    outcome.content_type = init_error_->content_type;
    outcome.error_type = init_error_->error_type;
    FinishLocked(invocation, std::move(outcome));
  }
  cv_.notify_all();
  return 202;
}

InitStatus InvocationBroker::WaitForInit(std::chrono::steady_clock::duration timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return next_seen_ || init_error_ || cancelled_; });
  if (init_error_) return InitStatus::kInitError;
  if (cancelled_) return InitStatus::kCancelled;
  if (next_seen_) return InitStatus::kReady;
  return InitStatus::kTimeout;
}

std::optional<RuntimeError> InvocationBroker::init_error() const {
  std::lock_guard lock(mu_);
  return init_error_;
}

bool InvocationBroker::next_seen() const {
  std::lock_guard lock(mu_);
  return next_seen_;
}

void InvocationBroker::Cancel() {
  std::lock_guard lock(mu_);
  cancelled_ = true;
  queue_.clear();
  std::vector<std::shared_ptr<Invocation>> pending;
  pending.reserve(live_.size());
  for (auto& [id, invocation] : live_) pending.push_back(invocation);
  for (auto& invocation : pending) {
    InvocationOutcome outcome;
    outcome.kind = Kind::kCancelled;
    outcome.request_id = invocation->request.request_id;
    outcome.delivered = invocation->state == Invocation::State::kDelivered;
    if (outcome.delivered) {
      outcome.duration = std::chrono::duration_cast<std::chrono::microseconds>(
          std::chrono::steady_clock::now() - invocation->delivered_at);
    }
    FinishLocked(invocation, std::move(outcome));
  }
  cv_.notify_all();
}

void InvocationBroker::FinishLocked(const std::shared_ptr<Invocation>& invocation,
                                    InvocationOutcome outcome) {
  invocation->state = Invocation::State::kDone;
  invocation->outcome = std::move(outcome);
  RetireLocked(invocation->request.request_id);
  cv_.notify_all();
}

void InvocationBroker::RetireLocked(const std::string& request_id) {
  live_.erase(request_id);
  if (retired_.insert(request_id).second) {
    retired_order_.push_back(request_id);
    if (retired_order_.size() > kRetiredIdsKept) {
      retired_.erase(retired_order_.front());
      retired_order_.pop_front();
    }
  }
}

}  // namespace sparta::local::detail
