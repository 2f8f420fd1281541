#include "sparta/aws/session.hpp"

#include "sparta/aws/aws_config.hpp"
#include "sparta/aws/credentials_chain.hpp"
#include "sparta/aws/credentials_providers.hpp"
#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/shared_config.hpp"

namespace sparta::aws {
namespace {

Endpoint ToEndpoint(const ResolvedEndpoint& r) {
  Endpoint e;
  e.scheme = r.scheme;
  e.host = r.host;
  e.port = r.port;
  e.base_path = r.base_path;
  e.signing_region = r.signing_region;
  e.signing_name = r.signing_name;
  // A custom endpoint (a local cloud, an emulator) serves buckets by path,
  // as the AWS CLI assumes.
  e.s3_path_style = r.custom;
  return e;
}

struct ClientFactory {
  std::shared_ptr<const Environment> env;
  std::shared_ptr<const SharedConfig> config;
  std::shared_ptr<HttpTransport> transport;
  SessionOptions options;
  std::string region;
  std::string profile;

  Result<std::shared_ptr<const AwsClient>> Make(
      std::string_view service_id, std::shared_ptr<CredentialsProvider> credentials) const {
    auto endpoint =
        ResolveEndpoint(service_id, region, options.endpoint_url, *env, *config, profile);
    if (!endpoint.ok()) return endpoint.error();
    AwsClientOptions o;
    o.endpoint = ToEndpoint(*endpoint);
    o.credentials = std::move(credentials);
    o.transport = transport;
    o.retry = options.retry;
    o.on_retry = options.on_retry;
    return std::shared_ptr<const AwsClient>(std::make_shared<AwsClient>(std::move(o)));
  }
};

// Assume-role and web-identity calls of the credentials chain go to STS,
// signed with the source credentials (or unsigned for web identity).
AssumeRoleFn MakeAssumeRole(ClientFactory factory) {
  return [factory = std::move(factory)](const AssumeRoleCall& call) -> Result<Credentials> {
    std::shared_ptr<CredentialsProvider> signer;
    if (!call.is_web_identity()) {
      signer = std::make_shared<StaticCredentialsProvider>(call.source_credentials);
    }
    auto client = factory.Make("sts", signer);
    if (!client.ok()) return client.error();
    StsClient sts(*client);
    std::optional<int64_t> duration;
    if (call.duration) duration = call.duration->count();
    Result<AssumedRole> role =
        call.is_web_identity()
            ? sts.AssumeRoleWithWebIdentity({.role_arn = call.role_arn,
                                             .role_session_name = call.session_name,
                                             .web_identity_token = call.web_identity_token,
                                             .duration_seconds = duration,
                                             .provider_id = {}})
            : sts.AssumeRole({.role_arn = call.role_arn,
                              .role_session_name = call.session_name,
                              .external_id = call.external_id,
                              .duration_seconds = duration,
                              .policy = {}});
    if (!role.ok()) return role.error();
    return role->credentials;
  };
}

}  // namespace

Result<std::shared_ptr<Session>> Session::Open(SessionOptions options) {
  std::shared_ptr<Session> s(new Session());
  s->env_ = options.env ? options.env : SystemEnvironment();
  auto config = SharedConfig::Load(*s->env_);
  if (!config.ok()) return config.error();
  s->config_ = std::make_shared<const SharedConfig>(std::move(*config));
  ProfileChoice choice = ChooseProfile(options.profile, *s->env_);
  if (auto exists = CheckProfileExists(choice, *s->config_); !exists.ok()) return exists.error();
  s->profile_ = choice.name;
  auto region = ResolveRegion(options.region, *s->env_, *s->config_, s->profile_);
  if (!region.ok()) return region.error();
  s->region_ = *region;
  s->transport_ = MakeHttpTransport();
  s->options_ = std::move(options);

  ClientFactory factory{s->env_, s->config_, s->transport_, s->options_, s->region_, s->profile_};
  DefaultCredentialsOptions creds;
  creds.env = s->env_;
  creds.config = s->config_;
  creds.profile_flag = s->options_.profile;
  creds.assume_role = MakeAssumeRole(factory);
  creds.transport = s->transport_;
  auto provider = MakeDefaultCredentialsProvider(std::move(creds));
  if (!provider.ok()) return provider.error();
  s->credentials_ = *provider;
  return s;
}

Result<std::shared_ptr<const AwsClient>> Session::Client(std::string_view service_id) const {
  ClientFactory factory{env_, config_, transport_, options_, region_, profile_};
  return factory.Make(service_id, credentials_);
}

Result<S3Client> Session::S3() const {
  auto client = Client("s3");
  if (!client.ok()) return client.error();
  return S3Client(*client);
}

Result<CloudFormationClient> Session::CloudFormation() const {
  auto client = Client("cloudformation");
  if (!client.ok()) return client.error();
  return CloudFormationClient(*client);
}

Result<StsClient> Session::Sts() const {
  auto client = Client("sts");
  if (!client.ok()) return client.error();
  return StsClient(*client);
}

Result<LambdaClient> Session::Lambda() const {
  auto client = Client("lambda");
  if (!client.ok()) return client.error();
  return LambdaClient(*client);
}

}  // namespace sparta::aws
