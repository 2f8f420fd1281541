#pragma once
// Runs `moto_server` (an AWS emulator) on a free loopback port for one test,
// and stops it when destroyed.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>

#include "sparta/aws/aws_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws::testing {

class MotoServer {
 public:
  /// The path of `moto_server` on PATH, or "" when there is none.
  static std::string Find();

  /// Starts the server and waits (at most ~20 s) until it accepts connections.
  /// Error "Unavailable" when it is not installed or does not come up.
  static Result<std::unique_ptr<MotoServer>> Start();

  ~MotoServer();
  MotoServer(const MotoServer&) = delete;
  MotoServer& operator=(const MotoServer&) = delete;

  uint16_t port() const { return port_; }

  /// An AwsClient for `service` ("s3", "cloudformation", "sts") on this
  /// server: plain HTTP, path-style S3, credentials test/test, us-east-1.
  std::shared_ptr<const AwsClient> Client(const std::string& service) const;

 private:
  MotoServer(pid_t pid, uint16_t port) : pid_(pid), port_(port) {}
  pid_t pid_;
  uint16_t port_;
};

}  // namespace sparta::aws::testing
