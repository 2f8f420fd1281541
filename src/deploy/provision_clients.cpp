#include "deploy/provision_clients.hpp"

#include <thread>

namespace sparta::deploy::detail {

void DeployClients::Sleep(std::chrono::milliseconds duration) const {
  if (sleep) {
    sleep(duration);
  } else {
    std::this_thread::sleep_for(duration);
  }
}

std::chrono::steady_clock::time_point DeployClients::Now() const {
  return now ? now() : std::chrono::steady_clock::now();
}

Result<DeployClients> OpenDeployClients(const aws::Session& session) {
  auto s3_client = session.Client("s3");
  if (!s3_client) return s3_client.error();
  auto cfn_client = session.Client("cloudformation");
  if (!cfn_client) return cfn_client.error();
  auto sts_client = session.Client("sts");
  if (!sts_client) return sts_client.error();
  return DeployClients{aws::S3Client(*s3_client),
                       aws::CloudFormationClient(*cfn_client),
                       aws::StsClient(*sts_client),
                       (*s3_client)->endpoint(),
                       session.region(),
                       nullptr,
                       nullptr};
}

Error WithContext(const Error& error, const std::string& context) {
  // AWS's error code is what users search for: keep it in the text, as the
  // AWS CLI does ("... (InvalidClientTokenId): The security token ...").
  if (!error.code.empty() && error.message.find(error.code) == std::string::npos) {
    return Error{error.code, context + ": " + error.code + ": " + error.message};
  }
  return Error{error.code, context + ": " + error.message};
}

}  // namespace sparta::deploy::detail
