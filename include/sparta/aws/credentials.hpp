#pragma once
// AWS credentials and where they come from.

#include <chrono>
#include <optional>
#include <string>

#include "sparta/util/result.hpp"

namespace sparta::aws {

/// Secrets: never print, log or put a Credentials value in an error message
/// (only the access key id may be named).
struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  // where they came from, for messages: "environment", "profile dev", ...
};

/// Supplies credentials, refreshing temporary ones before they expire.
/// Thread-safe. Errors say which sources were tried and how to configure one.
class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  virtual Result<Credentials> GetCredentials() = 0;
};

}  // namespace sparta::aws
