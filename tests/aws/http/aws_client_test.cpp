// AwsClient: endpoint fill-in, signing, the retry policy and its messages,
// first over a scripted transport, then over the real one through the
// fault-injecting proxy.

#include "sparta/aws/aws_client.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <mutex>

#include "sparta/aws/http_transport.hpp"

#include "aws/http/test_server.hpp"
#include "support/fault_proxy.hpp"

namespace sparta::aws {
namespace {

using namespace std::chrono_literals;
using sparta::testing::Fault;
using sparta::testing::FaultProxy;

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG/SECRETSECRETKEY";
constexpr char kToken[] = "SESSIONTOKENSESSIONTOKEN";

// Returns queued outcomes in order and records every request it was given.
class ScriptedTransport : public HttpTransport {
 public:
  void Push(Result<HttpResponse> outcome) { outcomes_.push_back(std::move(outcome)); }
  void PushStatus(int status, std::string body = {}, HeaderList headers = {}) {
    Push(HttpResponse{status, std::move(headers), std::move(body)});
  }
  Result<HttpResponse> Send(const HttpRequest& request,
                            std::chrono::milliseconds timeout) override {
    std::lock_guard lock(mu_);
    sent_.push_back(request);
    timeouts_.push_back(timeout);
    if (outcomes_.empty()) return MakeError("Io", "script exhausted");
    auto outcome = std::move(outcomes_.front());
    outcomes_.pop_front();
    return outcome;
  }
  std::vector<HttpRequest> sent() {
    std::lock_guard lock(mu_);
    return sent_;
  }
  std::vector<std::chrono::milliseconds> timeouts_;

 private:
  std::mutex mu_;
  std::deque<Result<HttpResponse>> outcomes_;
  std::vector<HttpRequest> sent_;
};

class StaticCredentials : public CredentialsProvider {
 public:
  explicit StaticCredentials(Result<Credentials> credentials)
      : credentials_(std::move(credentials)) {}
  Result<Credentials> GetCredentials() override { return credentials_; }

 private:
  Result<Credentials> credentials_;
};

std::shared_ptr<CredentialsProvider> TestCredentials() {
  return std::make_shared<StaticCredentials>(
      Credentials{"AKIDEXAMPLE", kSecret, kToken, std::nullopt, "test"});
}

const char kThrottle[] =
    "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>"
    "<Message>Rate exceeded</Message></Error><RequestId>t-1</RequestId></ErrorResponse>";

struct Harness {
  std::shared_ptr<ScriptedTransport> transport = std::make_shared<ScriptedTransport>();
  std::vector<std::chrono::milliseconds> sleeps;
  std::vector<std::pair<int, std::string>> retries;

  AwsClientOptions Options(std::string service = "cloudformation") {
    AwsClientOptions options;
    options.endpoint.scheme = "https";
    options.endpoint.host = service + ".us-east-1.amazonaws.com";
    options.endpoint.signing_region = "us-east-1";
    options.endpoint.signing_name = service;
    options.transport = transport;
    options.retry = {4, 100ms, 250ms};
    options.timeout = 1234ms;
    options.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    options.random = [] { return 0.5; };
    options.on_retry = [this](int attempt, const std::string& why) {
      retries.emplace_back(attempt, why);
    };
    return options;
  }
};

HttpRequest QueryRequest() {
  HttpRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = "Action=DescribeStacks&Version=2010-05-15";
  return request;
}

TEST(AwsClient, FillsTheEndpointAndSendsUnsignedWithoutCredentials) {
  Harness h;
  h.transport->PushStatus(200, "<ok/>");
  AwsClientOptions options = h.Options();
  options.endpoint.scheme = "http";
  options.endpoint.host = "127.0.0.1";
  options.endpoint.port = 4566;
  options.endpoint.base_path = "/prefix/";
  AwsClient client(options);
  HttpRequest request;
  request.path = "/bucket/key";
  auto response = client.Send(request, "GetObject");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(response->body, "<ok/>");
  auto sent = h.transport->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].Url(), "http://127.0.0.1:4566/prefix/bucket/key");
  EXPECT_EQ(FindHeader(sent[0].headers, "Authorization"), nullptr);
  EXPECT_EQ(h.transport->timeouts_[0], 1234ms);
}

