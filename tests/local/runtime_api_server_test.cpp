// The Runtime API server on its own, driven by raw HTTP on loopback.
#include "sparta/local/runtime_api_server.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

#include "local/raw_http.hpp"

namespace sparta::local {
namespace {

using namespace std::chrono_literals;
using testing::RawHttp;
using Kind = InvocationOutcome::Kind;

constexpr std::string_view kNext = "/2018-06-01/runtime/invocation/next";
constexpr int kReceiveTimeoutMs = 5000;

std::string ResponsePath(const std::string& id) {
  return "/2018-06-01/runtime/invocation/" + id + "/response";
}
std::string ErrorPath(const std::string& id) {
  return "/2018-06-01/runtime/invocation/" + id + "/error";
}

class RuntimeApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto started = RuntimeApiServer::Start();
    ASSERT_TRUE(started.ok()) << started.error().message;
    server_ = std::move(*started);
    ASSERT_TRUE(runtime_.Connect(server_->address(), kReceiveTimeoutMs));
  }

  // Invokes on another thread; the test plays the runtime.
  std::future<InvocationOutcome> InvokeAsync(InvocationRequest request,
                                             std::chrono::milliseconds timeout = 5s) {
    return std::async(std::launch::async, [this, request = std::move(request), timeout] {
      return server_->Invoke(request, timeout);
    });
  }

  std::unique_ptr<RuntimeApiServer> server_;
  RawHttp runtime_;
};

TEST_F(RuntimeApiServerTest, DeliversEventWithLambdaHeadersAndReturnsResponse) {
  InvocationRequest request;
  request.request_id = "req-1";
  request.payload = R"({"hello":"world"})";
  request.trace_id = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
  request.client_context = R"({"custom":{"a":"b"}})";
  auto start_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  auto outcome = InvokeAsync(request, 3s);

  auto next = runtime_.Request("GET", kNext);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, request.payload);
  EXPECT_EQ(next->Header("lambda-runtime-aws-request-id"), "req-1");
  EXPECT_EQ(next->Header("lambda-runtime-trace-id"), request.trace_id);
  EXPECT_EQ(next->Header("lambda-runtime-client-context"), request.client_context);
  EXPECT_EQ(next->Header("lambda-runtime-invoked-function-arn"),
            RuntimeApiServerOptions{}.function_arn);
  EXPECT_EQ(next->Header("content-type"), "application/json");
  EXPECT_FALSE(next->HasHeader("lambda-runtime-cognito-identity"));
  long long deadline = std::stoll(next->Header("lambda-runtime-deadline-ms"));
  EXPECT_GE(deadline, start_ms + 3000);
  EXPECT_LE(deadline, start_ms + 3000 + 1000);

  auto posted = runtime_.Request("POST", ResponsePath("req-1"), "the answer",
                                 "Content-Type: text/plain\r\n");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 202);
  EXPECT_EQ(posted->body, R"({"status":"OK"})");

  InvocationOutcome result = outcome.get();
  EXPECT_EQ(result.kind, Kind::kSuccess);
  EXPECT_EQ(result.body, "the answer");
  EXPECT_EQ(result.content_type, "text/plain");
  EXPECT_TRUE(result.delivered);
  EXPECT_TRUE(server_->next_seen());
}

