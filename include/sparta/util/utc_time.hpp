#pragma once
// ISO 8601 UTC timestamps with milliseconds, as Lambda and AWS events write
// them ("2026-12-03T16:13:09.002Z").

#include <chrono>
#include <cstddef>
#include <cstdio>

namespace sparta::util {

/// Room for any timestamp FormatUtcMillis writes, with its terminating NUL.
inline constexpr std::size_t kUtcMillisBufferSize = 40;

/// Writes `time` into `out` ("YYYY-MM-DDTHH:MM:SS.mmmZ") and returns its
/// length. With <chrono>'s calendar, not gmtime_r: glibc's gmtime goes
/// through its time-zone code (tzset, tzfile, sscanf), about 100 KB that
/// every static bootstrap would carry for nothing. No allocation.
inline std::size_t FormatUtcMillis(std::chrono::system_clock::time_point time,
                                   char (&out)[kUtcMillisBufferSize]) {
  using namespace std::chrono;
  const auto at = floor<milliseconds>(time);
  const auto day = floor<days>(at);
  const year_month_day date{day};
  const hh_mm_ss<milliseconds> clock{at - day};
  const int length = std::snprintf(
      out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(date.year()),
      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
      static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
      static_cast<int>(clock.seconds().count()), static_cast<int>(clock.subseconds().count()));
  return length > 0 ? static_cast<std::size_t>(length) : 0;
}

}  // namespace sparta::util