TEST(AwsClient, SignsEachAttemptAfresh) {
  Harness h;
  h.transport->PushStatus(400, kThrottle);
  h.transport->PushStatus(200, "<ok/>");
  AwsClientOptions options = h.Options();
  options.credentials = TestCredentials();
  auto now = std::chrono::system_clock::from_time_t(1700000000);  // 2023-11-14T22:13:20Z
  options.clock = [&now] {
    auto t = now;
    now += std::chrono::minutes(1);
    return t;
  };
  AwsClient client(options);
  ASSERT_TRUE(client.Send(QueryRequest(), "DescribeStacks").ok());
  auto sent = h.transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(*FindHeader(sent[0].headers, "X-Amz-Date"), "20231114T221320Z");
  EXPECT_EQ(*FindHeader(sent[1].headers, "X-Amz-Date"), "20231114T221420Z");
  EXPECT_NE(*FindHeader(sent[0].headers, "Authorization"),
            *FindHeader(sent[1].headers, "Authorization"));
  for (const auto& request : sent) {
    int authorizations = 0;
    for (const auto& [name, value] : request.headers) {
      if (name == "Authorization" || name == "authorization") ++authorizations;
    }
    EXPECT_EQ(authorizations, 1);
    const std::string* auth = FindHeader(request.headers, "Authorization");
    ASSERT_NE(auth, nullptr);
    EXPECT_NE(auth->find("Credential=AKIDEXAMPLE/"), std::string::npos) << *auth;
    EXPECT_NE(auth->find("/us-east-1/cloudformation/aws4_request"), std::string::npos) << *auth;
    EXPECT_NE(FindHeader(request.headers, "X-Amz-Date"), nullptr);
    ASSERT_NE(FindHeader(request.headers, "X-Amz-Security-Token"), nullptr);
    EXPECT_EQ(FindHeader(request.headers, "x-amz-content-sha256"), nullptr);
  }
}

TEST(AwsClient, SignsS3WithThePayloadHash) {
  Harness h;
  h.transport->PushStatus(200);
  AwsClientOptions options = h.Options("s3");
  options.credentials = TestCredentials();
  AwsClient client(options);
  HttpRequest request;
  request.method = "PUT";
  request.path = "/bucket/a%20key";
  request.body = "hello";
  ASSERT_TRUE(client.Send(request, "PutObject").ok());
  auto sent = h.transport->sent();
  ASSERT_EQ(sent.size(), 1u);
  const std::string* hash = FindHeader(sent[0].headers, "x-amz-content-sha256");
  ASSERT_NE(hash, nullptr);
  EXPECT_EQ(*hash, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(sent[0].path, "/bucket/a%20key");
}

TEST(AwsClient, RetriesThrottlingWithJitteredBackoffThenSucceeds) {
  Harness h;
  for (int i = 0; i < 3; ++i) h.transport->PushStatus(400, kThrottle);
  h.transport->PushStatus(200, "<DescribeStacksResponse/>");
  AwsClient client(h.Options());
  auto response = client.Send(QueryRequest(), "DescribeStacks");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(h.transport->sent().size(), 4u);
  // random 0.5 of min(100 ms * 2^n, 250 ms)
  EXPECT_EQ(h.sleeps, (std::vector<std::chrono::milliseconds>{50ms, 100ms, 125ms}));
  ASSERT_EQ(h.retries.size(), 3u);
  EXPECT_EQ(h.retries[0].first, 2);
  EXPECT_EQ(h.retries[2].first, 4);
  EXPECT_EQ(h.retries[0].second, "Throttling: Rate exceeded (HTTP 400, request id t-1)");
}

TEST(AwsClient, GivesUpOnPersistent500sAndSaysHowOften) {
  Harness h;
  for (int i = 0; i < 4; ++i) {
    h.transport->PushStatus(500,
                            "<ErrorResponse><Error><Code>InternalFailure</Code><Message>"
                            "Boom</Message></Error></ErrorResponse>",
                            {{"x-amzn-RequestId", "rid-" + std::to_string(i)}});
  }
  AwsClient client(h.Options());
  auto response = client.Send(QueryRequest(), "DescribeStacks");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "InternalFailure");
  EXPECT_EQ(response.error().message,
            "Boom (HTTP 500, request id rid-3); gave up after 4 attempts");
  EXPECT_EQ(h.sleeps.size(), 3u);
}

TEST(AwsClient, RetriesTransportFailuresButNotTls) {
  Harness h;
  h.transport->Push(MakeError("Io", "connection to x:443 closed"));
  h.transport->Push(MakeError("Timeout", "no complete response"));
  h.transport->Push(MakeError("Connect", "cannot connect"));
  h.transport->PushStatus(200);
  AwsClient client(h.Options());
  EXPECT_TRUE(client.Send(QueryRequest(), "DescribeStacks").ok());
  EXPECT_EQ(h.transport->sent().size(), 4u);

  Harness tls;
  tls.transport->Push(MakeError("Tls", "certificate verification failed for x: bad"));
  AwsClient tls_client(tls.Options());
  auto response = tls_client.Send(QueryRequest(), "DescribeStacks");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Tls");
  EXPECT_EQ(response.error().message, "certificate verification failed for x: bad");
  EXPECT_EQ(tls.transport->sent().size(), 1u);
}

