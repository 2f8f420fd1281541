// The fault proxy itself, and AwsClient against moto_server behind it (when
// moto_server is installed; otherwise those tests report themselves skipped).

#include "support/fault_proxy.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <sstream>
#include <thread>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/http_transport.hpp"

#include "aws/http/test_server.hpp"

extern char** environ;

namespace sparta::aws {
namespace {

using namespace std::chrono_literals;
using sparta::testing::Fault;
using sparta::testing::FaultProxy;

HttpRequest To(uint16_t port, std::string method = "GET", std::string path = "/") {
  HttpRequest request;
  request.scheme = "http";
  request.host = "127.0.0.1";
  request.port = port;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

class FaultProxyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<testing::TestServer>([](const testing::TestRequest& r) {
      return testing::TestReply{
          testing::MakeResponse(200, "target saw " + std::to_string(r.body.size()) + " bytes")};
    });
    auto proxy = FaultProxy::Start("127.0.0.1", server_->port());
    ASSERT_TRUE(proxy.ok()) << proxy.error().message;
    proxy_ = std::move(proxy.value());
  }

  std::shared_ptr<HttpTransport> transport_ = MakeHttpTransport();
  std::unique_ptr<testing::TestServer> server_;
  std::unique_ptr<FaultProxy> proxy_;
};

TEST_F(FaultProxyTest, ForwardsRequestsAndTellsThemApart) {
  HttpRequest big = To(proxy_->port(), "PUT", "/bucket/big");
  big.body.assign(200000, 'x');  // many TCP segments
  auto first = transport_->Send(big, 5s);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->body, "target saw 200000 bytes");

  // The second request on the same connection must be recognised as such.
  proxy_->Enqueue(Fault::Respond(503, "<Error><Code>SlowDown</Code></Error>"));
  auto second = transport_->Send(To(proxy_->port(), "GET", "/bucket/small?x=1"), 5s);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->status, 503);
  EXPECT_EQ(second->body, "<Error><Code>SlowDown</Code></Error>");
  EXPECT_EQ(*FindHeader(second->headers, "content-type"), "text/xml");

  auto third = transport_->Send(To(proxy_->port()), 5s);
  ASSERT_TRUE(third.ok()) << third.error().message;
  EXPECT_EQ(third->status, 200);

  EXPECT_EQ(proxy_->requests(), 3);
  EXPECT_EQ(proxy_->faults_applied(), 1);
  EXPECT_EQ(proxy_->connections(), 1);
  EXPECT_EQ(server_->requests(), 2);
  EXPECT_EQ(proxy_->request_lines(),
            (std::vector<std::string>{"PUT /bucket/big", "GET /bucket/small?x=1", "GET /"}));
}

TEST_F(FaultProxyTest, CannedHeadResponseHasNoBody) {
  proxy_->Enqueue(Fault::Respond(404, "<Error/>", {{"x-amz-request-id", "R"}}));
  auto head = transport_->Send(To(proxy_->port(), "HEAD", "/bucket"), 5s);
  ASSERT_TRUE(head.ok()) << head.error().message;
  EXPECT_EQ(head->status, 404);
  EXPECT_EQ(head->body, "");
  EXPECT_EQ(*FindHeader(head->headers, "x-amz-request-id"), "R");
  // The connection is still in step: the next request gets its own answer.
  auto next = transport_->Send(To(proxy_->port()), 5s);
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(next->status, 200);
}

TEST_F(FaultProxyTest, CutsAResponseShortAndDelaysOne) {
  proxy_->Enqueue(Fault::CloseMidResponse(20));
  auto cut = transport_->Send(To(proxy_->port()), 5s);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, "Io");

  proxy_->Enqueue(Fault::Delay(400ms));
  const auto start = std::chrono::steady_clock::now();
  auto slow = transport_->Send(To(proxy_->port()), 5s);
  ASSERT_TRUE(slow.ok()) << slow.error().message;
  EXPECT_GE(std::chrono::steady_clock::now() - start, 400ms);
  EXPECT_EQ(server_->requests(), 2);
}

TEST_F(FaultProxyTest, ClearsFaultsAndAnswersWithoutATarget) {
  proxy_->Enqueue(Fault::Throttle(), 5);
  proxy_->ClearFaults();
  EXPECT_EQ(transport_->Send(To(proxy_->port()), 5s)->status, 200);

  // A proxy whose target is down can still serve canned responses.
  server_.reset();
  proxy_->Enqueue(Fault::Throttle());
  auto canned = MakeHttpTransport()->Send(To(proxy_->port()), 5s);
  ASSERT_TRUE(canned.ok()) << canned.error().message;
  EXPECT_EQ(canned->status, 400);
  EXPECT_NE(canned->body.find("<Code>Throttling</Code>"), std::string::npos);
  proxy_->Stop();
  proxy_->Stop();
  EXPECT_FALSE(MakeHttpTransport()->Send(To(proxy_->port()), 2s).ok());
}

