#include "sparta/util/utc_time.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace sparta::util {
namespace {

std::string Format(std::chrono::system_clock::time_point at) {
  char text[kUtcMillisBufferSize];
  return std::string(text, FormatUtcMillis(at, text));
}

std::chrono::system_clock::time_point At(std::chrono::sys_days day,
                                         std::chrono::milliseconds since_midnight) {
  return std::chrono::system_clock::time_point(day) + since_midnight;
}

TEST(UtcTime, WritesTheEpoch) {
  EXPECT_EQ(Format(std::chrono::system_clock::time_point{}), "1970-01-01T00:00:00.000Z");
}

// The calendar's edges: a leap day, the last millisecond of a year, a
// century that is not a leap year.
TEST(UtcTime, WritesCalendarEdges) {
  using namespace std::chrono;
  using std::chrono::milliseconds;
  EXPECT_EQ(Format(At(sys_days{2024y / February / 29}, hours(13) + minutes(7) + seconds(9) +
                                                           milliseconds(2))),
            "2024-02-29T13:07:09.002Z");
  EXPECT_EQ(Format(At(sys_days{2026y / December / 31}, hours(24) - milliseconds(1))),
            "2026-12-31T23:59:59.999Z");
  EXPECT_EQ(Format(At(sys_days{2100y / February / 28}, hours(24))), "2100-03-01T00:00:00.000Z");
}

// Sub-millisecond parts are cut, never rounded up into the next second.
TEST(UtcTime, TruncatesToTheMillisecond) {
  using namespace std::chrono;
  const auto almost = system_clock::time_point(sys_days{2026y / December / 3}) + seconds(1) -
                      microseconds(1);
  EXPECT_EQ(Format(almost), "2026-12-03T00:00:00.999Z");
}

}  // namespace
}  // namespace sparta::util
