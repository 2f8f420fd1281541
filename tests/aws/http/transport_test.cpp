// The real transport against the loopback TestServer: keep-alive, body
// framings, HEAD, timeouts, refused connections, stale pooled connections,
// and HTTPS verification with a throwaway CA.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "sparta/aws/http_transport.hpp"

#include "aws/http/test_server.hpp"

namespace sparta::aws {
namespace {

using namespace std::chrono_literals;
using testing::MakeResponse;
using testing::TestReply;
using testing::TestRequest;
using testing::TestServer;

HttpRequest Get(uint16_t port, std::string path = "/", std::string scheme = "http",
                std::string host = "127.0.0.1") {
  HttpRequest request;
  request.method = "GET";
  request.scheme = std::move(scheme);
  request.host = std::move(host);
  request.port = port;
  request.path = std::move(path);
  return request;
}

TestReply Ok(const std::string& body) { return {MakeResponse(200, body), false, 0ms}; }

TEST(Transport, ReusesOneKeepAliveConnection) {
  TestServer server([](const TestRequest& r) { return Ok("echo " + r.target + " " + r.body); });
  auto transport = MakeHttpTransport();
  for (int i = 0; i < 3; ++i) {
    HttpRequest request = Get(server.port(), "/item/" + std::to_string(i));
    request.method = "POST";
    request.query = "a=1&b=%2F";
    request.body = "payload";
    request.headers = {{"Content-Type", "text/plain"}, {"X-Amz-Date", "20240101T000000Z"}};
    auto response = transport->Send(request, 5s);
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "echo /item/" + std::to_string(i) + "?a=1&b=%2F payload");
    ASSERT_NE(FindHeader(response->headers, "content-length"), nullptr);
  }
  EXPECT_EQ(server.connections(), 1);
  auto received = server.received();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[0].method, "POST");
  ASSERT_NE(FindHeader(received[0].headers, "host"), nullptr);
  EXPECT_EQ(*FindHeader(received[0].headers, "host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(*FindHeader(received[0].headers, "content-length"), "7");
  EXPECT_EQ(*FindHeader(received[0].headers, "x-amz-date"), "20240101T000000Z");
}

TEST(Transport, KeepsTheCallersHostHeader) {
  TestServer server([](const TestRequest&) { return Ok(""); });
  HttpRequest request = Get(server.port());
  request.headers = {{"host", "bucket.example:1234"}};
  ASSERT_TRUE(MakeHttpTransport()->Send(request, 5s).ok());
  auto received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(*FindHeader(received[0].headers, "host"), "bucket.example:1234");
  int hosts = 0;
  for (const auto& [name, value] : received[0].headers) hosts += name == "host" || name == "Host";
  EXPECT_EQ(hosts, 1);
}

TEST(Transport, ReadsAChunkedBody) {
  const std::string body = "<ListBucketResult><Name>b</Name></ListBucketResult>";
  TestServer server([&](const TestRequest&) {
    return TestReply{MakeResponse(200, body, {{"Content-Type", "application/xml"}}, true)};
  });
  auto transport = MakeHttpTransport();
  for (int i = 0; i < 2; ++i) {
    auto response = transport->Send(Get(server.port()), 5s);
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body, body);
  }
  EXPECT_EQ(server.connections(), 1);
}

TEST(Transport, HeadResponseHasNoBodyAndKeepsTheConnection) {
  TestServer server([](const TestRequest& r) {
    if (r.method == "HEAD") {
      return TestReply{
          "HTTP/1.1 404 Not Found\r\nContent-Length: 1234\r\n"
          "x-amz-request-id: R1\r\n\r\n"};
    }
    return Ok("after head");
  });
  auto transport = MakeHttpTransport();
  HttpRequest head = Get(server.port(), "/bucket/key");
  head.method = "HEAD";
  auto response = transport->Send(head, 5s);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "");
  EXPECT_EQ(*FindHeader(response->headers, "Content-Length"), "1234");
  auto next = transport->Send(Get(server.port()), 5s);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->body, "after head");
  EXPECT_EQ(server.connections(), 1);
}

TEST(Transport, ReadsABodyThatEndsWithTheConnection) {
  TestServer server([](const TestRequest&) {
    return TestReply{"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil close", true};
  });
  auto transport = MakeHttpTransport();
  for (int i = 0; i < 2; ++i) {
    auto response = transport->Send(Get(server.port()), 5s);
    ASSERT_TRUE(response.ok()) << response.error().message;
    EXPECT_EQ(response->body, "until close");
  }
  EXPECT_EQ(server.connections(), 2);
}

