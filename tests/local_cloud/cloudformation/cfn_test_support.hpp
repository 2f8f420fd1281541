#pragma once
// What the local CloudFormation tests share: a temporary data dir, an
// in-process HttpTransport that hands each request to a Query handler (so
// aws::CloudFormationClient runs against the local CloudFormation without a
// network), form bodies, and bounded waiting for stack operations.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/credentials.hpp"
#include "sparta/aws/http.hpp"
#include "sparta/aws/stack_status.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/util/files.hpp"

namespace sparta::local_cloud::testing {

/// A fresh directory under /tmp, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("sparta-cfn-test-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

using QueryHandler = std::function<CloudResponse(const CloudRequest&)>;

/// Turns each HttpRequest into a CloudRequest (signing name
/// "cloudformation", region us-east-1) and answers with `handler`.
class InProcessTransport : public aws::HttpTransport {
 public:
  explicit InProcessTransport(QueryHandler handler) : handler_(std::move(handler)) {}

  Result<aws::HttpResponse> Send(const aws::HttpRequest& request,
                                 std::chrono::milliseconds) override {
    CloudRequest cloud;
    cloud.method = request.method;
    cloud.path = request.path;
    cloud.query = request.query;
    cloud.headers = request.headers;
    cloud.body = request.body;
    cloud.service = "cloudformation";
    cloud.region = "us-east-1";
    cloud.access_key_id = "test";
    cloud.request_id = "req-" + std::to_string(++count_);
    CloudResponse response = handler_(cloud);
    return aws::HttpResponse{response.status, response.headers, response.body};
  }

 private:
  QueryHandler handler_;
  int count_ = 0;
};

class TestCredentials : public aws::CredentialsProvider {
 public:
  Result<aws::Credentials> GetCredentials() override {
    return aws::Credentials{"test", "test", "", {}, "test"};
  }
};

inline aws::CloudFormationClient MakeClient(QueryHandler handler) {
  aws::AwsClientOptions options;
  options.endpoint.scheme = "http";
  options.endpoint.host = "127.0.0.1";
  options.endpoint.port = 4566;
  options.endpoint.signing_region = "us-east-1";
  options.endpoint.signing_name = "cloudformation";
  options.credentials = std::make_shared<TestCredentials>();
  options.transport = std::make_shared<InProcessTransport>(std::move(handler));
  options.retry.max_attempts = 1;
  options.sleep = [](std::chrono::milliseconds) {};
  return aws::CloudFormationClient(std::make_shared<aws::AwsClient>(std::move(options)));
}

inline std::string FormEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// A Query request whose form body holds `fields`.
inline CloudRequest QueryRequest(const std::vector<std::pair<std::string, std::string>>& fields) {
  CloudRequest request;
  request.method = "POST";
  request.service = "cloudformation";
  request.region = "us-east-1";
  request.request_id = "req-form";
  for (const auto& [name, value] : fields) {
    if (!request.body.empty()) request.body += '&';
    request.body += FormEncode(name);
    request.body += '=';
    request.body += FormEncode(value);
  }
  return request;
}

/// The file's bytes, or "" when it cannot be read.
inline std::string ReadOrEmpty(const std::filesystem::path& path) {
  auto bytes = util::ReadFile(path);
  return bytes ? *bytes : std::string();
}

/// The value of the stack's output `key`, or "<no output KEY>".
inline std::string OutputValue(const aws::cloudformation::Stack& stack, const std::string& key) {
  for (const auto& output : stack.outputs) {
    if (output.key == key) return output.value;
  }
  return "<no output " + key + ">";
}

/// Polls DescribeStacks until the stack is stable (not *_IN_PROGRESS, or
/// REVIEW_IN_PROGRESS), at most 20 s.
inline Result<aws::cloudformation::Stack> WaitForStack(const aws::CloudFormationClient& client,
                                                       const std::string& name_or_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    auto stack = client.DescribeStack(name_or_id);
    if (!stack) return stack;
    if (aws::cloudformation::IsStable(stack->stack_status)) return stack;
    if (std::chrono::steady_clock::now() > deadline) {
      return MakeError("Timeout", "stack " + name_or_id + " still " + stack->stack_status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace sparta::local_cloud::testing
