// The container and IMDS providers over the real transport
// (MakeHttpTransport) against a small HTTP server on 127.0.0.1: the bytes
// that reach the server, not just what the provider asked the transport.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include "aws/auth/headers_internal.hpp"
#include "sparta/aws/credentials_providers.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/metadata_credentials.hpp"

namespace sparta::aws {
namespace {

struct Received {
  std::string method;
  std::string target;
  HeaderList headers;
};

// One connection at a time; every reply closes its connection. Binds
// 127.0.0.1 on an ephemeral port; the destructor stops and joins.
class LoopbackServer {
 public:
  using Handler = std::function<std::string(const Received&)>;  // the raw response

  explicit LoopbackServer(Handler handler) : handler_(std::move(handler)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(listen_fd_, 8) != 0 ||
        ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~LoopbackServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
    ::close(listen_fd_);
  }

  uint16_t port() const { return port_; }
  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }

 private:
  void Serve() {
    while (!stop_) {
      pollfd poll_fd{listen_fd_, POLLIN, 0};
      if (::poll(&poll_fd, 1, 50) <= 0) continue;
      const int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) continue;
      timeval timeout{2, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
      Handle(fd);
      ::close(fd);
    }
  }

  void Handle(int fd) {
    std::string data;
    char buffer[4096];
    size_t header_end;
    while ((header_end = data.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n <= 0) return;
      data.append(buffer, static_cast<size_t>(n));
    }
    Received request;
    size_t line_end = data.find("\r\n");
    const std::string line = data.substr(0, line_end);
    request.method = line.substr(0, line.find(' '));
    request.target = line.substr(line.find(' ') + 1, line.rfind(' ') - line.find(' ') - 1);
    while (line_end < header_end) {
      const size_t next = data.find("\r\n", line_end + 2);
      const std::string header = data.substr(line_end + 2, next - line_end - 2);
      const size_t colon = header.find(':');
      std::string value = header.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      request.headers.emplace_back(header.substr(0, colon), value);
      line_end = next;
    }
    {
      std::lock_guard lock(mutex_);
      received_.push_back(request);
    }
    const std::string response = handler_(request);
    ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
  }

  Handler handler_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<Received> received_;
};

std::string Reply(int status, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

std::string Header(const Received& request, std::string_view name) {
  const std::string* value = internal::FindHeaderValue(request.headers, name);
  return value ? *value : "<absent>";
}

constexpr char kCredentialsJson[] =
    R"({"Code":"Success","AccessKeyId":"ASIALOOP","SecretAccessKey":"loop-secret",)"
    R"("Token":"loop-token","Expiration":"2030-01-01T00:00:00Z"})";

TEST(LoopbackCredentials, ImdsV2OverTheRealTransport) {
  LoopbackServer server([](const Received& request) {
    if (request.method == "PUT" && request.target == "/latest/api/token") {
      return Reply(200, "loop-imds-token");
    }
    if (Header(request, "x-aws-ec2-metadata-token") != "loop-imds-token") return Reply(401, "");
    if (request.target == "/latest/meta-data/iam/security-credentials/") {
      return Reply(200, "loop-role");
    }
    if (request.target == "/latest/meta-data/iam/security-credentials/loop-role") {
      return Reply(200, kCredentialsJson);
    }
    return Reply(404, "");
  });
  auto env = std::make_shared<InMemoryEnvironment>();
  env->SetEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT",
              "http://127.0.0.1:" + std::to_string(server.port()));
  ImdsCredentialsProvider provider(env, MakeHttpTransport());
  Result<Credentials> credentials = provider.GetCredentials();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->access_key_id, "ASIALOOP");
  EXPECT_EQ(credentials->session_token, "loop-token");

  const std::vector<Received> received = server.received();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(received[0].method, "PUT");
  EXPECT_EQ(Header(received[0], "x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(Header(received[0], "Host"), "127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(received[1].method, "GET");
  EXPECT_EQ(received[2].target, "/latest/meta-data/iam/security-credentials/loop-role");
}

TEST(LoopbackCredentials, ImdsV1FallbackOverTheRealTransport) {
  LoopbackServer server([](const Received& request) {
    if (request.method == "PUT") return Reply(405, "");
    if (request.target.ends_with("/security-credentials/")) return Reply(200, "loop-role");
    return Reply(200, kCredentialsJson);
  });
  auto env = std::make_shared<InMemoryEnvironment>();
  env->SetEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT",
              "http://127.0.0.1:" + std::to_string(server.port()));
  ImdsCredentialsProvider provider(env, MakeHttpTransport());
  ASSERT_TRUE(provider.GetCredentials().ok());
  const std::vector<Received> received = server.received();
  ASSERT_EQ(received.size(), 3u);
  EXPECT_EQ(Header(received[1], "x-aws-ec2-metadata-token"), "<absent>");
}

TEST(LoopbackCredentials, ImdsNothingListeningIsNotConfigured) {
  uint16_t port = 0;
  {
    LoopbackServer server([](const Received&) { return Reply(500, ""); });
    port = server.port();
  }  // closed: connections to the port are now refused
  auto env = std::make_shared<InMemoryEnvironment>();
  env->SetEnv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + std::to_string(port));
  ImdsCredentialsProvider provider(env, MakeHttpTransport());
  Result<Credentials> credentials = provider.GetCredentials();
  ASSERT_FALSE(credentials.ok());
  EXPECT_EQ(credentials.error().code, kCredentialsNotConfigured) << credentials.error().message;
}

TEST(LoopbackCredentials, ContainerFullUriOverTheRealTransport) {
  LoopbackServer server([](const Received& request) {
    if (Header(request, "Authorization") != "loop-auth-token") return Reply(403, "{}");
    return Reply(200, kCredentialsJson);
  });
  auto env = std::make_shared<InMemoryEnvironment>();
  env->SetEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI",
              "http://127.0.0.1:" + std::to_string(server.port()) + "/v1/credentials?id=7");
  env->SetEnv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "loop-auth-token");
  ContainerCredentialsProvider provider(env, MakeHttpTransport());
  Result<Credentials> credentials = provider.GetCredentials();
  ASSERT_TRUE(credentials.ok()) << credentials.error().message;
  EXPECT_EQ(credentials->secret_access_key, "loop-secret");
  const std::vector<Received> received = server.received();
  ASSERT_EQ(received.size(), 1u);
  EXPECT_EQ(received[0].method, "GET");
  EXPECT_EQ(received[0].target, "/v1/credentials?id=7");
}

}  // namespace
}  // namespace sparta::aws
