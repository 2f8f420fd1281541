#pragma once
// Putting the credential sources together: a chain that takes the first
// source that is configured, a cache that refreshes temporary credentials
// before they expire, and the default chain the CLI uses.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "sparta/aws/assume_role.hpp"
#include "sparta/aws/credentials.hpp"
#include "sparta/aws/environment.hpp"
#include "sparta/aws/http.hpp"
#include "sparta/aws/shared_config.hpp"

namespace sparta::aws {

/// One source of a chain, named for the "sources tried" message.
struct ChainLink {
  std::string name;  // "environment variables", "profile dev", ...
  std::shared_ptr<CredentialsProvider> provider;
};

/// Asks each provider in turn. A provider answering kCredentialsNotConfigured
/// is skipped; the first to return credentials is remembered and asked
/// alone from then on; any other error stops the search and is returned
/// as is. When no provider is configured: "NoCredentials", listing every
/// source tried and why, and how to configure one. Thread-safe.
class CredentialsChain final : public CredentialsProvider {
 public:
  explicit CredentialsChain(std::vector<ChainLink> links);
  Result<Credentials> GetCredentials() override;

 private:
  std::vector<ChainLink> links_;
  std::mutex mutex_;
  std::shared_ptr<CredentialsProvider> chosen_;  // GUARDED_BY(mutex_)
};

/// Serves `inner`'s credentials until `refresh_before` their expiration,
/// then asks `inner` again. Credentials without an expiration are kept for
/// good. When a refresh fails while the old credentials have not expired
/// yet, the old ones are served (and the next call tries again); once they
/// have expired, the error is returned. Thread-safe: concurrent callers
/// wait for one refresh.
class CachingCredentialsProvider final : public CredentialsProvider {
 public:
  static constexpr std::chrono::minutes kDefaultRefreshBefore{5};

  /// `clock` supplies Now(); tests pass an InMemoryEnvironment.
  CachingCredentialsProvider(std::shared_ptr<CredentialsProvider> inner,
                             std::shared_ptr<const Environment> clock,
                             std::chrono::seconds refresh_before = kDefaultRefreshBefore);
  Result<Credentials> GetCredentials() override;

 private:
  std::shared_ptr<CredentialsProvider> inner_;
  std::shared_ptr<const Environment> clock_;
  std::chrono::seconds refresh_before_;
  std::mutex mutex_;
  std::optional<Credentials> cached_;  // GUARDED_BY(mutex_)
};

struct DefaultCredentialsOptions {
  std::shared_ptr<const Environment> env;      // null: SystemEnvironment()
  std::shared_ptr<const SharedConfig> config;  // null: SharedConfig::Load(*env)
  /// The --profile flag; "" when absent (AWS_PROFILE etc. then apply).
  std::string profile_flag;
  /// For role profiles and web identity; may be empty (they then fail).
  AssumeRoleFn assume_role;
  /// For the container and IMDS sources. Null: IMDS is skipped, and a
  /// configured container endpoint fails saying there is no transport.
  std::shared_ptr<HttpTransport> transport;
};

/// The SDKs' chain, cached: environment variables (skipped when --profile
/// is given, as the AWS CLI does), the profile, web identity from the
/// environment, the container endpoint, EC2 instance metadata.
/// Errors (now, not at first use): the config files cannot be read or
/// parsed; the profile was named (--profile, AWS_PROFILE) but does not exist.
Result<std::shared_ptr<CredentialsProvider>> MakeDefaultCredentialsProvider(
    DefaultCredentialsOptions options);

}  // namespace sparta::aws
