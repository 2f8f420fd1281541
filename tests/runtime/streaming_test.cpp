// Streaming handlers: chunked /response, error trailers, connection close.
#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <stdexcept>

#include "sparta/runtime/function_error.hpp"
#include "sparta/util/base64.hpp"

#include "runtime/loop_fixture.hpp"

namespace sparta_runtime_stream_test {
struct Count {
  int upto = 0;
};
BOOST_DESCRIBE_STRUCT(Count, (), (upto))

__attribute__((noinline)) void FailMidStream() { throw std::runtime_error("generator broke"); }
}  // namespace sparta_runtime_stream_test

namespace sparta::runtime::testing {
namespace {

constexpr const char* kStreamHeaders =
    "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
    "Transfer-Encoding: chunked\r\n"
    "Trailer: Lambda-Runtime-Function-Error-Type, Lambda-Runtime-Function-Error-Body\r\n"
    "Content-Type: application/octet-stream\r\n\r\n";

TEST(RuntimeStreaming, EachWriteIsOneChunkAndTheConnectionIsClosedAfter) {
  MockRuntimeApi api;
  api.Add({.request_id = "s1", .payload = "go"});
  api.Add({.request_id = "s2", .payload = "again"});
  std::vector<bool> write_results;
  Handler h = [&](std::string_view payload, ResponseStream& out, Context&) {
    write_results.push_back(out.Write("hello "));
    write_results.push_back(out.Write(""));  // ignored: would end the stream
    write_results.push_back(out.Write(payload));
  };
  ASSERT_TRUE(h.streaming());
  RunLoopAgainst(api, "S", {{"S", h}});
  auto requests = api.Finish();
  EXPECT_EQ(write_results, (std::vector<bool>{true, true, true, true, true, true}));
  auto responses = Filter(requests, "/response");
  ASSERT_EQ(responses.size(), 2u);
  const auto& r = responses[0];
  EXPECT_EQ(r.head, "POST /2018-06-01/runtime/invocation/s1/response HTTP/1.1\r\nHost: " +
                        api.address() + "\r\n" + kStreamHeaders);
  EXPECT_TRUE(r.chunked);
  EXPECT_EQ(r.chunks, (std::vector<std::string>{"hello ", "go"}));
  EXPECT_TRUE(r.trailers.empty());
  EXPECT_EQ(responses[1].chunks, (std::vector<std::string>{"hello ", "again"}));
  // After each streamed response the runtime reconnects for /next.
  auto nexts = Filter(requests, "/next");
  ASSERT_EQ(nexts.size(), 3u);
  EXPECT_EQ(nexts[0].connection, 1);
  EXPECT_EQ(responses[0].connection, 1);
  EXPECT_EQ(nexts[1].connection, 2);
  EXPECT_EQ(nexts[2].connection, 3);
}

TEST(RuntimeStreaming, AThrowAfterTheFirstByteIsReportedInTrailers) {
  MockRuntimeApi api;
  api.Add({.request_id = "mid", .payload = ""});
  Handler h = [](std::string_view, ResponseStream& out, Context&) {
    out.Write("partial ");
    out.Write("output");
    sparta_runtime_stream_test::FailMidStream();
  };
  RunLoopAgainst(api, "S", {{"S", h}});
  auto requests = api.Finish();
  EXPECT_TRUE(Filter(requests, "/error").empty()) << "no /error once bytes were streamed";
  auto responses = Filter(requests, "/response");
  ASSERT_EQ(responses.size(), 1u);
  const auto& r = responses[0];
  EXPECT_EQ(r.chunks, (std::vector<std::string>{"partial ", "output"}));
  EXPECT_EQ(r.Trailer("Lambda-Runtime-Function-Error-Type"), "Function.Unhandled");
  auto decoded = util::Base64Decode(r.Trailer("Lambda-Runtime-Function-Error-Body"));
  ASSERT_TRUE(decoded.has_value()) << r.Trailer("Lambda-Runtime-Function-Error-Body");
  auto body = ParseObject(*decoded);
  EXPECT_EQ(body.at("errorType"), "std::runtime_error");
  EXPECT_EQ(body.at("errorMessage"), "generator broke");
  EXPECT_TRUE(StackMentions(body, "sparta_runtime_stream_test::FailMidStream()"))
      << StackText(body);
}

TEST(RuntimeStreaming, AThrowBeforeAnyByteIsANormalErrorPost) {
  MockRuntimeApi api;
  api.Add({.request_id = "early", .payload = ""});
  Handler h = [](std::string_view, ResponseStream& out, Context&) {
    out.Write("");  // nothing sent yet
    throw FunctionError("Function.NotReady", "not ready");
  };
  RunLoopAgainst(api, "S", {{"S", h}});
  auto requests = api.Finish();
  EXPECT_TRUE(Filter(requests, "/response").empty());
  auto errors = Filter(requests, "/error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_FALSE(errors[0].chunked);
  EXPECT_FALSE(errors[0].HasHeader("Lambda-Runtime-Function-Response-Mode"));
  EXPECT_EQ(errors[0].Header("Lambda-Runtime-Function-Error-Type"), "Function.NotReady");
  EXPECT_EQ(ParseObject(errors[0].body).at("errorMessage"), "not ready");
}

TEST(RuntimeStreaming, AnEmptyStreamStillEndsProperly) {
  MockRuntimeApi api;
  api.Add({.request_id = "empty", .payload = ""});
  Handler h = [](std::string_view, ResponseStream&, Context&) {};
  RunLoopAgainst(api, "S", {{"S", h}});
  auto responses = Filter(api.Finish(), "/response");
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_TRUE(responses[0].chunked);
  EXPECT_TRUE(responses[0].chunks.empty());
  EXPECT_TRUE(responses[0].trailers.empty());
}

TEST(RuntimeStreaming, TypedStreamingHandler) {
  MockRuntimeApi api;
  api.Add({.request_id = "typed", .payload = R"({"upto":3})"});
  api.Add({.request_id = "bad", .payload = R"([1,2])"});
  Handler h = [](const sparta_runtime_stream_test::Count& c, ResponseStream& out, Context&) {
    for (int i = 1; i <= c.upto; ++i) out.Write(std::to_string(i) + "\n");
  };
  RunLoopAgainst(api, "Count", {{"Count", h}});
  auto requests = api.Finish();
  auto responses = Filter(requests, "/response");
  ASSERT_EQ(responses.size(), 1u);
  EXPECT_EQ(responses[0].chunks, (std::vector<std::string>{"1\n", "2\n", "3\n"}));
  auto errors = Filter(requests, "/error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].Header("Lambda-Runtime-Function-Error-Type"), "Runtime.UnmarshalError");
}

}  // namespace
}  // namespace sparta::runtime::testing
