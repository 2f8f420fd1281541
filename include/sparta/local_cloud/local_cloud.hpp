#pragma once
// LocalCloud: the embedded local cloud behind `sparta-local`. One HTTP/1.1
// listener on loopback serves S3, Lambda, CloudFormation, STS and IAM; every
// request's SigV4 signature is verified against the local credentials, then
// the request goes to the service its signature names.
//
// **Example**:
//
//     auto cloud = LocalCloud::Start({.data_dir = "/tmp/cloud"});
//     if (!cloud) Fail(cloud.error());
//     std::cout << (*cloud)->endpoint() << "\n";   // http://127.0.0.1:4566
//     ...
//     (*cloud)->Stop();

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "sparta/util/result.hpp"

namespace sparta::local_cloud {

struct LocalCloudOptions {
  /// A loopback address ("127.0.0.1", "::1", "localhost").
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;  // 0 picks a free port
  std::filesystem::path data_dir;
  std::string access_key_id = "test";
  std::string secret_access_key = "test";
  std::string region = "us-east-1";
  /// 12 digits; every ARN names it. A data directory keeps the account it
  /// was first started with (Start refuses another).
  std::string account_id = "000000000000";
  /// Largest request body accepted (S3 single PUT); larger: 413 / EntityTooLarge.
  std::uint64_t max_body_bytes = 5ull * 1024 * 1024 * 1024;
  int max_connections = 256;
  /// When set, called once per request, after its response was written
  /// (from connection threads, concurrently), with a one-line summary:
  /// "<method> <target> <service> <status> <milliseconds> ms".
  std::function<void(const std::string& line)> request_log;
};

class LocalCloud {
 public:
  /// Opens the state in `data_dir`, binds, and starts serving. Errors:
  /// "InvalidArgument" (a non-loopback host, an empty data dir, an account
  /// id that is not 12 digits or not the data dir's account), "Io"
  /// (the data dir), "AddressInUse" (the port is taken: says which),
  /// "DataDirInUse" (another running LocalCloud holds `data_dir`: two
  /// writers would corrupt it; the lock goes away with its process, even
  /// after a kill -9).
  static Result<std::unique_ptr<LocalCloud>> Start(LocalCloudOptions options);
  /// Stop()s.
  ~LocalCloud();
  LocalCloud(const LocalCloud&) = delete;
  LocalCloud& operator=(const LocalCloud&) = delete;

  /// "http://127.0.0.1:<port>" (IPv6 hosts in brackets).
  std::string endpoint() const;
  std::uint16_t port() const;

  /// Stops accepting, finishes or cuts open connections, lets stack
  /// operations reach a committed step, stops every function process.
  /// Idempotent.
  void Stop();

 private:
  struct State;
  explicit LocalCloud(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sparta::local_cloud
