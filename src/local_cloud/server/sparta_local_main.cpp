// sparta-local: the embedded local cloud (S3, Lambda, CloudFormation, STS,
// IAM) as a program. Prints one "ready" line on stdout once it serves, and
// stops cleanly on SIGINT/SIGTERM.
//
// Exit status: 0 after a signal-driven stop (and for --help/--version),
// 1 when the cloud cannot start (port in use, bad data dir, non-loopback
// host), 2 for usage errors.

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>

#include "sparta/local_cloud/local_cloud.hpp"

namespace {

namespace fs = std::filesystem;
using sparta::local_cloud::LocalCloud;
using sparta::local_cloud::LocalCloudOptions;

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

// The directory as the ready line shows it: absolute, without "." or "..".
std::string AbsoluteDir(const fs::path& dir) {
  std::error_code ec;
  fs::path absolute = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  if (ec) absolute = fs::absolute(dir).lexically_normal();
  std::string text = absolute.string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

int Run(int argc, char** argv) {
  // SIGINT/SIGTERM are taken by sigwait() below only: block them before any
  // thread exists so that every thread inherits the mask. (Function
  // processes get a clean mask: the supervisor resets it when it spawns.)
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  // A client that hangs up must not kill the server.
  signal(SIGPIPE, SIG_IGN);

  LocalCloudOptions options;
  std::string data_dir = "./.sparta-local";
  int port = 4566;
  bool verbose = false;
  CLI::App app{
      "sparta-local: a local AWS cloud on loopback (S3, Lambda, CloudFormation, STS, IAM) "
      "for deploying and running Sparta services without an AWS account.\n"
      "Point clients at it with --endpoint-url http://127.0.0.1:4566 (or AWS_ENDPOINT_URL) "
      "and the credentials below.",
      "sparta-local"};
  app.set_version_flag("--version",
                       std::string("sparta-local (Sparta C++ ") + SPARTA_VERSION + ")");
  app.add_option("--host", options.host,
                 "Loopback address to listen on (127.0.0.1, ::1, localhost)")
      ->capture_default_str();
  app.add_option("--port", port, "Port to listen on; 0 picks a free one")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--data-dir", data_dir, "Directory that keeps the cloud's state across restarts")
      ->capture_default_str();
  app.add_option("--region", options.region, "Region for requests whose signature names none")
      ->capture_default_str();
  app.add_option("--account-id", options.account_id,
                 "The account this cloud is (12 digits): every ARN names it. A data directory "
                 "keeps the account it was first started with")
      ->capture_default_str();
  app.add_option("--access-key-id", options.access_key_id,
                 "The access key id requests must be signed with")
      ->capture_default_str();
  app.add_option("--secret-access-key", options.secret_access_key,
                 "The secret access key requests must be signed with")
      ->capture_default_str();
  app.add_flag("--verbose,-v", verbose, "Print one line per request to stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  if (data_dir.empty()) {
    std::fputs("sparta-local: --data-dir must not be empty\n", stderr);
    return kExitUsage;
  }
  options.port = static_cast<std::uint16_t>(port);
  options.data_dir = data_dir;
  if (verbose) {
    options.request_log = [](const std::string& line) {
      const std::string text = "sparta-local: " + line + "\n";
      std::fputs(text.c_str(), stderr);  // one call: lines from threads do not interleave
    };
  }

  auto cloud = LocalCloud::Start(options);
  if (!cloud) {
    const std::string text = "sparta-local: cannot start: " + cloud.error().message + "\n";
    std::fputs(text.c_str(), stderr);
    return kExitFailed;
  }
  const std::string ready = "sparta-local ready on " + (*cloud)->endpoint() + " (data " +
                            AbsoluteDir(options.data_dir) + ")\n";
  std::fputs(ready.c_str(), stdout);
  std::fflush(stdout);

  int signal_number = 0;
  while (sigwait(&stop_signals, &signal_number) != 0) {
  }
  (*cloud)->Stop();
  std::fputs("sparta-local stopped\n", stderr);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sparta-local: internal error: %s\n", e.what());
    return kExitFailed;
  }
}
