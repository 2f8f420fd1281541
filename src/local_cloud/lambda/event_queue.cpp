#include "event_queue.hpp"

namespace sparta::local_cloud::detail {

EventQueue::EventQueue(std::size_t capacity) : capacity_(capacity) {
  thread_ = std::thread([this] { Run(); });
}

EventQueue::~EventQueue() { Stop(); }

bool EventQueue::Push(Job job) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || jobs_.size() >= capacity_) return false;
    jobs_.push_back(std::move(job));
  }
  changed_.notify_all();
  return true;
}

void EventQueue::DropQueued() {
  std::deque<Job> dropped;
  {
    std::lock_guard lock(mu_);
    dropped.swap(jobs_);
  }
  changed_.notify_all();
}

void EventQueue::WaitIdle() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [this] { return jobs_.empty() && !running_job_; });
}

void EventQueue::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    jobs_.clear();
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void EventQueue::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) return;
    Job job = std::move(jobs_.front());
    jobs_.pop_front();
    running_job_ = true;
    lock.unlock();
    job();
    job = nullptr;  // its captures die outside the lock too
    lock.lock();
    running_job_ = false;
    changed_.notify_all();
  }
}

}  // namespace sparta::local_cloud::detail
