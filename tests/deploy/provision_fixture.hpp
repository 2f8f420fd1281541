#pragma once
// Shared pieces of the provisioning tests: a recording ProgressSink, small
// built services (a zip of any bytes and a synthesized template, as
// BuildService would leave them), and a Session pointed at an endpoint with
// the test credentials.

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sparta/aws/session.hpp"
#include "sparta/deploy/build_service.hpp"
#include "sparta/deploy/progress.hpp"
#include "sparta/service/service.hpp"
#include "sparta/util/result.hpp"

namespace sparta::deploy::testing {

/// Keeps every event. Thread-safe.
class RecordingSink : public ProgressSink {
 public:
  void OnEvent(const ProgressEvent& event) override;
  std::vector<ProgressEvent> events() const;
  std::vector<ProgressEvent> OfKind(ProgressKind kind) const;
  /// Every event's message, one a line (for failure output).
  std::string Transcript() const;

 private:
  mutable std::mutex mutex_;
  std::vector<ProgressEvent> events_;
};

/// "hello" (or `name`) with one function "Hello": memory `memory_mb`, and
/// `role_arn` as an existing role when given.
Service HelloService(const std::string& name, int memory_mb = 128,
                     const std::string& role_arn = "");

/// A BuildOutput in `dir`: the zip holds `bootstrap` with `code`, and the
/// template is Synthesize(service)'s, or `template_json` when not empty.
Result<BuildOutput> MakeBuild(const std::filesystem::path& dir, const Service& service,
                              const std::string& code, const std::string& template_json = "");

/// A Session for `endpoint_url`, credentials test/test, region us-east-1,
/// no shared config files. `retries` counts the retries it makes.
Result<std::shared_ptr<aws::Session>> TestSession(const std::string& endpoint_url,
                                                  std::shared_ptr<int> retries = nullptr);

/// A fresh directory under the test temp dir, removed by the caller.
std::filesystem::path TempDir(const std::string& name);

}  // namespace sparta::deploy::testing