TEST(Transport, TimesOutOnASlowResponse) {
  TestServer server([](const TestRequest&) {
    return TestReply{MakeResponse(200, "late"), false, 5s};
  });
  auto transport = MakeHttpTransport();
  HttpRequest request = Get(server.port());
  request.headers = {{"Authorization", "AWS4-HMAC-SHA256 Signature=SECRETSIGNATURE"}};
  const auto start = std::chrono::steady_clock::now();
  auto response = transport->Send(request, 300ms);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Timeout");
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(server.port())),
            std::string::npos)
      << response.error().message;
  EXPECT_EQ(response.error().message.find("SECRETSIGNATURE"), std::string::npos);
  EXPECT_GE(elapsed, 300ms);
  EXPECT_LT(elapsed, 3s);
}

TEST(Transport, ReportsARefusedConnection) {
  const uint16_t port = testing::UnusedLoopbackPort();
  auto response = MakeHttpTransport()->Send(Get(port), 5s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Connect");
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos)
      << response.error().message;
}

TEST(Transport, ReportsAnUnknownHostAndAnUnknownScheme) {
  auto response = MakeHttpTransport()->Send(Get(80, "/", "http", "no-such-host.invalid"), 5s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Connect");
  EXPECT_NE(response.error().message.find("no-such-host.invalid"), std::string::npos);
  auto ftp = MakeHttpTransport()->Send(Get(21, "/", "ftp"), 5s);
  ASSERT_FALSE(ftp.ok());
  EXPECT_EQ(ftp.error().code, "Connect");
}

TEST(Transport, ResendsOnceWhenAReusedConnectionWasDropped) {
  // The server answers the first request, keeps the connection, then drops
  // it without a byte on the second: the transport must resend on a new one.
  std::atomic<int> seen{0};
  TestServer server([&](const TestRequest&) {
    int n = ++seen;
    if (n == 2) return TestReply{"", true};
    return Ok("answer " + std::to_string(n));
  });
  auto transport = MakeHttpTransport();
  ASSERT_TRUE(transport->Send(Get(server.port()), 5s).ok());
  auto response = transport->Send(Get(server.port()), 5s);
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "answer 3");
  EXPECT_EQ(server.requests(), 3);
  EXPECT_EQ(server.connections(), 2);
}

TEST(Transport, DoesNotResendOnAFreshConnection) {
  TestServer server([](const TestRequest&) { return TestReply{"", true}; });
  auto response = MakeHttpTransport()->Send(Get(server.port()), 5s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Io");
  EXPECT_EQ(server.requests(), 1);
}

TEST(Transport, SkipsAPooledConnectionTheServerClosed) {
  // Closed after a response that did not say so: the pool notices the EOF
  // and opens a new connection without wasting a request.
  TestServer server([](const TestRequest&) { return TestReply{MakeResponse(200, "x"), true}; });
  auto transport = MakeHttpTransport();
  ASSERT_TRUE(transport->Send(Get(server.port()), 5s).ok());
  std::this_thread::sleep_for(50ms);  // lets the FIN arrive; not a correctness wait
  ASSERT_TRUE(transport->Send(Get(server.port()), 5s).ok());
  EXPECT_EQ(server.requests(), 2);
  EXPECT_EQ(server.connections(), 2);
}

TEST(Transport, ReportsAResponseCutShort) {
  TestServer server([](const TestRequest&) {
    return TestReply{"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part", true};
  });
  auto response = MakeHttpTransport()->Send(Get(server.port()), 5s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Io");
  EXPECT_NE(response.error().message.find("closed before the response was complete"),
            std::string::npos)
      << response.error().message;
}

TEST(Transport, IsSafeToShareBetweenThreads) {
  TestServer server([](const TestRequest& r) { return Ok(r.target); });
  auto transport = MakeHttpTransport();
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string path = "/thread";
        path += std::to_string(t);
        path += "/item";
        path += std::to_string(i);
        auto response = transport->Send(Get(server.port(), path), 5s);
        if (response.ok() && response->body == path) ++good;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(good, 40);
  EXPECT_LE(server.connections(), 8);
}

// HTTPS with a CA made for the test.
class TransportTls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::access("/usr/bin/openssl", X_OK) != 0) return;
    const std::string base = ::testing::TempDir() + "sparta_tls_" + std::to_string(::getpid());
    std::string error;
    good_ = new std::optional<testing::TestPki>(
        testing::MakeTestPki(base + "/good", {"DNS:localhost", "IP:127.0.0.1"}, &error));
    other_ = new std::optional<testing::TestPki>(
        testing::MakeTestPki(base + "/other", {"DNS:other.example"}, &error));
    error_ = new std::string(error);
  }
  static void TearDownTestSuite() {
    delete good_;
    delete other_;
    delete error_;
    good_ = other_ = nullptr;
    error_ = nullptr;
  }
  void SetUp() override {
    if (!good_) GTEST_SKIP() << "skipped: /usr/bin/openssl is not installed";
    ASSERT_TRUE(good_->has_value() && other_->has_value()) << *error_;
    // The tests decide which CAs are trusted.
    ::unsetenv("AWS_CA_BUNDLE");
    ::unsetenv("SSL_CERT_FILE");
  }

  static std::optional<testing::TestPki>* good_;
  static std::optional<testing::TestPki>* other_;
  static std::string* error_;
};
std::optional<testing::TestPki>* TransportTls::good_ = nullptr;
std::optional<testing::TestPki>* TransportTls::other_ = nullptr;
std::string* TransportTls::error_ = nullptr;

