#include "sparta/runtime/context.hpp"

#include <gtest/gtest.h>

#include <regex>

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

}  // namespace
}  // namespace sparta::runtime
