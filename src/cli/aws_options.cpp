#include "aws_options.hpp"

#include "output.hpp"

namespace sparta::cli {

void AddAwsOptions(CLI::App* verb, AwsOptions& options) {
  verb->add_option("--profile", options.profile, "Shared-config profile (default: $AWS_PROFILE)");
  verb->add_option("--region", options.region, "AWS region (default: $AWS_REGION or the profile's)");
  verb->add_option("--endpoint-url", options.endpoint_url,
                   "Send every AWS call to this URL (an emulator or a local cloud)");
  verb->add_option("--stage", options.stage,
                   "Deploy an independent copy: the stack is <service>-<stage>");
  verb->add_option_function<std::string>(
          "--output", [&options](const std::string& v) { options.json_output = v == "json"; },
          "Output format: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
}

Result<std::string> StackName(const Service& service, const std::string& stage) {
  if (stage.empty()) return service.name;
  for (char c : stage) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) {
      return MakeError("Usage", "--stage \"" + stage +
                                    "\" may only hold letters, digits and '-' (it becomes part "
                                    "of the stack name)");
    }
  }
  std::string name = service.name + "-" + stage;
  if (name.size() > 128) {
    return MakeError("Usage", "the stack name " + name + " is longer than 128 characters; "
                                                         "choose a shorter --stage");
  }
  return name;
}

Result<std::shared_ptr<aws::Session>> OpenSession(const AwsOptions& options) {
  aws::SessionOptions s;
  s.profile = options.profile;
  s.region = options.region;
  s.endpoint_url = options.endpoint_url;
  return aws::Session::Open(std::move(s));
}

std::chrono::milliseconds PollInterval(const aws::Session& session) {
  auto client = session.Client("cloudformation");
  if (client.ok()) {
    const std::string& host = (*client)->endpoint().host;
    auto ends_with = [&](std::string_view suffix) {
      return host.size() >= suffix.size() &&
             host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (!ends_with(".amazonaws.com") && !ends_with(".amazonaws.com.cn")) {
      return std::chrono::milliseconds(200);
    }
  }
  return std::chrono::milliseconds(5000);
}

int ExitCodeFor(const Error& error) {
  const std::string& c = error.code;
  if (c == "Usage" || c == "InvalidArgument" || c == "InvalidService" || c == "InvalidTemplate" ||
      c == "ProfileNotFound" || c == "NoRegion" || c == "InvalidConfig" ||
      c == "InvalidEndpoint" || c == "BootstrapNotFound" || c == "NoCredentials") {
    return kExitUsage;
  }
  return kExitFailed;
}

}  // namespace sparta::cli
