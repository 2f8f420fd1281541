// Context::RemainingTime and Logger::Write.

#include "sparta/runtime/context.hpp"

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <string>

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
  // The calendar arithmetic of <chrono>, not gmtime_r: glibc's gmtime goes
  // through its time-zone code (tzset, tzfile, sscanf), about 100 KB that
  // every static bootstrap would carry for nothing.
  using namespace std::chrono;
  const auto now = floor<milliseconds>(system_clock::now());
  const auto day = floor<days>(now);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> time{now - day};
  char stamp[40];
  int stamp_length = std::snprintf(
      stamp, sizeof stamp, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
      static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
  if (!message.empty() && message.back() == '\n') message.remove_suffix(1);
  std::string line;
  line.reserve(static_cast<size_t>(stamp_length) + request_id_.size() + level.size() +
               message.size() + 4);
  line.append(stamp, static_cast<size_t>(stamp_length));
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
