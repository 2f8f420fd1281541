// Handler failures as /error posts: types, categories, messages, stacks.
#include <gtest/gtest.h>

#include <stdexcept>

#include "sparta/runtime/function_error.hpp"

#include "runtime/error_report.hpp"
#include "runtime/loop_fixture.hpp"

namespace sparta_runtime_test {

struct QuotaExceeded : std::logic_error {
  using std::logic_error::logic_error;
};
struct Oops {
  int code;
};

// noinline so each has a frame of its own in the recorded stack.
__attribute__((noinline)) void ThrowFromDeepInside(int depth) {
  if (depth > 0) throw std::runtime_error("disk on fire at depth " + std::to_string(depth));
  throw std::logic_error("unreachable in these tests");
}
__attribute__((noinline)) void CallsThrower(int depth) {
  ThrowFromDeepInside(depth);
  asm volatile("");  // not a tail call: keep this frame on the stack
}
__attribute__((noinline)) void ThrowFunctionError() {
  throw sparta::runtime::FunctionError("OrderNotFound", "order 42 does not exist");
}
__attribute__((noinline)) void ThrowNonStd() { throw Oops{7}; }

}  // namespace sparta_runtime_test

namespace sparta::runtime::testing {
namespace {

struct Posted {
  std::string error_type_header;
  json::object body;
};

// Runs one invocation whose handler calls `fail`; returns its /error post.
template <class Fail>
Posted RunFailing(Fail fail) {
  MockRuntimeApi api;
  api.Add({.request_id = "failing", .payload = "{}"});
  api.Add({.request_id = "after", .payload = "ok"});
  Handler h = [&](std::string_view payload, Context&) -> std::string {
    if (payload == "{}") fail();
    return std::string(payload);
  };
  RunLoopAgainst(api, "H", {{"H", h}});
  auto requests = api.Finish();
  auto errors = Filter(requests, "/error");
  EXPECT_EQ(Filter(requests, "/response").size(), 1u) << "the loop went on";
  if (errors.size() != 1) {
    ADD_FAILURE() << "expected one /error post, got " << errors.size();
    return {};
  }
  EXPECT_EQ(errors[0].target, "/2018-06-01/runtime/invocation/failing/error");
  EXPECT_EQ(errors[0].Header("Content-Type"), "application/json");
  return {errors[0].Header("Lambda-Runtime-Function-Error-Type"), ParseObject(errors[0].body)};
}

TEST(RuntimeErrors, StdExceptionReportsItsDemangledTypeMessageAndThrowSite) {
  Posted p = RunFailing([] { sparta_runtime_test::CallsThrower(3); });
  EXPECT_EQ(p.error_type_header, "Function.Unhandled");
  EXPECT_EQ(p.body.at("errorType"), "std::runtime_error");
  EXPECT_EQ(p.body.at("errorMessage"), "disk on fire at depth 3");
  const auto& stack = p.body.at("stackTrace").as_array();
  ASSERT_FALSE(stack.empty()) << "runtime_test links with --wrap=__cxa_throw";
  // The innermost frame is the throwing function, in "#0 name +0xoff" form.
  std::string top(stack[0].as_string());
  EXPECT_EQ(top.rfind("#0 sparta_runtime_test::ThrowFromDeepInside(int) +0x", 0), 0u) << top;
  EXPECT_TRUE(StackMentions(p.body, "sparta_runtime_test::CallsThrower(int)")) << StackText(p.body);
  std::string second(stack[1].as_string());
  EXPECT_EQ(second.rfind("#1 ", 0), 0u) << second;
}

TEST(RuntimeErrors, DerivedExceptionTypesAreNamedByTheirDynamicType) {
  Posted p = RunFailing([] { throw sparta_runtime_test::QuotaExceeded("quota of 5 reached"); });
  EXPECT_EQ(p.error_type_header, "Function.Unhandled");
  EXPECT_EQ(p.body.at("errorType"), "sparta_runtime_test::QuotaExceeded");
  EXPECT_EQ(p.body.at("errorMessage"), "quota of 5 reached");
}

TEST(RuntimeErrors, FunctionErrorChoosesTheErrorType) {
  Posted p = RunFailing([] { sparta_runtime_test::ThrowFunctionError(); });
  EXPECT_EQ(p.body.at("errorType"), "OrderNotFound");
  EXPECT_EQ(p.body.at("errorMessage"), "order 42 does not exist");
  EXPECT_EQ(p.error_type_header, "Function.Unhandled") << "not a Category.Reason: the default";
  EXPECT_TRUE(StackMentions(p.body, "sparta_runtime_test::ThrowFunctionError()"))
      << StackText(p.body);
}

TEST(RuntimeErrors, FunctionErrorWithACategoryTypeUsesItAsTheHeader) {
  Posted p = RunFailing([] { throw FunctionError("Function.ValidationFailed", "bad input"); });
  EXPECT_EQ(p.error_type_header, "Function.ValidationFailed");
  EXPECT_EQ(p.body.at("errorType"), "Function.ValidationFailed");
}

TEST(RuntimeErrors, NonStdExceptionsAreNamedByTheirType) {
  Posted p = RunFailing([] { sparta_runtime_test::ThrowNonStd(); });
  EXPECT_EQ(p.error_type_header, "Function.Unhandled");
  EXPECT_EQ(p.body.at("errorType"), "sparta_runtime_test::Oops");
  std::string message(p.body.at("errorMessage").as_string());
  EXPECT_NE(message.find("sparta_runtime_test::Oops"), std::string::npos) << message;
  EXPECT_NE(message.find("not a std::exception"), std::string::npos) << message;
  EXPECT_TRUE(StackMentions(p.body, "sparta_runtime_test::ThrowNonStd()")) << StackText(p.body);

  Posted integer = RunFailing([] { throw 42; });
  EXPECT_EQ(integer.body.at("errorType"), "int");
}

TEST(RuntimeErrors, ReportsTheEscapingExceptionNotOnesCaughtOnTheWay) {
  Posted p = RunFailing([] {
    try {
      sparta_runtime_test::ThrowNonStd();
    } catch (...) {
    }
    sparta_runtime_test::CallsThrower(1);
  });
  EXPECT_EQ(p.body.at("errorType"), "std::runtime_error");
  EXPECT_FALSE(StackMentions(p.body, "ThrowNonStd")) << StackText(p.body);
  EXPECT_TRUE(StackMentions(p.body, "ThrowFromDeepInside")) << StackText(p.body);
}

TEST(RuntimeErrors, AResponseWithNanIsPostedAsAMarshalError) {
  MockRuntimeApi api;
  api.Add({.request_id = "nan", .payload = R"({"divisor":0})"});
  Handler h = [](const json::object& event, Context&) {
    return json::value{{"ratio", 0.0 / event.at("divisor").to_number<double>()}};
  };
  RunLoopAgainst(api, "H", {{"H", h}});
  auto errors = Filter(api.Finish(), "/error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].Header("Lambda-Runtime-Function-Error-Type"), "Runtime.MarshalError");
  json::object body = ParseObject(errors[0].body);
  EXPECT_EQ(body.at("errorType"), "Runtime.MarshalError");
  EXPECT_EQ(body.at("errorMessage"),
            "the response is not valid JSON: $.ratio: expected a finite number, got NaN (JSON "
            "has no NaN or Infinity)");
}

TEST(ErrorReport, CategoriesFollowLambdasFilter) {
  using internal::IsErrorCategory;
  EXPECT_TRUE(IsErrorCategory("Runtime.NoSuchHandler"));
  EXPECT_TRUE(IsErrorCategory("Function.Unhandled"));
  EXPECT_FALSE(IsErrorCategory("Function.unhandled"));
  EXPECT_FALSE(IsErrorCategory("Function.Bad-Name"));
  EXPECT_FALSE(IsErrorCategory("Function.X"));
  EXPECT_FALSE(IsErrorCategory("Other.Unhandled"));
  EXPECT_FALSE(IsErrorCategory("std::runtime_error"));
  EXPECT_EQ(internal::ErrorCategory("std::runtime_error"), "Function.Unhandled");
  EXPECT_EQ(internal::ErrorCategory("Runtime.UnmarshalError"), "Runtime.UnmarshalError");
}

TEST(ErrorReport, JsonEscapesAndKeepsFieldOrder) {
  internal::ErrorReport r;
  r.error_type = "T";
  r.error_message = "line\n\"quoted\"\t\x01";
  r.stack_trace = {"#0 f() +0x1"};
  EXPECT_EQ(
      internal::ErrorReportJson(r),
      R"({"errorMessage":"line\n\"quoted\"\t\u0001","errorType":"T","stackTrace":["#0 f() +0x1"]})");
}

TEST(ErrorReport, JsonIsValidEvenForMessagesThatAreNotUtf8) {
  internal::ErrorReport r;
  r.error_type = "T";
  r.error_message = "bad byte \xff here";
  EXPECT_EQ(internal::ErrorReportJson(r),
            "{\"errorMessage\":\"bad byte \xef\xbf\xbd here\",\"errorType\":\"T\","
            "\"stackTrace\":[]}");
}

TEST(ErrorReport, DescribesTheCurrentExceptionInsideACatch) {
  bool caught = false;
  try {
    sparta_runtime_test::ThrowFunctionError();
  } catch (...) {
    caught = true;
    auto report = internal::DescribeCurrentException();
    EXPECT_EQ(report.error_type, "OrderNotFound");
    EXPECT_EQ(report.category, "Function.Unhandled");
    ASSERT_FALSE(report.stack_trace.empty());
    EXPECT_NE(report.stack_trace[0].find("ThrowFunctionError"), std::string::npos)
        << report.stack_trace[0];
  }
  EXPECT_TRUE(caught) << "ThrowFunctionError returned without throwing";
}

}  // namespace
}  // namespace sparta::runtime::testing
