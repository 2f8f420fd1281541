#pragma once
// Runs the `sparta-local` program for a test: started on a free loopback
// port over a data directory, its ready line read, and stopped (SIGTERM) or
// killed (SIGKILL) when the test says, or when the object goes.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "sparta/aws/aws_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::testing {

class LocalCloudProcess {
 public:
  /// Starts `program --port 0 --data-dir data_dir` and waits (at most 20 s)
  /// for its ready line. Error "Unavailable" with its stderr otherwise.
  static Result<std::unique_ptr<LocalCloudProcess>> Start(const std::string& program,
                                                          const std::filesystem::path& data_dir);
  /// Kill()s if still running.
  ~LocalCloudProcess();
  LocalCloudProcess(const LocalCloudProcess&) = delete;
  LocalCloudProcess& operator=(const LocalCloudProcess&) = delete;

  const std::string& endpoint() const { return endpoint_; }  // http://127.0.0.1:<port>
  std::uint16_t port() const { return port_; }
  const std::string& ready_line() const { return ready_line_; }
  pid_t pid() const { return pid_; }

  /// SIGTERM, then waits up to `grace`; returns the exit status as
  /// waitpid(2) gives it, or -1 when it had to be killed.
  int Terminate(std::chrono::milliseconds grace = std::chrono::seconds(10));
  /// SIGKILL (the `kill -9` of the tests), reaped.
  void Kill();
  /// What it wrote on stderr so far (its log), for failure messages.
  std::string Log() const;

  /// An AwsClient for `service` on this cloud: plain HTTP, path-style S3,
  /// us-east-1, credentials `access_key`/`secret`.
  std::shared_ptr<const aws::AwsClient> Client(const std::string& service,
                                               const std::string& access_key = "test",
                                               const std::string& secret = "test") const;

 private:
  LocalCloudProcess() = default;
  pid_t pid_ = 0;
  std::uint16_t port_ = 0;
  std::string endpoint_;
  std::string ready_line_;
  std::filesystem::path log_path_;
};

/// Whether any process still runs with its working directory or executable
/// under `dir` (the local cloud runs functions from task roots in its data
/// dir): the "nothing left running" check.
bool ProcessesRunUnder(const std::filesystem::path& dir);

}  // namespace sparta::testing
