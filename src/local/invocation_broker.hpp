#pragma once
// InvocationBroker: the Runtime API's state machine without the network.
//
// It pairs the events queued by Invoke() with the runtime's `/next` calls and
// routes the runtime's answers back to the waiting Invoke(). The HTTP layer
// (runtime_api_server.cpp) turns requests into calls on it and its return
// values into status codes, so this part is testable and free of Asio.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "sparta/local/runtime_api_server.hpp"

namespace sparta::local::detail {

/// One queued or delivered event. `request` and `deadline_ms` never change
/// after Enqueue, so the HTTP thread may read them without the broker's lock;
/// every other member is guarded by the broker.
struct Invocation {
  enum class State { kQueued, kDelivered, kDone };

  InvocationRequest request;
  std::int64_t deadline_ms = 0;  // epoch milliseconds, for the header

  State state = State::kQueued;
  std::chrono::steady_clock::time_point delivered_at;
  InvocationOutcome outcome;
};

/// What the runtime posted for an invocation.
struct Answer {
  InvocationOutcome::Kind kind = InvocationOutcome::Kind::kSuccess;
  std::string body;
  std::string content_type;
  std::string error_type;
  bool streamed = false;
};

/// Thread-safe.
class InvocationBroker {
 public:
  /// Queues an event. When the broker is cancelled (or init failed), the
  /// returned invocation is already done.
  std::shared_ptr<Invocation> Enqueue(InvocationRequest request, std::int64_t deadline_ms);

  /// Waits until `invocation` is done or `deadline` passes; on timeout the
  /// invocation is retired (removed from the queue; late answers get 403).
  InvocationOutcome Await(const std::shared_ptr<Invocation>& invocation,
                          std::chrono::steady_clock::time_point deadline);

  /// Records that the runtime called `/next` (init is over).
  void NoteNextRequest();
  /// Hands out the oldest queued event (now "delivered"), or null.
  std::shared_ptr<Invocation> TakeNext();
  /// Puts a delivered event back at the head of the queue, because writing it
  /// to the runtime failed. No-op if it is done.
  void Requeue(const std::shared_ptr<Invocation>& invocation);

  /// Completes the delivered invocation `request_id`. Returns the HTTP status
  /// for the runtime: 202 accepted, 400 unknown (or not yet delivered) id,
  /// 403 already answered, timed out or cancelled.
  int Complete(std::string_view request_id, Answer answer);
  /// 202, or 403 when init is over or an init error was already posted.
  /// Fails every queued event with kInitError.
  int PostInitError(RuntimeError error);

  InitStatus WaitForInit(std::chrono::steady_clock::duration timeout);
  std::optional<RuntimeError> init_error() const;
  bool next_seen() const;

  void Cancel();

 private:
  // REQUIRES: mu_ held.
  void FinishLocked(const std::shared_ptr<Invocation>& invocation, InvocationOutcome outcome);
  void RetireLocked(const std::string& request_id);

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Invocation>> queue_;
  std::unordered_map<std::string, std::shared_ptr<Invocation>> live_;  // queued or delivered
  std::unordered_set<std::string> retired_;  // answered ids, for 403
  std::deque<std::string> retired_order_;    // bounds retired_
  std::optional<RuntimeError> init_error_;
  bool next_seen_ = false;
  bool cancelled_ = false;
};

}  // namespace sparta::local::detail
