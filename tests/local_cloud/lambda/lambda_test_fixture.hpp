#pragma once
// A LambdaService over a fresh data directory, with an IAM role `exec`, and
// functions built from the test bootstrap (lambda_test_bootstrap.cpp).

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "sparta/local_cloud/iam_service.hpp"
#include "sparta/local_cloud/lambda_service.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::local_cloud::testing {

namespace fs = std::filesystem;

inline constexpr char kAccount[] = "123456789012";
inline constexpr char kRoleArn[] = "arn:aws:iam::123456789012:role/exec";

// Dead means reaped, or a zombie waiting for its reaper.
inline bool ProcessIsGone(int pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto paren = text.rfind(')');
  return paren == std::string::npos || text.substr(paren + 2, 1) == "Z";
}

// Polls `done` every 20 ms for at most `limit`.
template <class Predicate>
bool WaitFor(Predicate done, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return done();
}

class LambdaFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sparta-lambda-test-" + std::to_string(std::random_device{}()));
    context_.account_id = kAccount;
    context_.region = "us-east-1";
    context_.endpoint = "http://127.0.0.1:4566";
    Open();
    IamRole role;
    role.name = "exec";
    ASSERT_TRUE(iam_->PutRole(role).ok());
  }
  void TearDown() override {
    Close();
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void Open() {
    auto store = StateStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    auto iam = IamService::Open(*store_, context_);
    ASSERT_TRUE(iam.ok()) << iam.error().message;
    iam_ = std::move(*iam);
    auto lambda = LambdaService::Open(*store_, context_, iam_.get(), options_);
    ASSERT_TRUE(lambda.ok()) << lambda.error().message;
    lambda_ = std::move(*lambda);
  }
  void Close() {
    lambda_.reset();
    iam_.reset();
    store_.reset();
  }

  static std::string BootstrapZip(std::string name = "bootstrap") {
    auto program = util::ReadFile(LAMBDA_TEST_BOOTSTRAP);
    EXPECT_TRUE(program.ok());
    auto zip = util::BuildZip({{std::move(name), program.ok() ? *program : "", 0755}});
    EXPECT_TRUE(zip.ok());
    return zip.ok() ? *zip : "";
  }

  static FunctionSpec Spec(const std::string& name) {
    FunctionSpec spec;
    spec.name = name;
    spec.handler = "handler";
    spec.role_arn = kRoleArn;
    spec.code_zip = BootstrapZip();
    return spec;
  }

  void Create(const std::string& name) {
    auto created = lambda_->CreateFunction(Spec(name));
    ASSERT_TRUE(created.ok()) << created.error().message;
  }
  void Create(FunctionSpec spec) {
    auto created = lambda_->CreateFunction(std::move(spec));
    ASSERT_TRUE(created.ok()) << created.error().message;
  }

  CloudResponse Rest(const std::string& method, const std::string& path,
                     const std::string& body = "", aws::HeaderList headers = {},
                     const std::string& query = "") {
    CloudRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.headers = std::move(headers);
    request.body = body;
    request.service = "lambda";
    request.region = "us-east-1";
    request.request_id = "req-" + std::to_string(++requests_);
    return lambda_->HandleRest(request);
  }

  CloudResponse Invoke(const std::string& name, const std::string& payload,
                       aws::HeaderList headers = {}) {
    return Rest("POST", "/2015-03-31/functions/" + name + "/invocations", payload,
                std::move(headers));
  }

  static std::string Header(const CloudResponse& response, std::string_view name) {
    const std::string* value = aws::FindHeader(response.headers, name);
    return value != nullptr ? *value : "";
  }

  // All log text of `group` (every stream file concatenated).
  std::string LogsOf(const std::string& group) const {
    std::string text;
    fs::path dir = dir_ / "logs" / StateStore::EncodeName(group);
    std::error_code ec;
    for (const auto& file : fs::directory_iterator(dir, ec)) {
      auto content = util::ReadFile(file.path());
      if (content.ok()) text += *content;
    }
    return text;
  }
  std::size_t LogStreamsOf(const std::string& group) const {
    std::error_code ec;
    fs::path dir = dir_ / "logs" / StateStore::EncodeName(group);
    std::size_t count = 0;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      ++count;
    }
    return count;
  }

  fs::path dir_;
  CloudContext context_;
  LambdaServiceOptions options_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<IamService> iam_;
  std::unique_ptr<LambdaService> lambda_;
  int requests_ = 0;
};

}  // namespace sparta::local_cloud::testing