TEST_F(RuntimeApiServerTest, ServesManySequentialInvocationsOverOneConnection) {
  constexpr int kRounds = 2000;
  std::thread runtime([this] {
    for (int i = 0; i < kRounds; ++i) {
      auto next = runtime_.Request("GET", kNext);
      if (!next) return;
      runtime_.Request("POST", ResponsePath(next->Header("lambda-runtime-aws-request-id")),
                       "echo:" + next->body);
    }
  });
  auto start = std::chrono::steady_clock::now();
  int ok = 0;
  for (int i = 0; i < kRounds; ++i) {
    InvocationRequest request;
    request.payload = std::to_string(i);
    auto outcome = server_->Invoke(request, 5s);
    if (outcome.kind == Kind::kSuccess && outcome.body == "echo:" + std::to_string(i)) ++ok;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  runtime.join();
  EXPECT_EQ(ok, kRounds);
  std::printf("%d round trips in %.3f s: %.0f/s\n", kRounds, seconds, kRounds / seconds);
}

TEST_F(RuntimeApiServerTest, ErrorPostIsAFunctionErrorWithItsType) {
  auto outcome = InvokeAsync({.request_id = "req-err", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  auto posted = runtime_.Request("POST", ErrorPath("req-err"),
                                 R"({"errorMessage":"boom","errorType":"Boom"})",
                                 "Lambda-Runtime-Function-Error-Type: Function.Boom\r\n");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 202);
  auto result = outcome.get();
  EXPECT_EQ(result.kind, Kind::kFunctionError);
  EXPECT_EQ(result.error_type, "Function.Boom");
  EXPECT_EQ(result.body, R"({"errorMessage":"boom","errorType":"Boom"})");
}

TEST_F(RuntimeApiServerTest, UnknownIdIs400AndSecondAnswerIs403) {
  auto unknown = runtime_.Request("POST", ResponsePath("nope"), "x");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 400);

  auto outcome = InvokeAsync({.request_id = "req-2", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  EXPECT_EQ(runtime_.Request("POST", ResponsePath("req-2"), "one")->status, 202);
  EXPECT_EQ(runtime_.Request("POST", ResponsePath("req-2"), "two")->status, 403);
  EXPECT_EQ(runtime_.Request("POST", ErrorPath("req-2"), "{}")->status, 403);
  EXPECT_EQ(outcome.get().body, "one");
}

TEST_F(RuntimeApiServerTest, OversizedResponseGets413AndConnectionStaysUsable) {
  auto outcome = InvokeAsync({.request_id = "big", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  auto posted = runtime_.Request("POST", ResponsePath("big"), std::string(kMaxResponseBytes + 1, 'x'));
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 413);
  auto result = outcome.get();
  EXPECT_EQ(result.kind, Kind::kFunctionError);
  EXPECT_EQ(result.error_type, "Function.ResponseSizeTooLarge");
  EXPECT_NE(result.body.find("\"errorType\":\"Function.ResponseSizeTooLarge\""), std::string::npos);
  EXPECT_NE(result.body.find("6291556 bytes"), std::string::npos);

  // Exactly at the limit is fine, on the same connection.
  auto second = InvokeAsync({.request_id = "limit", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  EXPECT_EQ(runtime_.Request("POST", ResponsePath("limit"), std::string(kMaxResponseBytes, 'y'))->status,
            202);
  EXPECT_EQ(second.get().body.size(), kMaxResponseBytes);
}

TEST_F(RuntimeApiServerTest, StreamedResponseIsReassembled) {
  auto outcome = InvokeAsync({.request_id = "s1", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  ASSERT_TRUE(runtime_.Send("POST " + ResponsePath("s1") +
                            " HTTP/1.1\r\nHost: x\r\n"
                            "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
                            "Transfer-Encoding: chunked\r\nContent-Type: text/event-stream\r\n\r\n"
                            "6\r\nhello \r\n5\r\nworld\r\n0\r\n\r\n"));
  auto posted = runtime_.Read();
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 202);
  auto result = outcome.get();
  EXPECT_EQ(result.kind, Kind::kSuccess);
  EXPECT_TRUE(result.streamed);
  EXPECT_EQ(result.body, "hello world");
  EXPECT_EQ(result.content_type, "text/event-stream");
}

TEST_F(RuntimeApiServerTest, StreamedErrorTrailersAreAFunctionError) {
  auto outcome = InvokeAsync({.request_id = "s2", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  // base64 of {"errorMessage":"late","errorType":"Late"}
  ASSERT_TRUE(runtime_.Send("POST " + ResponsePath("s2") +
                            " HTTP/1.1\r\nHost: x\r\n"
                            "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
                            "Transfer-Encoding: chunked\r\n"
                            "Trailer: Lambda-Runtime-Function-Error-Type, "
                            "Lambda-Runtime-Function-Error-Body\r\n\r\n"
                            "4\r\npart\r\n0\r\n"
                            "Lambda-Runtime-Function-Error-Type: Function.Late\r\n"
                            "Lambda-Runtime-Function-Error-Body: "
                            "eyJlcnJvck1lc3NhZ2UiOiJsYXRlIiwiZXJyb3JUeXBlIjoiTGF0ZSJ9\r\n\r\n"));
  auto posted = runtime_.Read();
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 202);
  auto result = outcome.get();
  EXPECT_EQ(result.kind, Kind::kFunctionError);
  EXPECT_EQ(result.error_type, "Function.Late");
  EXPECT_EQ(result.body, R"({"errorMessage":"late","errorType":"Late"})");
}

TEST_F(RuntimeApiServerTest, InitErrorIsCapturedOnceAndFailsInvokes) {
  EXPECT_EQ(server_->WaitForInit(10ms), InitStatus::kTimeout);
  auto posted = runtime_.Request("POST", "/2018-06-01/runtime/init/error",
                                 R"({"errorMessage":"no config","errorType":"ConfigError"})",
                                 "Lambda-Runtime-Function-Error-Type: Runtime.ConfigInvalid\r\n");
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 202);
  EXPECT_EQ(server_->WaitForInit(1s), InitStatus::kInitError);
  auto error = server_->init_error();
  ASSERT_TRUE(error);
  EXPECT_EQ(error->error_type, "Runtime.ConfigInvalid");
  EXPECT_EQ(error->body, R"({"errorMessage":"no config","errorType":"ConfigError"})");
  EXPECT_EQ(runtime_.Request("POST", "/2018-06-01/runtime/init/error", "{}")->status, 403);

  auto outcome = server_->Invoke({.payload = "{}"}, 1s);
  EXPECT_EQ(outcome.kind, Kind::kInitError);
  EXPECT_EQ(outcome.error_type, "Runtime.ConfigInvalid");
}

TEST_F(RuntimeApiServerTest, InitErrorAfterFirstNextIs403) {
  auto outcome = InvokeAsync({.request_id = "r", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  EXPECT_EQ(server_->WaitForInit(1s), InitStatus::kReady);
  EXPECT_EQ(runtime_.Request("POST", "/2018-06-01/runtime/init/error", "{}")->status, 403);
  runtime_.Request("POST", ResponsePath("r"), "ok");
  EXPECT_EQ(outcome.get().kind, Kind::kSuccess);
}

TEST_F(RuntimeApiServerTest, TimeoutRetiresTheRequestId) {
  auto outcome = InvokeAsync({.request_id = "slow", .payload = "{}"}, 200ms);
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  auto result = outcome.get();
  EXPECT_EQ(result.kind, Kind::kTimeout);
  EXPECT_TRUE(result.delivered);
  EXPECT_GE(result.duration, 100ms);
  EXPECT_EQ(runtime_.Request("POST", ResponsePath("slow"), "late")->status, 403);
}

TEST_F(RuntimeApiServerTest, CancelFailsInFlightAndLaterInvocations) {
  auto outcome = InvokeAsync({.request_id = "c", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  server_->Cancel();
  EXPECT_EQ(outcome.get().kind, Kind::kCancelled);
  EXPECT_EQ(server_->Invoke({.payload = "{}"}, 1s).kind, Kind::kCancelled);
  EXPECT_EQ(server_->WaitForInit(1s), InitStatus::kCancelled);
}

TEST_F(RuntimeApiServerTest, EventIsNotLostWhenAWaitingRuntimeHangsUp) {
  // A runtime parks on /next, then its connection dies (RST).
  ASSERT_TRUE(runtime_.Send("GET " + std::string(kNext) + " HTTP/1.1\r\nHost: x\r\n\r\n"));
  while (!server_->next_seen()) std::this_thread::yield();
  linger hard_close{1, 0};
  ::setsockopt(runtime_.fd(), SOL_SOCKET, SO_LINGER, &hard_close, sizeof hard_close);
  runtime_.Close();

  auto outcome = InvokeAsync({.request_id = "kept", .payload = "payload"});
  RawHttp second;
  ASSERT_TRUE(second.Connect(server_->address(), kReceiveTimeoutMs));
  auto next = second.Request("GET", kNext);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->Header("lambda-runtime-aws-request-id"), "kept");
  EXPECT_EQ(second.Request("POST", ResponsePath("kept"), "done")->status, 202);
  EXPECT_EQ(outcome.get().kind, Kind::kSuccess);
}

TEST_F(RuntimeApiServerTest, MalformedRequestsGet400AndTheServerKeepsServing) {
  const std::string garbage[] = {
      "BLAH\r\n\r\n",
      "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
      "POST /x HTTP/1.1\r\nContent-Length: banana\r\n\r\n",
      "POST /2018-06-01/runtime/invocation/a/response HTTP/1.1\r\nTransfer-Encoding: "
      "chunked\r\n\r\nZZ\r\n",
      "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
      std::string("GET /\0 HTTP/1.1\r\n\r\n", 19),
  };
  for (const auto& request : garbage) {
    RawHttp client;
    ASSERT_TRUE(client.Connect(server_->address(), kReceiveTimeoutMs));
    ASSERT_TRUE(client.Send(request));
    auto response = client.Read();
    ASSERT_TRUE(response) << request;
    EXPECT_EQ(response->status, 400) << request;
  }
  {
    RawHttp client;
    ASSERT_TRUE(client.Connect(server_->address(), kReceiveTimeoutMs));
    ASSERT_TRUE(client.Send("GET / HTTP/1.1\r\nX: " + std::string(2 * 1024 * 1024, 'a') + "\r\n\r\n"));
    auto response = client.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400);
  }
  EXPECT_EQ(runtime_.Request("GET", "/nowhere")->status, 404);
  EXPECT_EQ(runtime_.Request("POST", std::string(kNext))->status, 405);
  EXPECT_EQ(runtime_.Request("POST", "/2018-06-01/runtime/invocation//response")->status, 404);

  // Still serving, on the connection that received the 404s.
  auto outcome = InvokeAsync({.request_id = "after", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  EXPECT_EQ(runtime_.Request("POST", ResponsePath("after"), "fine")->status, 202);
  EXPECT_EQ(outcome.get().body, "fine");
}

TEST_F(RuntimeApiServerTest, HonoursExpectContinue) {
  auto outcome = InvokeAsync({.request_id = "e", .payload = "{}"});
  ASSERT_TRUE(runtime_.Request("GET", kNext));
  ASSERT_TRUE(runtime_.Send("POST " + ResponsePath("e") +
                            " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                            "Content-Length: 4\r\n\r\n"));
  auto interim = runtime_.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(runtime_.Send("body"));
  auto posted = runtime_.Read();
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 202);
  EXPECT_EQ(outcome.get().body, "body");
}

}  // namespace
}  // namespace sparta::local
