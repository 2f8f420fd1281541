#include "sparta/aws/function_session.hpp"

#include <utility>

#include "sparta/aws/aws_config.hpp"
#include "sparta/aws/credentials_providers.hpp"
#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/shared_config.hpp"

namespace sparta::aws {

Result<FunctionSession> FunctionSession::Open(FunctionSessionOptions options) {
  FunctionSession s;
  s.env_ = options.env ? options.env : SystemEnvironment();
  std::optional<std::string> region = NonEmptyEnv(*s.env_, "AWS_REGION");
  if (!region) region = NonEmptyEnv(*s.env_, "AWS_DEFAULT_REGION");
  if (!region) {
    return MakeError("NoRegion",
                     "no AWS region in the function's environment: AWS_REGION is not set "
                     "(Lambda and sparta-local set it; set it yourself to run the handler "
                     "elsewhere)");
  }
  s.region_ = std::move(*region);
  s.credentials_ = std::make_shared<EnvironmentCredentialsProvider>(s.env_);
  // Checked now, so a misconfigured environment fails at the first Open,
  // not in the middle of a request.
  if (auto creds = s.credentials_->GetCredentials(); !creds.ok()) {
    Error error = creds.error();
    error.message = "no AWS credentials in the function's environment: " + error.message +
                    " (Lambda sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and "
                    "AWS_SESSION_TOKEN from the function's role; set them yourself to run "
                    "the handler elsewhere)";
    return error;
  }
  s.transport_ = options.transport ? std::move(options.transport) : MakeHttpTransport();
  s.retry_ = options.retry;
  s.timeout_ = options.timeout;
  // An endpoint setting is checked now too.
  if (auto client = s.Client("S3"); !client.ok()) return client.error();
  return s;
}

const Result<FunctionSession>& FunctionSession::Shared() {
  static const Result<FunctionSession> shared = Open();
  return shared;
}

Result<std::shared_ptr<const AwsClient>> FunctionSession::Client(
    std::string_view service_id) const {
  return Client(service_id, "");
}

Result<std::shared_ptr<const AwsClient>> FunctionSession::Client(
    std::string_view service_id, std::string_view host_prefix) const {
  // No files are read: the configuration is the environment's alone.
  static const SharedConfig kNoFiles = *SharedConfig::FromText("", "", "", "");
  auto endpoint = ResolveEndpoint(service_id, region_, "", *env_, kNoFiles, "");
  if (!endpoint.ok()) return endpoint.error();
  AwsClientOptions o;
  o.endpoint.scheme = endpoint->scheme;
  o.endpoint.host = endpoint->host;
  // AWS's operations with a host prefix (botocore's "hostPrefix"); an
  // emulator's or sparta-local's endpoint is used as it is.
  if (!endpoint->custom) o.endpoint.host.insert(0, host_prefix);
  o.endpoint.port = endpoint->port;
  o.endpoint.base_path = endpoint->base_path;
  o.endpoint.signing_region = endpoint->signing_region;
  o.endpoint.signing_name = endpoint->signing_name;
  // A custom endpoint (sparta-local, an emulator) serves buckets by path.
  o.endpoint.s3_path_style = endpoint->custom;
  o.credentials = credentials_;
  o.transport = transport_;
  o.retry = retry_;
  o.timeout = timeout_;
  return std::shared_ptr<const AwsClient>(std::make_shared<AwsClient>(std::move(o)));
}

Result<S3Client> FunctionSession::S3() const {
  auto client = Client("S3");
  if (!client.ok()) return client.error();
  return S3Client(std::move(*client));
}

Result<CloudFormationClient> FunctionSession::CloudFormation() const {
  auto client = Client("CloudFormation");
  if (!client.ok()) return client.error();
  return CloudFormationClient(std::move(*client));
}

Result<CloudMapClient> FunctionSession::CloudMap() const {
  auto client = Client("ServiceDiscovery", "data-");
  if (!client.ok()) return client.error();
  return CloudMapClient(std::move(*client));
}

Result<DynamoDbClient> FunctionSession::DynamoDb() const {
  auto client = Client("DynamoDB");
  if (!client.ok()) return client.error();
  return DynamoDbClient(std::move(*client));
}

}  // namespace sparta::aws
