// CloudHttpServer over loopback: signed requests reach the dispatcher with
// who signed them; bad ones get AWS's error documents; the HTTP edge cases
// (garbage, truncated and oversized bodies, 100-continue, keep-alive,
// chunked bodies, HEAD, many connections, the connection cap, Stop with idle
// connections) behave.

#include "local_cloud/server/http_server.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/credentials_providers.hpp"
#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/sigv4.hpp"
#include "sparta/aws/sts_client.hpp"

#include "local/raw_http.hpp"

namespace sparta::local_cloud::server {
namespace {

using local::testing::RawHttp;
using local::testing::RawResponse;
using Clock = std::chrono::steady_clock;

aws::Credentials TestCredentials(std::string secret = "test") {
  aws::Credentials credentials;
  credentials.access_key_id = "test";
  credentials.secret_access_key = std::move(secret);
  return credentials;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}) {
    auto server = CloudHttpServer::Start(
        std::move(options),
        SigV4Verifier(std::map<std::string, std::string, std::less<>>{{"test", "test"}}),
        [this](const CloudRequest& request) { return Handle(request); },
        [this](const RequestLogEntry& entry) {
          std::lock_guard lock(mutex_);
          log_.push_back(entry);
        });
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(server).value();
    address_ = "127.0.0.1:" + std::to_string(server_->port());
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  CloudResponse Handle(const CloudRequest& request) {
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(request);
    }
    if (request.path == "/throw") throw std::runtime_error("handler bug");
    if (request.path == "/slow") std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (request.service == "sts") {
      return QueryResult("GetCallerIdentity", kStsXmlns,
                         "<Arn>arn:aws:iam::000000000000:root</Arn><UserId>" +
                             request.access_key_id + "</UserId><Account>000000000000</Account>",
                         request.request_id);
    }
    CloudResponse response;
    response.headers = {{"Content-Type", "text/plain"}, {"x-amz-request-id", request.request_id}};
    response.body = request.method + " " + request.service + " " + request.region + " " +
                    request.access_key_id + " " + request.body;
    if (request.method == "HEAD") {
      response.body.clear();
      response.head_content_length = 1234;
    }
    return response;
  }

  // The bytes of `request` signed as `service` for this server.
  std::string SignedBytes(aws::HttpRequest request, const std::string& service,
                          std::string_view extra_headers = {}, bool chunked = false,
                          const aws::Credentials& credentials = TestCredentials()) {
    request.scheme = "http";
    request.host = "127.0.0.1";
    request.port = server_->port();
    aws::SigningOptions options;
    options.region = "us-west-2";
    options.service = service;
    options.s3_path_rules = service == "s3";
    options.add_content_sha256 = service == "s3";
    EXPECT_TRUE(aws::SignRequest(request, credentials, options).ok());
    std::string bytes = request.method + " " + request.path +
                        (request.query.empty() ? "" : "?" + request.query) + " HTTP/1.1\r\n";
    bytes += "Host: " + request.HostHeader() + "\r\n";
    for (const auto& [name, value] : request.headers) bytes += name + ": " + value + "\r\n";
    bytes += extra_headers;
    if (chunked) {
      bytes += "Transfer-Encoding: chunked\r\n\r\n";
      std::size_t half = request.body.size() / 2;
      for (std::string_view part : {std::string_view(request.body).substr(0, half),
                                    std::string_view(request.body).substr(half)}) {
        char size[32];
        std::snprintf(size, sizeof size, "%zx\r\n", part.size());
        bytes += size;
        bytes += part;
        bytes += "\r\n";
      }
      bytes += "0\r\n\r\n";
    } else {
      bytes += "Content-Length: " + std::to_string(request.body.size()) + "\r\n\r\n";
      bytes += request.body;
    }
    return bytes;
  }

  aws::HttpRequest S3Put(std::string body = "hello world") {
    aws::HttpRequest request;
    request.method = "PUT";
    request.path = "/bucket/a%20key";
    request.body = std::move(body);
    return request;
  }

  std::shared_ptr<aws::AwsClient> Client(const std::string& service,
                                         aws::Credentials credentials = TestCredentials()) {
    aws::AwsClientOptions options;
    options.endpoint.scheme = "http";
    options.endpoint.host = "127.0.0.1";
    options.endpoint.port = server_->port();
    options.endpoint.signing_region = "us-west-2";
    options.endpoint.signing_name = service;
    options.endpoint.s3_path_style = true;
    options.credentials = std::make_shared<aws::StaticCredentialsProvider>(credentials);
    options.transport = aws::MakeHttpTransport();
    options.retry.max_attempts = 1;
    options.timeout = std::chrono::seconds(5);
    return std::make_shared<aws::AwsClient>(options);
  }

