#pragma once
// LogCapture: the function's log stream as FunctionProcess sees it. Lines go
// to the live sink at once and are kept for the invocation being captured;
// lines that arrive between invocations are kept for the next one, which is
// where Lambda's stream shows them.

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "sparta/local/invoke_result.hpp"

namespace sparta::local::detail {

/// Thread-safe.
class LogCapture {
 public:
  using Sink = std::function<void(const LogEvent&)>;
  explicit LogCapture(Sink sink) : sink_(std::move(sink)) {}

  /// Records one line, stamped now. Calls the sink with the lock held, so
  /// the sink sees lines in the order they are recorded.
  void Append(std::string message);

  /// Starts capturing an invocation; lines held since the last one come first.
  void Begin();
  /// Stops capturing and returns the invocation's lines.
  std::vector<LogEvent> End();

 private:
  // Bounds what a chatty idle process can pile up between invocations.
  static constexpr std::size_t kMaxHeldLines = 10000;

  std::mutex mu_;
  Sink sink_;
  bool capturing_ = false;          // GUARDED_BY(mu_)
  std::vector<LogEvent> current_;   // GUARDED_BY(mu_)
  std::deque<LogEvent> held_;       // GUARDED_BY(mu_)
};

}  // namespace sparta::local::detail
