#include "local/log_capture.hpp"

#include <iterator>
#include <utility>

namespace sparta::local {
namespace detail {

void LogCapture::Append(std::string message) {
  LogEvent event{std::chrono::system_clock::now(), std::move(message)};
  std::lock_guard lock(mu_);
  if (sink_) sink_(event);
  if (capturing_) {
    current_.push_back(std::move(event));
    return;
  }
  held_.push_back(std::move(event));
  if (held_.size() > kMaxHeldLines) held_.pop_front();
}

void LogCapture::Begin() {
  std::lock_guard lock(mu_);
  capturing_ = true;
  current_.assign(std::make_move_iterator(held_.begin()), std::make_move_iterator(held_.end()));
  held_.clear();
}

std::vector<LogEvent> LogCapture::End() {
  std::lock_guard lock(mu_);
  capturing_ = false;
  return std::exchange(current_, {});
}

}  // namespace detail

std::string InvokeResult::LogTail(std::size_t max_bytes) const {
  std::string text;
  for (const auto& event : logs) {
    text += event.message;
    text += '\n';
  }
  if (text.size() > max_bytes) text.erase(0, text.size() - max_bytes);
  return text;
}

}  // namespace sparta::local