TEST(AwsClient, DoesNotRetryQuotasOrClientErrors) {
  for (const char* code : {"LimitExceededException", "ValidationError", "AccessDenied"}) {
    Harness h;
    h.transport->PushStatus(400, std::string("<ErrorResponse><Error><Code>") + code +
                                     "</Code><Message>No.</Message></Error></ErrorResponse>");
    AwsClient client(h.Options());
    auto response = client.Send(QueryRequest(), "CreateStack");
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code, code);
    EXPECT_EQ(response.error().message, "No. (HTTP 400)");
    EXPECT_EQ(h.transport->sent().size(), 1u);
    EXPECT_TRUE(h.sleeps.empty());
  }
}

TEST(AwsClient, RetriesRequestTimeoutAndSlowDown) {
  Harness h;
  h.transport->PushStatus(400, "<Error><Code>RequestTimeout</Code><Message>Idle</Message></Error>");
  h.transport->PushStatus(503, "<Error><Code>SlowDown</Code><Message>Reduce</Message></Error>");
  h.transport->PushStatus(200);
  AwsClient client(h.Options("s3"));
  EXPECT_TRUE(client.Send(HttpRequest{}, "PutObject").ok());
  EXPECT_EQ(h.transport->sent().size(), 3u);
}

TEST(AwsClient, TurnsBodilessErrorsIntoCodes) {
  Harness h;
  h.transport->PushStatus(404, "", {{"x-amz-request-id", "HEAD404"}});
  AwsClient client(h.Options("s3"));
  HttpRequest head;
  head.method = "HEAD";
  auto response = client.Send(head, "HeadBucket");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "NotFound");
  EXPECT_NE(response.error().message.find("(HTTP 404, request id HEAD404)"), std::string::npos);
}

TEST(AwsClient, ReturnsCredentialErrorsUntouched) {
  Harness h;
  AwsClientOptions options = h.Options();
  options.credentials = std::make_shared<StaticCredentials>(
      MakeError("NoCredentials", "no AWS credentials found: set AWS_PROFILE"));
  AwsClient client(options);
  auto response = client.Send(QueryRequest(), "DescribeStacks");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "NoCredentials");
  EXPECT_TRUE(h.transport->sent().empty());
}

TEST(AwsClient, ReturnsSuccessAndRedirectResponsesAsTheyAre) {
  Harness h;
  h.transport->PushStatus(204);
  h.transport->PushStatus(301, "", {{"x-amz-bucket-region", "eu-west-1"}});
  h.transport->PushStatus(304);
  AwsClient client(h.Options("s3"));
  EXPECT_EQ(client.Send(HttpRequest{}, "DeleteObject")->status, 204);
  auto moved = client.Send(HttpRequest{}, "HeadBucket");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->status, 301);
  EXPECT_EQ(client.Send(HttpRequest{}, "GetObject")->status, 304);
  EXPECT_EQ(h.transport->sent().size(), 3u);
}

// --- The real transport, a loopback server and the fault proxy. ---

class AwsClientOverProxy : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>([](const testing::TestRequest& r) {
      if (r.body.find("Action=CreateStack") != std::string::npos) {
        return testing::TestReply{testing::MakeResponse(
            400,
            "<ErrorResponse><Error><Code>LimitExceededException</Code><Message>Limit on the "
            "number of stacks exceeded</Message></Error><RequestId>L1</RequestId>"
            "</ErrorResponse>")};
      }
      return testing::TestReply{testing::MakeResponse(
          200,
          "<DescribeStacksResponse><DescribeStacksResult><Stacks/></DescribeStacksResult>"
          "</DescribeStacksResponse>",
          {{"x-amzn-RequestId", "ok-1"}})};
    });
    auto proxy = FaultProxy::Start("127.0.0.1", server_->port());
    ASSERT_TRUE(proxy.ok()) << proxy.error().message;
    proxy_ = std::move(proxy.value());
  }

  AwsClient Client(int attempts, std::chrono::milliseconds timeout, bool sign = true) {
    AwsClientOptions options;
    options.endpoint.scheme = "http";
    options.endpoint.host = "127.0.0.1";
    options.endpoint.port = proxy_->port();
    options.endpoint.signing_region = "us-east-1";
    options.endpoint.signing_name = "cloudformation";
    if (sign) options.credentials = TestCredentials();
    options.transport = transport_;
    options.retry = {attempts, 1ms, 5ms};
    options.timeout = timeout;
    options.on_retry = [this](int, const std::string& why) { reasons_.push_back(why); };
    return AwsClient(options);
  }

  void ExpectNoSecret(const Error& error) {
    EXPECT_EQ(error.message.find(kSecret), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find(kToken), std::string::npos) << error.message;
    EXPECT_EQ(error.message.find("Signature="), std::string::npos) << error.message;
    for (const auto& reason : reasons_) {
      EXPECT_EQ(reason.find(kSecret), std::string::npos) << reason;
      EXPECT_EQ(reason.find(kToken), std::string::npos) << reason;
    }
  }

  std::shared_ptr<HttpTransport> transport_ = MakeHttpTransport();
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<FaultProxy> proxy_;
  std::vector<std::string> reasons_;
};

