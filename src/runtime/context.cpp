// Context::RemainingTime and Logger::Write.

#include "sparta/runtime/context.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

#include "sparta/util/utc_time.hpp"

namespace sparta::runtime {

std::chrono::milliseconds Context::RemainingTime() const {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      info_.deadline - std::chrono::system_clock::now());
  return left.count() > 0 ? left : std::chrono::milliseconds(0);
}

// One write(2) per line, so lines from several threads never interleave and
// each is one CloudWatch event. Newlines inside the message become '\r'
// (what Lambda's managed runtimes do) so a multi-line message stays one event.
void Logger::Write(std::string_view level, std::string_view message) const {
  char stamp[util::kUtcMillisBufferSize];
  const size_t stamp_length = util::FormatUtcMillis(std::chrono::system_clock::now(), stamp);
  if (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  std::string line;
  line.reserve(stamp_length + request_id_.size() + level.size() +
               message.size() + 4);
  line.append(stamp, stamp_length);
  line += '\t';
  line += request_id_;
  line += '\t';
  line += level;
  line += '\t';
  size_t body = line.size();
  line += message;
  for (size_t i = body; i < line.size(); ++i) {
    if (line[i] == '\n') line[i] = '\r';
  }
  line += '\n';
  size_t done = 0;
  while (done < line.size()) {
    ssize_t n = ::write(STDERR_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // nowhere to report a failure to log
    done += static_cast<size_t>(n);
  }
}

}  // namespace sparta::runtime