// --- moto_server behind the proxy ---

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    std::string candidate = dir + "/" + name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

class MotoBehindProxy : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string moto = FindOnPath("moto_server");
    if (moto.empty()) return;
    port_ = testing::UnusedLoopbackPort();
    const std::string port = std::to_string(port_);
    std::vector<std::string> args = {moto, "-H", "127.0.0.1", "-p", port};
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    if (posix_spawn(&pid, moto.c_str(), &actions, nullptr, argv.data(), environ) == 0) pid_ = pid;
    posix_spawn_file_actions_destroy(&actions);
    // Up to 30 s for the Python server to answer.
    auto transport = MakeHttpTransport();
    for (int i = 0; pid_ > 0 && i < 120; ++i) {
      if (transport->Send(To(port_), 1s).ok()) {
        ready_ = true;
        break;
      }
      std::this_thread::sleep_for(250ms);
    }
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      for (int i = 0; i < 50 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) {
        std::this_thread::sleep_for(100ms);
      }
      if (::waitpid(pid_, &status, WNOHANG) == 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, &status, 0);
      }
      pid_ = 0;
    }
  }
  void SetUp() override {
    if (pid_ <= 0) GTEST_SKIP() << "skipped: moto_server is not on PATH";
    ASSERT_TRUE(ready_) << "moto_server did not answer on 127.0.0.1:" << port_;
    auto proxy = FaultProxy::Start("127.0.0.1", port_);
    ASSERT_TRUE(proxy.ok()) << proxy.error().message;
    proxy_ = std::move(proxy.value());
  }

  class Keys : public CredentialsProvider {
   public:
    Result<Credentials> GetCredentials() override {
      return Credentials{"AKIDEXAMPLE", "motosecretmotosecret", "", std::nullopt, "test"};
    }
  };

  AwsClient Client(const std::string& service) {
    AwsClientOptions options;
    options.endpoint.scheme = "http";
    options.endpoint.host = "127.0.0.1";
    options.endpoint.port = proxy_->port();
    options.endpoint.signing_region = "us-east-1";
    options.endpoint.signing_name = service;
    options.endpoint.s3_path_style = true;
    options.credentials = std::make_shared<Keys>();
    options.retry = {4, 1ms, 5ms};
    options.timeout = 10s;
    return AwsClient(options);
  }

  static inline pid_t pid_ = 0;
  static inline uint16_t port_ = 0;
  static inline bool ready_ = false;
  std::unique_ptr<FaultProxy> proxy_;
};

TEST_F(MotoBehindProxy, CloudFormationErrorSurvivesThrottling) {
  proxy_->Enqueue(Fault::Throttle(), 2);
  HttpRequest request;
  request.method = "POST";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  request.body = "Action=DescribeStacks&Version=2010-05-15&StackName=sparta-missing";
  auto response = Client("cloudformation").Send(request, "DescribeStacks");
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, "ValidationError");
  EXPECT_EQ(response.error().message.rfind("Stack with id sparta-missing does not exist (HTTP 400, "
                                           "request id ",
                                           0),
            0u)
      << response.error().message;
  EXPECT_EQ(proxy_->requests(), 3);
}

TEST_F(MotoBehindProxy, S3CallsSurviveDroppedConnections) {
  AwsClient s3 = Client("s3");
  proxy_->Enqueue(Fault::CloseMidResponse(12));
  HttpRequest create;
  create.method = "PUT";
  create.path = "/sparta-http-test";
  auto created = s3.Send(create, "CreateBucket");
  ASSERT_TRUE(created.ok()) << created.error().message;

  HttpRequest put;
  put.method = "PUT";
  put.path = "/sparta-http-test/dir/a%20b.txt";
  put.body = "hello moto";
  auto stored = s3.Send(put, "PutObject");
  ASSERT_TRUE(stored.ok()) << stored.error().message;

  HttpRequest get;
  get.path = "/sparta-http-test/dir/a%20b.txt";
  auto fetched = s3.Send(get, "GetObject");
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->body, "hello moto");

  HttpRequest head;
  head.method = "HEAD";
  head.path = "/sparta-no-such-bucket";
  auto missing = s3.Send(head, "HeadBucket");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "NotFound");

  HttpRequest get_missing;
  get_missing.path = "/sparta-no-such-bucket/key";
  auto no_bucket = s3.Send(get_missing, "GetObject");
  ASSERT_FALSE(no_bucket.ok());
  EXPECT_EQ(no_bucket.error().code, "NoSuchBucket");
  EXPECT_EQ(proxy_->requests(), 6);
}

}  // namespace
}  // namespace sparta::aws
