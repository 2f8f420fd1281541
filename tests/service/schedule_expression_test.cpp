// Schedule expressions as EventBridge reads them: what it accepts, what it
// refuses, and that the message says what is wrong.

#include "sparta/service/schedule_expression.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sparta {
namespace {

std::string Why(std::string_view expression) {
  auto s = CheckScheduleExpression(expression);
  return s ? std::string("(accepted)") : s.error().message;
}

TEST(ScheduleExpression, AcceptsWhatEventBridgeDocuments) {
  for (const char* ok : {
           "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)",
           "rate(7 days)", "cron(0 12 * * ? *)", "cron(15 10 ? * 6L 2026-2027)",
           "cron(0/10 * ? * MON-FRI *)", "cron(0/5 8-17 ? * MON-FRI *)", "cron(0 9 ? * 2#1 *)",
           "cron(0 8 1 * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 10 L * ? *)",
           "cron(0 10 LW * ? *)", "cron(0 10 15W * ? *)", "cron(*/15 * * JAN,jul ? 2199)",
           "cron(0,30 0-23 1-31 1-12 ? 1970)", "cron(0 12 ? * fri-mon *)",
           "cron(0   12 * * ? *)"}) {
    EXPECT_TRUE(CheckScheduleExpression(ok).ok()) << ok << ": " << Why(ok);
  }
}

TEST(ScheduleExpression, RefusesWithTheReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"every 5 minutes", "is neither rate(...) nor cron(...)"},
      {"rate(5 minute)", "has the unit \"minute\" for 5; EventBridge wants \"minutes\""},
      {"rate(1 days)", "EventBridge wants \"day\""},
      {"rate(0 minutes)", "has the value \"0\"; use a whole number above 0"},
      {"rate(-1 minutes)", "use a whole number above 0"},
      {"rate(5 weeks)", "has the unit \"weeks\"; use minute(s), hour(s) or day(s)"},
      {"rate(5)", "is not rate(<value> <unit>)"},
      {"rate(5 minutes", "is neither rate(...) nor cron(...)"},
      {"cron(0 12 * * *)", "has 5 fields; EventBridge's cron takes six"},
      {"cron(0 12 * * * *)", "has '?' in neither day-of-month and day-of-week"},
      {"cron(0 12 ? * ? *)", "has '?' in both"},
      {"cron(60 12 * * ? *)", "field minutes has \"60\"; it takes values 0-59"},
      {"cron(0 24 * * ? *)", "field hours has \"24\""},
      {"cron(0 12 0 * ? *)", "field day-of-month has \"0\"; it takes values 1-31"},
      {"cron(0 12 * 13 ? *)", "field month has \"13\"; it takes values 1-12 or JAN-DEC"},
      {"cron(0 12 ? * 8 *)", "field day-of-week has \"8\"; it takes values 1-7 or SUN-SAT"},
      {"cron(0 12 ? * MON#6 *)", "field day-of-week has \"MON#6\""},
      {"cron(0 12 * * ? 1969)", "field year has \"1969\"; it takes values 1970-2199"},
      {"cron(0/0 12 * * ? *)", "field minutes has \"0/0\""},
      {"cron(0 12 1W-5 * ? *)", "field day-of-month has \"1W-5\""},
      {"cron(0 12 5L * ? *)", "field day-of-month has \"5L\""},
      {"cron(0 12 * * ? ,)", "field year has \"\""},
  };
  for (const auto& [expression, reason] : cases) {
    const std::string why = Why(expression);
    EXPECT_NE(why.find(reason), std::string::npos) << expression << " -> " << why;
    EXPECT_NE(why.find(std::string("schedule \"") + expression + "\""), std::string::npos) << why;
  }
}

}  // namespace
}  // namespace sparta
