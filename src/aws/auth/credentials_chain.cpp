#include "sparta/aws/credentials_chain.hpp"

#include "sparta/aws/credentials_providers.hpp"
#include "sparta/aws/metadata_credentials.hpp"

namespace sparta::aws {

CredentialsChain::CredentialsChain(std::vector<ChainLink> links) : links_(std::move(links)) {}

Result<Credentials> CredentialsChain::GetCredentials() {
  std::lock_guard lock(mutex_);
  if (chosen_) return chosen_->GetCredentials();
  std::string tried;
  for (const ChainLink& link : links_) {
    Result<Credentials> credentials = link.provider->GetCredentials();
    if (credentials) {
      chosen_ = link.provider;
      return credentials;
    }
    if (credentials.error().code != kCredentialsNotConfigured) return credentials.error();
    if (!tried.empty()) tried += "; ";
    tried += link.name + " (" + credentials.error().message + ")";
  }
  return MakeError("NoCredentials",
                   "no AWS credentials found; tried: " + tried +
                       ". Configure credentials with `aws configure`, or set AWS_ACCESS_KEY_ID "
                       "and AWS_SECRET_ACCESS_KEY, or pass --profile <name> to use a profile from "
                       "~/.aws/credentials or ~/.aws/config");
}

CachingCredentialsProvider::CachingCredentialsProvider(std::shared_ptr<CredentialsProvider> inner,
                                                       std::shared_ptr<const Environment> clock,
                                                       std::chrono::seconds refresh_before)
    : inner_(std::move(inner)), clock_(std::move(clock)), refresh_before_(refresh_before) {}

Result<Credentials> CachingCredentialsProvider::GetCredentials() {
  std::lock_guard lock(mutex_);
  const auto now = clock_->Now();
  if (cached_ && (!cached_->expiration || now < *cached_->expiration - refresh_before_)) {
    return *cached_;
  }
  Result<Credentials> fresh = inner_->GetCredentials();
  if (fresh) {
    cached_ = *fresh;
    return fresh;
  }
  // A failed refresh is not fatal while the old credentials still work.
  if (cached_ && cached_->expiration && now < *cached_->expiration) return *cached_;
  return fresh;
}

Result<std::shared_ptr<CredentialsProvider>> MakeDefaultCredentialsProvider(
    DefaultCredentialsOptions options) {
  std::shared_ptr<const Environment> env = options.env ? options.env : SystemEnvironment();
  std::shared_ptr<const SharedConfig> config = options.config;
  if (!config) {
    Result<SharedConfig> loaded = SharedConfig::Load(*env);
    if (!loaded) return loaded.error();
    config = std::make_shared<const SharedConfig>(std::move(loaded).value());
  }
  const ProfileChoice choice = ChooseProfile(options.profile_flag, *env);
  if (Status exists = CheckProfileExists(choice, *config); !exists) return exists.error();

  std::vector<ChainLink> links;
  // As the AWS CLI does, an explicit --profile outranks credentials in the
  // environment (AWS_PROFILE does not).
  if (options.profile_flag.empty()) {
    links.push_back({"environment variables", std::make_shared<EnvironmentCredentialsProvider>(env)});
  }
  links.push_back({"profile " + choice.name,
                   std::make_shared<ProfileCredentialsProvider>(ProfileCredentialsOptions{
                       env, config, choice, options.assume_role, options.transport})});
  links.push_back({"web identity",
                   std::make_shared<WebIdentityCredentialsProvider>(env, options.assume_role)});
  links.push_back({"container credentials endpoint",
                   std::make_shared<ContainerCredentialsProvider>(env, options.transport)});
  links.push_back({"EC2 instance metadata",
                   std::make_shared<ImdsCredentialsProvider>(env, options.transport)});
  std::shared_ptr<CredentialsProvider> chain = std::make_shared<CredentialsChain>(std::move(links));
  return std::shared_ptr<CredentialsProvider>(
      std::make_shared<CachingCredentialsProvider>(std::move(chain), env));
}

}  // namespace sparta::aws