TEST_F(TransportTls, VerifiesAgainstTheGivenCaAndReuses) {
  TestServer server([](const TestRequest&) { return Ok("secure"); }, (*good_)->server);
  auto transport = MakeHttpTransport({.ca_file = (*good_)->ca_file});
  for (const char* host : {"127.0.0.1", "127.0.0.1", "localhost"}) {
    auto response = transport->Send(Get(server.port(), "/", "https", host), 5s);
    ASSERT_TRUE(response.ok()) << host << ": " << response.error().message;
    EXPECT_EQ(response->body, "secure");
  }
  EXPECT_EQ(server.connections(), 2);  // one per host
  EXPECT_EQ(server.last_server_name(), "localhost");
}

TEST_F(TransportTls, HonoursAwsCaBundle) {
  TestServer server([](const TestRequest&) { return Ok("secure"); }, (*good_)->server);
  ::setenv("AWS_CA_BUNDLE", (*good_)->ca_file.c_str(), 1);
  auto response = MakeHttpTransport()->Send(Get(server.port(), "/", "https"), 5s);
  ::unsetenv("AWS_CA_BUNDLE");
  ASSERT_TRUE(response.ok()) << response.error().message;
}

TEST_F(TransportTls, RejectsAnUntrustedCertificate) {
  TestServer server([](const TestRequest&) { return Ok("secure"); }, (*good_)->server);
  auto response = MakeHttpTransport()->Send(Get(server.port(), "/", "https"), 5s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Tls");
  EXPECT_NE(response.error().message.find("certificate verification failed for 127.0.0.1: "),
            std::string::npos)
      << response.error().message;
  EXPECT_NE(response.error().message.find("AWS_CA_BUNDLE"), std::string::npos)
      << response.error().message;
  EXPECT_EQ(server.requests(), 0);
}

TEST_F(TransportTls, RejectsAHostnameMismatch) {
  TestServer server([](const TestRequest&) { return Ok("secure"); }, (*other_)->server);
  auto transport = MakeHttpTransport({.ca_file = (*other_)->ca_file});
  for (const char* host : {"localhost", "127.0.0.1"}) {
    auto response = transport->Send(Get(server.port(), "/", "https", host), 5s);
    ASSERT_FALSE(response.ok()) << host;
    EXPECT_EQ(response.error().code, "Tls");
    EXPECT_NE(response.error().message.find(std::string("certificate verification failed for ") +
                                            host + ": "),
              std::string::npos)
        << response.error().message;
    EXPECT_NE(response.error().message.find("mismatch"), std::string::npos)
        << response.error().message;
  }
  EXPECT_EQ(server.requests(), 0);
}

TEST_F(TransportTls, ReportsAnUnreadableCaFile) {
  TestServer server([](const TestRequest&) { return Ok("secure"); }, (*good_)->server);
  auto transport = MakeHttpTransport({.ca_file = "/nonexistent/ca.pem"});
  auto response = transport->Send(Get(server.port(), "/", "https"), 5s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Tls");
  EXPECT_NE(response.error().message.find("/nonexistent/ca.pem"), std::string::npos)
      << response.error().message;
  // Plain HTTP through the same transport is unaffected.
  TestServer plain([](const TestRequest&) { return Ok("plain"); });
  EXPECT_TRUE(transport->Send(Get(plain.port()), 5s).ok());
}

TEST_F(TransportTls, ReportsATlsHandshakeWithAPlainServer) {
  TestServer plain([](const TestRequest&) { return Ok("plain"); });
  auto response = MakeHttpTransport()->Send(Get(plain.port(), "/", "https"), 5s);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Tls");
  EXPECT_NE(response.error().message.find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace sparta::aws