  // The log entry is written after the response: wait (bounded) for it.
  std::size_t WaitForLog(std::size_t count) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(5);
    while (Clock::now() < deadline) {
      {
        std::lock_guard lock(mutex_);
        if (log_.size() >= count) return log_.size();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard lock(mutex_);
    return log_.size();
  }

  std::size_t SeenCount() {
    std::lock_guard lock(mutex_);
    return seen_.size();
  }

  std::unique_ptr<CloudHttpServer> server_;
  std::string address_;
  std::mutex mutex_;
  std::vector<CloudRequest> seen_;
  std::vector<RequestLogEntry> log_;
};

TEST_F(HttpServerTest, StsClientCallReachesTheDispatcherWithWhoSignedIt) {
  StartServer();
  aws::StsClient sts(Client("sts"));
  auto identity = sts.GetCallerIdentity();
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  EXPECT_EQ(identity->account, "000000000000");
  EXPECT_EQ(identity->user_id, "test");
  ASSERT_EQ(SeenCount(), 1u);
  const CloudRequest& seen = seen_[0];
  EXPECT_EQ(seen.service, "sts");
  EXPECT_EQ(seen.region, "us-west-2");
  EXPECT_EQ(seen.access_key_id, "test");
  EXPECT_EQ(seen.method, "POST");
  EXPECT_NE(seen.body.find("Action=GetCallerIdentity"), std::string::npos);
  EXPECT_EQ(seen.request_id.size(), 36u) << seen.request_id;
  ASSERT_EQ(WaitForLog(1), 1u);
  EXPECT_EQ(log_[0].service, "sts");
  EXPECT_EQ(log_[0].status, 200);
  EXPECT_EQ(log_[0].method, "POST");
  EXPECT_EQ(log_[0].target, "/");
}

TEST_F(HttpServerTest, WrongSecretGetsSignatureDoesNotMatchAndNeverReachesTheDispatcher) {
  StartServer();
  aws::StsClient sts(Client("sts", TestCredentials("wrong")));
  auto identity = sts.GetCallerIdentity();
  ASSERT_FALSE(identity.ok());
  EXPECT_EQ(identity.error().code, "SignatureDoesNotMatch") << identity.error().message;
  EXPECT_NE(identity.error().message.find("HTTP 403"), std::string::npos);
  EXPECT_EQ(SeenCount(), 0u);
}

TEST_F(HttpServerTest, S3PutThroughAwsClientCarriesItsBody) {
  StartServer();
  aws::HttpRequest request = S3Put(std::string(100000, 'z'));
  auto response = Client("s3")->Send(request, "PutObject");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->status, 200);
  ASSERT_EQ(SeenCount(), 1u);
  EXPECT_EQ(seen_[0].path, "/bucket/a%20key");
  EXPECT_EQ(seen_[0].body, std::string(100000, 'z'));
  EXPECT_EQ(seen_[0].service, "s3");
}

TEST_F(HttpServerTest, UnsignedRequestGetsTheProtocolsForbiddenDocument) {
  StartServer();
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  auto response = http.Request("POST", "/", "Action=ListUsers&Version=2010-05-08",
                               "Content-Type: application/x-www-form-urlencoded\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_EQ(response->Header("server"), "sparta-local");
  EXPECT_NE(response->body.find("<Code>MissingAuthenticationToken</Code>"), std::string::npos);
  EXPECT_NE(response->body.find("https://iam.amazonaws.com/doc/2010-05-08/"), std::string::npos);
  EXPECT_EQ(SeenCount(), 0u);
  // The connection stays usable.
  response = http.Request("GET", "/bucket");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 403);
  EXPECT_NE(response->body.find("<Code>AccessDenied</Code>"), std::string::npos);
}

TEST_F(HttpServerTest, GarbageBytesGet400AndACloseAndTheServerKeepsServing) {
  StartServer();
  for (std::string_view garbage :
       {std::string_view("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03garbage\r\n\r\n"),
        std::string_view("GET / HTTP/9.9\r\n\r\n"), std::string_view("NOT HTTP AT ALL\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nBad Header Line\r\n\r\n")}) {
    RawHttp http;
    ASSERT_TRUE(http.Connect(address_, 5000));
    ASSERT_TRUE(http.Send(garbage));
    auto response = http.Read();
    ASSERT_TRUE(response) << garbage;
    EXPECT_EQ(response->status, 400);
    EXPECT_NE(response->body.find("<Code>BadRequest</Code>"), std::string::npos);
    EXPECT_TRUE(http.PeerClosed());
  }
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  ASSERT_TRUE(http.Send(SignedBytes(S3Put(), "s3")));
  auto response = http.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpServerTest, TruncatedBodiesCloseWithoutReachingTheDispatcher) {
  StartServer({.idle_timeout = std::chrono::milliseconds(500)});
  std::string bytes = SignedBytes(S3Put(std::string(1000, 'a')), "s3");
  {
    // The client half-closes mid-body.
    RawHttp http;
    ASSERT_TRUE(http.Connect(address_, 5000));
    ASSERT_TRUE(http.Send(bytes.substr(0, bytes.size() - 500)));
    ::shutdown(http.fd(), SHUT_WR);
    auto response = http.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 400);
    EXPECT_NE(response->body.find("<Code>IncompleteBody</Code>"), std::string::npos);
  }
  {
    // The client stalls mid-body: the idle timeout closes the connection.
    RawHttp http;
    ASSERT_TRUE(http.Connect(address_, 5000));
    ASSERT_TRUE(http.Send(bytes.substr(0, bytes.size() - 500)));
    const Clock::time_point start = Clock::now();
    EXPECT_TRUE(http.PeerClosed());
    EXPECT_LT(Clock::now() - start, std::chrono::seconds(3));
  }
  EXPECT_EQ(SeenCount(), 0u);
}