TEST_F(AwsClientOverProxy, ThrottledTwiceThenSucceeds) {
  proxy_->Enqueue(Fault::Throttle(), 2);
  auto response = Client(5, 5s).Send(QueryRequest(), "DescribeStacks");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_NE(response->body.find("<DescribeStacksResult>"), std::string::npos);
  EXPECT_EQ(proxy_->requests(), 3);
  EXPECT_EQ(server_->requests(), 1);
  ASSERT_EQ(reasons_.size(), 2u);
  EXPECT_NE(reasons_[0].find("Throttling: Rate exceeded (HTTP 400"), std::string::npos);
  // The real target's request was signed.
  auto received = server_->received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_NE(FindHeader(received[0].headers, "authorization"), nullptr);
}

TEST_F(AwsClientOverProxy, PersistentServerErrorsFailAfterEveryAttempt) {
  proxy_->Enqueue(Fault::Respond(500,
                                 "<ErrorResponse><Error><Code>InternalFailure</Code>"
                                 "<Message>Internal error</Message></Error>"
                                 "</ErrorResponse>"),
                  3);
  auto response = Client(3, 5s).Send(QueryRequest(), "DescribeStacks");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "InternalFailure");
  EXPECT_NE(response.error().message.find("Internal error (HTTP 500, request id fault-proxy-3)"),
            std::string::npos)
      << response.error().message;
  EXPECT_NE(response.error().message.find("after 3 attempts"), std::string::npos);
  EXPECT_EQ(server_->requests(), 0);
  ExpectNoSecret(response.error());
}

TEST_F(AwsClientOverProxy, ServiceUnavailableWithoutBodyIsRetried) {
  proxy_->Enqueue(Fault::Respond(503), 1);
  auto response = Client(2, 5s).Send(QueryRequest(), "DescribeStacks");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(proxy_->requests(), 2);
}

TEST_F(AwsClientOverProxy, ConnectionClosedMidResponseIsRetried) {
  proxy_->Enqueue(Fault::CloseMidResponse(30), 2);
  auto response = Client(4, 5s).Send(QueryRequest(), "DescribeStacks");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_EQ(proxy_->requests(), 3);
  EXPECT_EQ(server_->requests(), 3);  // each cut-short attempt reached the target
  ASSERT_EQ(reasons_.size(), 2u);
  EXPECT_EQ(reasons_[0].rfind("Io: ", 0), 0u) << reasons_[0];
}

TEST_F(AwsClientOverProxy, ConnectionClosedOnEveryAttemptFailsWithIo) {
  proxy_->Enqueue(Fault::CloseMidResponse(10), 2);
  auto response = Client(2, 5s).Send(QueryRequest(), "DescribeStacks");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Io");
  EXPECT_NE(response.error().message.find("after 2 attempts"), std::string::npos);
  ExpectNoSecret(response.error());
}

TEST_F(AwsClientOverProxy, SlowResponseTimesOutThenRecovers) {
  proxy_->Enqueue(Fault::Delay(3s), 1);
  const auto start = std::chrono::steady_clock::now();
  auto response = Client(2, 300ms).Send(QueryRequest(), "DescribeStacks");
  ASSERT_TRUE(response.ok()) << response.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2500ms);
  ASSERT_EQ(reasons_.size(), 1u);
  EXPECT_EQ(reasons_[0].rfind("Timeout: ", 0), 0u) << reasons_[0];
}

TEST_F(AwsClientOverProxy, SlowResponsesPastEveryTimeoutFail) {
  proxy_->Enqueue(Fault::Delay(3s), 2);
  auto response = Client(2, 200ms).Send(QueryRequest(), "DescribeStacks");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "Timeout");
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(proxy_->port())),
            std::string::npos)
      << response.error().message;
  EXPECT_NE(response.error().message.find("gave up after 2 attempts"), std::string::npos);
  ExpectNoSecret(response.error());
}

TEST_F(AwsClientOverProxy, QuotaErrorIsNotRetried) {
  HttpRequest request = QueryRequest();
  request.body = "Action=CreateStack&Version=2010-05-15&StackName=demo";
  auto response = Client(5, 5s).Send(request, "CreateStack");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "LimitExceededException");
  EXPECT_EQ(response.error().message,
            "Limit on the number of stacks exceeded (HTTP 400, request id L1)");
  EXPECT_EQ(proxy_->requests(), 1);
  ExpectNoSecret(response.error());
}

}  // namespace
}  // namespace sparta::aws
