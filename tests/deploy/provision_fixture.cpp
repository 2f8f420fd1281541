#include "deploy/provision_fixture.hpp"

#include <unistd.h>

#include <atomic>

#include "sparta/aws/environment.hpp"
#include "sparta/service/synthesize.hpp"
#include "sparta/util/digest.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::deploy::testing {

void RecordingSink::OnEvent(const ProgressEvent& event) {
  std::lock_guard lock(mutex_);
  events_.push_back(event);
}

std::vector<ProgressEvent> RecordingSink::events() const {
  std::lock_guard lock(mutex_);
  return events_;
}

std::vector<ProgressEvent> RecordingSink::OfKind(ProgressKind kind) const {
  std::vector<ProgressEvent> matching;
  for (const ProgressEvent& event : events()) {
    if (event.kind == kind) matching.push_back(event);
  }
  return matching;
}

std::string RecordingSink::Transcript() const {
  std::string text;
  for (const ProgressEvent& event : events()) {
    text += std::string(ProgressKindName(event.kind)) + " [" + std::string(event.step) + "] ";
    if (event.kind == ProgressKind::kStackEvent) {
      text += event.stack_event.logical_resource_id + " " + event.stack_event.resource_status +
              " " + event.stack_event.resource_status_reason;
    } else if (event.kind == ProgressKind::kUpload) {
      text += event.upload.key + " " + std::to_string(event.upload.bytes) +
              (event.upload.skipped ? " skipped" : "");
    } else {
      text += event.message;
    }
    text += "\n";
  }
  return text;
}

Service HelloService(const std::string& name, int memory_mb, const std::string& role_arn) {
  Service service;
  service.name = name;
  service.description = "provision test service";
  FunctionOptions options;
  options.memory_mb = memory_mb;
  Role role = IamRoleDefinition{};
  if (!role_arn.empty()) role = ExistingRole{role_arn};
  service.functions.emplace_back(
      "Hello", [](std::string_view payload, runtime::Context&) { return std::string(payload); },
      options, role);
  // The outputs a user declares to read the function back (Sparta adds none).
  const Function& hello = service.functions.back();
  service.outputs.emplace_back("HelloFunctionArn", cfn::Output{.value = hello.Arn()});
  service.outputs.emplace_back("HelloFunctionName", cfn::Output{.value = hello.Ref()});
  return service;
}

Result<BuildOutput> MakeBuild(const std::filesystem::path& dir, const Service& service,
                              const std::string& code, const std::string& template_json) {
  std::filesystem::create_directories(dir);
  BuildOutput build;
  if (template_json.empty()) {
    auto synthesized = Synthesize(service);
    if (!synthesized) return synthesized.error();
    build.template_json = synthesized->Serialize();
  } else {
    build.template_json = template_json;
  }
  build.template_path = dir / TemplateFileName(service.name);
  if (auto written = util::WriteFileAtomic(build.template_path, build.template_json); !written) {
    return written.error();
  }
  auto zip = util::BuildZip({{"bootstrap", code, 0755}});
  if (!zip) return zip.error();
  build.artifact.zip_path = dir / ArtifactFileName(service.name);
  if (auto written = util::WriteFileAtomic(build.artifact.zip_path, *zip); !written) {
    return written.error();
  }
  build.artifact.sha256_hex = util::Sha256Hex(*zip);
  build.artifact.size_bytes = zip->size();
  return build;
}

Result<std::shared_ptr<aws::Session>> TestSession(const std::string& endpoint_url,
                                                  std::shared_ptr<int> retries) {
  auto env = std::make_shared<aws::InMemoryEnvironment>();
  env->SetEnv("AWS_ACCESS_KEY_ID", "test");
  env->SetEnv("AWS_SECRET_ACCESS_KEY", "test");
  env->SetEnv("AWS_REGION", "us-east-1");
  env->SetEnv("AWS_EC2_METADATA_DISABLED", "true");
  env->SetHomeDirectory("/nonexistent-sparta-test-home");
  aws::SessionOptions options;
  options.endpoint_url = endpoint_url;
  options.env = env;
  options.retry.max_attempts = 4;
  options.retry.base = std::chrono::milliseconds(20);
  options.retry.max_backoff = std::chrono::milliseconds(200);
  if (retries) {
    auto mutex = std::make_shared<std::mutex>();
    options.on_retry = [retries, mutex](int, const std::string&) {
      std::lock_guard lock(*mutex);
      ++*retries;
    };
  }
  return aws::Session::Open(std::move(options));
}

std::filesystem::path TempDir(const std::string& name) {
  static std::atomic<int> counter{0};
  const char* base = std::getenv("TMPDIR");
  std::filesystem::path dir = std::filesystem::path(base ? base : "/tmp") /
                              ("sparta-provision-" + std::to_string(::getpid()) + "-" +
                               std::to_string(counter++) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace sparta::deploy::testing