TEST_F(HttpServerTest, OversizedBodiesGet413InTheAddressedProtocol) {
  StartServer({.max_body_bytes = 1024});
  {
    RawHttp http;
    ASSERT_TRUE(http.Connect(address_, 5000));
    ASSERT_TRUE(http.Send(SignedBytes(S3Put(std::string(5000, 'b')), "s3")));
    auto response = http.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_NE(response->body.find("<Code>EntityTooLarge</Code>"), std::string::npos);
    EXPECT_TRUE(http.PeerClosed());
  }
  {
    // Chunked: the limit is only known to be exceeded while reading.
    aws::HttpRequest request;
    request.method = "POST";
    request.path = "/2015-03-31/functions/f/invocations";
    request.body = std::string(4000, 'c');
    RawHttp http;
    ASSERT_TRUE(http.Connect(address_, 5000));
    ASSERT_TRUE(http.Send(SignedBytes(request, "lambda", {}, /*chunked=*/true)));
    auto response = http.Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 413);
    EXPECT_EQ(response->Header("x-amzn-errortype"), "RequestEntityTooLargeException");
  }
  EXPECT_EQ(SeenCount(), 0u);
  // Exactly at the limit is fine.
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  ASSERT_TRUE(http.Send(SignedBytes(S3Put(std::string(1024, 'd')), "s3")));
  auto response = http.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpServerTest, ExpectContinueIsAnsweredBeforeTheBodyIsSent) {
  StartServer();
  std::string bytes = SignedBytes(S3Put("body after continue"), "s3", "Expect: 100-continue\r\n");
  const std::size_t head_end = bytes.find("\r\n\r\n") + 4;
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  ASSERT_TRUE(http.Send(bytes.substr(0, head_end)));
  auto interim = http.Read();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(http.Send(bytes.substr(head_end)));
  auto response = http.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_NE(response->body.find("body after continue"), std::string::npos);
}

TEST_F(HttpServerTest, KeepAliveChunkedAndHeadOnOneConnection) {
  StartServer();
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  ASSERT_TRUE(http.Send(SignedBytes(S3Put("first"), "s3")));
  auto first = http.Read();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "PUT s3 us-west-2 test first");

  ASSERT_TRUE(http.Send(SignedBytes(S3Put("second, chunked"), "s3", {}, /*chunked=*/true)));
  auto second = http.Read();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "PUT s3 us-west-2 test second, chunked");

  aws::HttpRequest head;
  head.method = "HEAD";
  head.path = "/bucket/a%20key";
  ASSERT_TRUE(http.Send(SignedBytes(head, "s3")));
  // HEAD: the announced length, no body bytes (RawHttp would read them).
  std::string raw;
  char chunk[4096];
  while (raw.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = ::recv(http.fd(), chunk, sizeof chunk, 0);
    ASSERT_GT(n, 0);
    raw.append(chunk, static_cast<std::size_t>(n));
  }
  EXPECT_NE(raw.find("Content-Length: 1234\r\n"), std::string::npos) << raw;
  EXPECT_EQ(raw.substr(raw.find("\r\n\r\n") + 4), "");

  ASSERT_TRUE(http.Send(SignedBytes(S3Put("fourth"), "s3")));
  auto fourth = http.Read();
  ASSERT_TRUE(fourth);
  EXPECT_EQ(fourth->body, "PUT s3 us-west-2 test fourth");
  ASSERT_EQ(SeenCount(), 4u);
  EXPECT_NE(seen_[0].request_id, seen_[1].request_id);
}

TEST_F(HttpServerTest, ConnectionCloseIsHonoured) {
  StartServer();
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  ASSERT_TRUE(http.Send(SignedBytes(S3Put(), "s3", "Connection: close\r\n")));
  auto response = http.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(http.PeerClosed());
}

