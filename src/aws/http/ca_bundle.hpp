#pragma once
// Which CA certificates HTTPS trusts: a decision kept apart from the TLS code
// so it can be tested without a handshake.

#include <functional>
#include <string>

namespace sparta::aws::internal {

struct CaBundle {
  std::string file;    // empty: OpenSSL's default verify locations
  std::string origin;  // for messages: "ca_file option", "AWS_CA_BUNDLE", ...
};

/// `ca_file` (the TransportOptions field) wins, then the AWS_CA_BUNDLE and
/// SSL_CERT_FILE variables (empty values count as unset), then the system
/// default. `getenv` is injectable for tests; null means std::getenv.
CaBundle ChooseCaBundle(const std::string& ca_file,
                        const std::function<const char*(const char*)>& getenv = nullptr);

/// "<file> (from <origin>)" or "the system default CA certificates".
std::string Describe(const CaBundle& bundle);

}  // namespace sparta::aws::internal
