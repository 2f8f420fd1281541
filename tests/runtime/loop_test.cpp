// The Runtime API loop against the mock: requests, dispatch, Context, env.
#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <chrono>
#include <cstdlib>
#include <optional>

#include "sparta/runtime/function_error.hpp"

#include "runtime/loop_fixture.hpp"

namespace sparta_runtime_test {

struct Greeting {
  std::string name;
  int times = 0;
};
BOOST_DESCRIBE_STRUCT(Greeting, (), (name, times))

struct Reply {
  std::string text;
};
BOOST_DESCRIBE_STRUCT(Reply, (), (text))

// Converted by hand (tag_invoke), not described.
struct Order {
  std::string id;
  double amount = 0;
};
Order tag_invoke(boost::json::value_to_tag<Order>, const boost::json::value& v) {
  const auto& o = v.as_object();
  return Order{std::string(o.at("order_id").as_string()), o.at("amount").to_number<double>()};
}
struct Receipt {
  std::string order_id;
  double total = 0;
};
void tag_invoke(boost::json::value_from_tag, boost::json::value& v, const Receipt& r) {
  v = {{"receipt_for", r.order_id}, {"total", r.total}};
}

}  // namespace sparta_runtime_test

namespace sparta::runtime::testing {
namespace {

using sparta_runtime_test::Greeting;
using sparta_runtime_test::Order;
using sparta_runtime_test::Receipt;
using sparta_runtime_test::Reply;

std::string Echo(std::string_view payload, Context&) { return std::string(payload); }

TEST(RuntimeLoop, SendsExactlyTheRequestsOfTheProtocol) {
  MockRuntimeApi api;
  api.Add({.request_id = "req-1", .payload = R"({"a":1})"});
  api.Add({.request_id = "req-2", .payload = "second"});
  EXPECT_EQ(RunLoopAgainst(api, "Echo", {{"Echo", Echo}}), 1) << "ends when the API goes away";
  auto requests = api.Finish();
  ASSERT_EQ(requests.size(), 5u);  // next, response, next, response, next
  const std::string host = api.address();
  const std::string get_next =
      "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: " + host + "\r\n\r\n";
  EXPECT_EQ(requests[0].head, get_next);
  EXPECT_EQ(requests[0].body, "");
  EXPECT_EQ(requests[1].head,
            "POST /2018-06-01/runtime/invocation/req-1/response HTTP/1.1\r\n"
            "Host: " +
                host +
                "\r\n"
                "Content-Type: application/json\r\n"
                "Content-Length: 7\r\n\r\n");
  EXPECT_EQ(requests[1].body, R"({"a":1})");
  EXPECT_EQ(requests[2].head, get_next);
  EXPECT_EQ(requests[3].target, "/2018-06-01/runtime/invocation/req-2/response");
  EXPECT_EQ(requests[3].body, "second");
  EXPECT_EQ(requests[4].head, get_next);
  for (const auto& r : requests) EXPECT_EQ(r.connection, 1) << "one keep-alive connection";
}

TEST(RuntimeLoop, BuildsTheContextFromTheNextHeaders) {
  using namespace std::chrono;
  auto deadline_ms =
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() + 60000;
  MockRuntimeApi api;
  api.Add(
      {.request_id = "8476a536-e9f4-11e8-9739-2dfe598c3fcd",
       .payload = "{}",
       .headers = {{"Lambda-Runtime-Deadline-Ms", std::to_string(deadline_ms)},
                   {"Lambda-Runtime-Invoked-Function-Arn",
                    "arn:aws:lambda:us-east-1:123456789012:function:Hello:live"},
                   {"Lambda-Runtime-Trace-Id",
                    "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"},
                   {"Lambda-Runtime-Client-Context", R"({"client":{"app_title":"t"}})"},
                   {"Lambda-Runtime-Cognito-Identity",
                    R"({"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"})"},
                   {"lambda-runtime-aws-tenant-id", "tenant-7"},
                   {"Content-Type", "application/json"}}});
  std::optional<InvocationInfo> seen;
  milliseconds remaining{};
  Handler capture = [&](std::string_view, Context& ctx) -> std::string {
    seen = ctx.info();
    remaining = ctx.RemainingTime();
    return "{}";
  };
  RunLoopAgainst(api, "Capture", {{"Capture", capture}});
  api.Finish();
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->request_id, "8476a536-e9f4-11e8-9739-2dfe598c3fcd");
  EXPECT_EQ(duration_cast<milliseconds>(seen->deadline.time_since_epoch()).count(), deadline_ms);
  EXPECT_EQ(seen->invoked_function_arn,
            "arn:aws:lambda:us-east-1:123456789012:function:Hello:live");
  EXPECT_EQ(seen->trace_id,
            "Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1");
  EXPECT_EQ(seen->client_context, R"({"client":{"app_title":"t"}})");
  EXPECT_EQ(seen->cognito_identity, R"({"cognitoIdentityId":"id","cognitoIdentityPoolId":"pool"})");
  EXPECT_EQ(seen->tenant_id, "tenant-7");
  EXPECT_EQ(seen->content_type, "application/json");
  EXPECT_GT(remaining.count(), 50000);
  EXPECT_LE(remaining.count(), 60000);
}

TEST(RuntimeLoop, SetsAndUnsetsTheTraceIdVariablePerInvocation) {
  ::setenv("_X_AMZN_TRACE_ID", "stale-from-the-environment", 1);
  MockRuntimeApi api;
  api.Add({.request_id = "a", .payload = "", .headers = {{"Lambda-Runtime-Trace-Id", "Root=1-a"}}});
  api.Add({.request_id = "b", .payload = "", .headers = {}});
  api.Add({.request_id = "c",
           .payload = "",
           .headers = {{"Lambda-Runtime-Trace-Id", "Root=1-c;Parent=" + std::string(300, 'f')}}});
  std::vector<std::string> seen;
  Handler h = [&](std::string_view, Context&) -> std::string {
    const char* v = std::getenv("_X_AMZN_TRACE_ID");
    seen.push_back(v != nullptr ? v : "<unset>");
    return "";
  };
  RunLoopAgainst(api, "H", {{"H", h}});
  api.Finish();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0], "Root=1-a");
  EXPECT_EQ(seen[1], "<unset>");
  EXPECT_EQ(seen[2], "Root=1-c;Parent=" + std::string(300, 'f'));
  EXPECT_EQ(std::getenv("_X_AMZN_TRACE_ID"), nullptr) << "cleared when the loop ends";
}

