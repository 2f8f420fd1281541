#include "sparta/runtime/context.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <regex>
#include <string>

namespace sparta::runtime {
namespace {

TEST(Context, RemainingTimeCountsDownToZero) {
  using namespace std::chrono;
  InvocationInfo info;
  info.deadline = system_clock::now() + seconds(3);
  Context ctx(info);
  EXPECT_GT(ctx.RemainingTime(), milliseconds(2500));
  EXPECT_LE(ctx.RemainingTime(), milliseconds(3000));
  info.deadline = system_clock::now() - seconds(1);
  EXPECT_EQ(Context(info).RemainingTime(), milliseconds(0));
}

TEST(Logger, WritesOneLambdaStyleLinePerMessage) {
  ::testing::internal::CaptureStderr();
  Logger log("req-42");
  log.Info("hello\nworld\n");
  log.Error("second");
  std::string out = ::testing::internal::GetCapturedStderr();
  std::regex line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\treq-42\tINFO\thello\rworld\n)"
                  R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\treq-42\tERROR\tsecond\n)");
  EXPECT_TRUE(std::regex_match(out, line)) << out;
}

// The timestamp is UTC now, to the second, as the C library's calendar says.
// Before and after come from the clock the logger reads: std::time() may
// read the coarse kernel clock, a few milliseconds behind, and would call a
// line stamped just after a second boundary "from the future".
TEST(Logger, StampsLinesWithTheUtcTime) {
  using std::chrono::system_clock;
  const system_clock::time_point before = system_clock::now();
  ::testing::internal::CaptureStderr();
  Logger("r").Info("x");
  std::string out = ::testing::internal::GetCapturedStderr();
  const system_clock::time_point after = system_clock::now();
  auto stamp_of = [](system_clock::time_point at) {
    const std::time_t t = system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(at));
    std::tm utc{};
    ::gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.", &utc);
    return std::string(text);
  };
  const std::string logged = out.substr(0, 20);
  EXPECT_TRUE(logged == stamp_of(before) || logged == stamp_of(after)) << out;
}

}  // namespace
}  // namespace sparta::runtime
