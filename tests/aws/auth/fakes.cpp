#include "aws/auth/fakes.hpp"

#include <gtest/gtest.h>

#include "aws/auth/headers_internal.hpp"
#include "aws/auth/request_file.hpp"

namespace sparta::aws::testing {

void FakeTransport::Respond(int status, std::string body, HeaderList headers) {
  std::lock_guard lock(mutex_);
  answers_.push_back(HttpResponse{status, std::move(headers), std::move(body)});
}

void FakeTransport::Fail(std::string code, std::string message) {
  std::lock_guard lock(mutex_);
  answers_.push_back(MakeError(std::move(code), std::move(message)));
}

Result<HttpResponse> FakeTransport::Send(const HttpRequest& request,
                                         std::chrono::milliseconds timeout) {
  std::lock_guard lock(mutex_);
  sent_.push_back(Sent{request, timeout});
  if (answers_.empty()) return MakeError("Connect", "fake transport: nothing scripted");
  Result<HttpResponse> answer = std::move(answers_.front());
  answers_.pop_front();
  return answer;
}

std::vector<FakeTransport::Sent> FakeTransport::sent() const {
  std::lock_guard lock(mutex_);
  return sent_;
}

size_t FakeTransport::pending() const {
  std::lock_guard lock(mutex_);
  return answers_.size();
}

std::string HeaderOr(const HttpRequest& request, std::string_view name) {
  const std::string* value = internal::FindHeaderValue(request.headers, name);
  return value ? *value : "<absent>";
}

std::shared_ptr<InMemoryEnvironment> FixtureEnvironment() {
  auto env = std::make_shared<InMemoryEnvironment>();
  env->SetHomeDirectory(kHome);
  const std::string dir = std::string(SPARTA_SOURCE_DIR) + "/tests/aws/auth/testdata/";
  env->SetFile(std::string(kHome) + "/.aws/config", ReadTestFile(dir + "config"));
  env->SetFile(std::string(kHome) + "/.aws/credentials", ReadTestFile(dir + "credentials"));
  return env;
}

std::shared_ptr<const SharedConfig> LoadConfig(const Environment& env) {
  Result<SharedConfig> config = SharedConfig::Load(env);
  EXPECT_TRUE(config.ok()) << config.error().message;
  if (!config) return std::make_shared<const SharedConfig>();
  return std::make_shared<const SharedConfig>(std::move(config).value());
}

}  // namespace sparta::aws::testing