TEST(RuntimeLoop, UnknownHandlerPostsAnInitErrorListingTheDeclaredNames) {
  MockRuntimeApi api;
  api.Add({.request_id = "never", .payload = ""});
  int rc = RunLoopAgainst(api, "Helo", {{"Hello", Echo}, {"Goodbye", Echo}});
  EXPECT_NE(rc, 0);
  auto requests = api.Finish();
  ASSERT_EQ(requests.size(), 1u) << "no /next after a failed init";
  const auto& r = requests[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/2018-06-01/runtime/init/error");
  EXPECT_EQ(r.Header("Lambda-Runtime-Function-Error-Type"), "Runtime.NoSuchHandler");
  EXPECT_EQ(r.Header("Content-Type"), "application/json");
  auto body = ParseObject(r.body);
  EXPECT_EQ(body.at("errorType"), "Runtime.NoSuchHandler");
  std::string message(body.at("errorMessage").as_string());
  EXPECT_NE(message.find("'Helo'"), std::string::npos) << message;
  EXPECT_NE(message.find("Hello, Goodbye"), std::string::npos) << message;
  EXPECT_TRUE(body.at("stackTrace").as_array().empty());
}

TEST(RuntimeLoop, UnsetHandlerIsAnInitErrorToo) {
  MockRuntimeApi api;
  EXPECT_NE(RunLoopAgainst(api, "", {{"Hello", Echo}}), 0);
  auto requests = api.Finish();
  ASSERT_EQ(requests.size(), 1u);
  auto body = ParseObject(requests[0].body);
  std::string message(body.at("errorMessage").as_string());
  EXPECT_NE(message.find("_HANDLER is not set"), std::string::npos) << message;
  EXPECT_NE(message.find("Hello"), std::string::npos) << message;
}

TEST(RuntimeLoop, DispatchesByHandlerName) {
  MockRuntimeApi api;
  api.Add({.request_id = "r", .payload = "x"});
  Handler first = [](std::string_view, Context&) -> std::string { return "first"; };
  Handler second = [](std::string_view, Context&) -> std::string { return "second"; };
  RunLoopAgainst(api, "Second", {{"First", first}, {"Second", second}});
  auto posts = Filter(api.Finish(), "/response");
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].body, "second");
}

TEST(RuntimeLoop, TypedHandlerWithADescribedStruct) {
  MockRuntimeApi api;
  api.Add({.request_id = "r", .payload = R"({"name":"Ada","times":2})"});
  Handler h = [](const Greeting& g, Context&) {
    std::string text;
    for (int i = 0; i < g.times; ++i) text += "hi " + g.name + ";";
    return Reply{text};
  };
  RunLoopAgainst(api, "Greet", {{"Greet", h}});
  auto posts = Filter(api.Finish(), "/response");
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].body, R"({"text":"hi Ada;hi Ada;"})");
}

TEST(RuntimeLoop, TypedHandlerWithTagInvokeConversions) {
  MockRuntimeApi api;
  api.Add({.request_id = "r", .payload = R"({"order_id":"o-9","amount":12.5})"});
  Handler h = [](const Order& o, Context&) { return Receipt{o.id, o.amount * 2}; };
  RunLoopAgainst(api, "Pay", {{"Pay", h}});
  auto posts = Filter(api.Finish(), "/response");
  ASSERT_EQ(posts.size(), 1u);
  auto body = ParseObject(posts[0].body);
  EXPECT_EQ(body.at("receipt_for"), "o-9") << posts[0].body;
  EXPECT_EQ(body.at("total").to_number<double>(), 25.0) << posts[0].body;
  EXPECT_EQ(body.size(), 2u) << posts[0].body;
}