TEST_F(HttpServerTest, AThrowingDispatcherGives500) {
  StartServer();
  aws::HttpRequest request;
  request.method = "GET";
  request.path = "/throw";
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  ASSERT_TRUE(http.Send(SignedBytes(request, "s3")));
  auto response = http.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_NE(response->body.find("<Code>InternalError</Code>"), std::string::npos);
}

TEST_F(HttpServerTest, ManyParallelConnections) {
  StartServer();
  constexpr int kClients = 24;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  std::vector<std::string> requests;
  for (int i = 0; i < kClients; ++i) {
    requests.push_back(SignedBytes(S3Put("client " + std::to_string(i)), "s3"));
  }
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&, i] {
      RawHttp http;
      if (!http.Connect(address_, 10000)) return;
      for (int round = 0; round < 3; ++round) {
        if (!http.Send(requests[static_cast<std::size_t>(i)])) return;
        auto response = http.Read();
        if (!response || response->status != 200 ||
            response->body.find("client " + std::to_string(i)) == std::string::npos) {
          return;
        }
      }
      ++ok;
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok.load(), kClients);
  EXPECT_EQ(SeenCount(), static_cast<std::size_t>(kClients * 3));
}

TEST_F(HttpServerTest, ConnectionsOverTheCapGet503) {
  StartServer({.max_connections = 2});
  RawHttp first, second, third;
  for (RawHttp* http : {&first, &second}) {
    ASSERT_TRUE(http->Connect(address_, 5000));
    ASSERT_TRUE(http->Send(SignedBytes(S3Put(), "s3")));
    auto response = http->Read();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
  }
  ASSERT_TRUE(third.Connect(address_, 5000));
  auto refused = third.Read();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_NE(refused->body.find("ServiceUnavailable"), std::string::npos);
  // Once one closes, a new connection is served.
  first.Close();
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(5);
  bool served = false;
  while (!served && Clock::now() < deadline) {
    RawHttp fourth;
    ASSERT_TRUE(fourth.Connect(address_, 5000));
    ASSERT_TRUE(fourth.Send(SignedBytes(S3Put(), "s3")));
    auto response = fourth.Read();
    served = response && response->status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(served);
}

TEST_F(HttpServerTest, StopWithIdleAndHalfSentConnectionsReturnsPromptly) {
  StartServer();
  RawHttp idle, half, used;
  ASSERT_TRUE(idle.Connect(address_, 5000));
  ASSERT_TRUE(half.Connect(address_, 5000));
  ASSERT_TRUE(half.Send("PUT /bucket/key HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab"));
  ASSERT_TRUE(used.Connect(address_, 5000));
  ASSERT_TRUE(used.Send(SignedBytes(S3Put(), "s3")));
  ASSERT_TRUE(used.Read());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const Clock::time_point start = Clock::now();
  server_->Stop();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(idle.PeerClosed());
  EXPECT_TRUE(used.PeerClosed());
  RawHttp late;
  EXPECT_FALSE(late.Connect(address_, 1000));
  server_->Stop();  // idempotent
}

TEST_F(HttpServerTest, StopLetsARequestBeingDispatchedFinish) {
  StartServer();
  aws::HttpRequest slow;
  slow.method = "GET";
  slow.path = "/slow";
  RawHttp http;
  ASSERT_TRUE(http.Connect(address_, 5000));
  ASSERT_TRUE(http.Send(SignedBytes(slow, "s3")));
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(5);
  while (SeenCount() == 0 && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(SeenCount(), 1u);
  server_->Stop();  // the handler sleeps 200 ms: Stop waits for it
  auto response = http.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("connection"), "close");
  EXPECT_TRUE(http.PeerClosed());
}

TEST_F(HttpServerTest, StartErrors) {
  auto verifier = [] {
    return SigV4Verifier(std::map<std::string, std::string, std::less<>>{{"test", "test"}});
  };
  auto public_host = CloudHttpServer::Start({.host = "0.0.0.0"}, verifier(),
                                            [](const CloudRequest&) { return CloudResponse{}; });
  ASSERT_FALSE(public_host.ok());
  EXPECT_EQ(public_host.error().code, "InvalidArgument");
  EXPECT_NE(public_host.error().message.find("loopback"), std::string::npos);

  StartServer();
  auto taken = CloudHttpServer::Start({.port = server_->port()}, verifier(),
                                      [](const CloudRequest&) { return CloudResponse{}; });
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().code, "AddressInUse");
  EXPECT_NE(taken.error().message.find(std::to_string(server_->port())), std::string::npos);

  auto localhost = CloudHttpServer::Start({.host = "localhost"}, verifier(),
                                          [](const CloudRequest&) { return CloudResponse{}; });
  ASSERT_TRUE(localhost.ok());
  EXPECT_EQ((*localhost)->endpoint(), "http://127.0.0.1:" + std::to_string((*localhost)->port()));
}

}  // namespace
}  // namespace sparta::local_cloud::server
