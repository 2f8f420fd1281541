#pragma once
// EventQueue: one background thread running queued jobs in order; the
// `Event` invocation type of Lambda's Invoke API.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace sparta::local_cloud::detail {

/// Thread-safety: every member may be called from any thread except the
/// queue's own (a job must not call WaitIdle() or Stop()).
class EventQueue {
 public:
  using Job = std::function<void()>;

  explicit EventQueue(std::size_t capacity);
  /// Stop()s.
  ~EventQueue();
  EventQueue(const EventQueue&) = delete;
  EventQueue& operator=(const EventQueue&) = delete;

  /// Queues `job`; false (nothing queued) when `capacity` jobs wait already
  /// or the queue is stopped.
  bool Push(Job job);
  /// Forgets the jobs not yet started.
  void DropQueued();
  /// Returns once no job runs and none waits.
  void WaitIdle();
  /// Drops what waits, lets the running job finish, ends the thread.
  /// Idempotent; Push() fails afterwards.
  void Stop();

 private:
  void Run();

  const std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Job> jobs_;  // GUARDED_BY(mu_)
  bool running_job_ = false;  // GUARDED_BY(mu_)
  bool stopping_ = false;     // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace sparta::local_cloud::detail