TEST(RuntimeLoop, VoidTypedHandlerRespondsNull) {
  MockRuntimeApi api;
  api.Add({.request_id = "r", .payload = R"({"name":"x","times":0})"});
  int calls = 0;
  Handler h = [&](const Greeting&, Context&) { ++calls; };
  RunLoopAgainst(api, "V", {{"V", h}});
  auto posts = Filter(api.Finish(), "/response");
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].body, "null");
  EXPECT_EQ(calls, 1);
}

TEST(RuntimeLoop, MalformedEventIsAnUnmarshalErrorAndTheLoopGoesOn) {
  MockRuntimeApi api;
  api.Add({.request_id = "bad-json", .payload = R"({"name": "Ada", )"});
  api.Add({.request_id = "bad-shape", .payload = R"({"name": 42})"});
  api.Add({.request_id = "good", .payload = R"({"name":"Ada","times":1})"});
  Handler h = [](const Greeting& g, Context&) { return Reply{g.name}; };
  RunLoopAgainst(api, "Greet", {{"Greet", h}});
  auto requests = api.Finish();
  auto errors = Filter(requests, "/error");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].target, "/2018-06-01/runtime/invocation/bad-json/error");
  EXPECT_EQ(errors[0].Header("Lambda-Runtime-Function-Error-Type"), "Runtime.UnmarshalError");
  auto first = ParseObject(errors[0].body);
  EXPECT_EQ(first.at("errorType"), "Runtime.UnmarshalError");
  EXPECT_NE(std::string(first.at("errorMessage").as_string()).find("not valid JSON"),
            std::string::npos)
      << first;
  auto second = ParseObject(errors[1].body);
  EXPECT_EQ(second.at("errorType"), "Runtime.UnmarshalError");
  std::string message(second.at("errorMessage").as_string());
  EXPECT_NE(message.find("does not convert to sparta_runtime_test::Greeting"), std::string::npos)
      << message;
  auto responses = Filter(requests, "/response");
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].target, "/2018-06-01/runtime/invocation/good/response");
  EXPECT_EQ(responses[0].body, R"({"text":"Ada"})");
}

TEST(RuntimeLoop, RefusedResponseDoesNotEndTheLoop) {
  MockRuntimeApi api;
  api.Add({.request_id = "too-big", .payload = "x", .post_status = 413});
  api.Add({.request_id = "forbidden", .payload = "y", .post_status = 403});
  api.Add({.request_id = "fine", .payload = "z"});
  RunLoopAgainst(api, "Echo", {{"Echo", Echo}});
  auto requests = api.Finish();
  auto responses = Filter(requests, "/response");
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(responses[2].target, "/2018-06-01/runtime/invocation/fine/response");
  EXPECT_EQ(Filter(requests, "/next").size(), 4u);
}

TEST(RuntimeLoop, ServerErrorOnAPostEndsTheLoop) {
  MockRuntimeApi api;
  api.Add({.request_id = "a", .payload = "x", .post_status = 500});
  api.Add({.request_id = "b", .payload = "y"});
  EXPECT_EQ(RunLoopAgainst(api, "Echo", {{"Echo", Echo}}), 1);
  auto requests = api.Finish();
  ASSERT_EQ(requests.size(), 2u) << "GET next, POST response, then exit";
}

TEST(RuntimeLoop, ReconnectsWhenTheConnectionDrops) {
  MockRuntimeApi api;
  api.Add({.request_id = "dropped", .payload = "1", .close_after_next = true});
  api.Add({.request_id = "after", .payload = "2"});
  RunLoopAgainst(api, "Echo", {{"Echo", Echo}});
  auto requests = api.Finish();
  auto responses = Filter(requests, "/response");
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].target, "/2018-06-01/runtime/invocation/dropped/response");
  EXPECT_EQ(responses[0].connection, 2) << "posted again on a fresh connection";
  EXPECT_EQ(responses[1].body, "2");
}

TEST(RuntimeLoop, ReadsChunkedAndLargeEvents) {
  std::string large(3 * 1024 * 1024, 'e');
  MockRuntimeApi api;
  api.Add({.request_id = "chunked", .payload = R"({"chunked":true})", .chunked_event = true});
  api.Add({.request_id = "large", .payload = large});
  RunLoopAgainst(api, "Echo", {{"Echo", Echo}});
  auto responses = Filter(api.Finish(), "/response");
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].body, R"({"chunked":true})");
  EXPECT_EQ(responses[1].body.size(), large.size());
  EXPECT_EQ(responses[1].body, large);
}

}  // namespace
}  // namespace sparta::runtime::testing
