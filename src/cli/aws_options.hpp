#pragma once
// The flags every AWS-facing verb takes, and what they resolve to.

#include <CLI/CLI.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "sparta/aws/session.hpp"
#include "sparta/service/service.hpp"
#include "sparta/util/result.hpp"

namespace sparta::cli {

struct AwsOptions {
  std::string profile;
  std::string region;
  std::string endpoint_url;
  std::string stage;
  bool json_output = false;
};

/// Adds --profile, --region, --endpoint-url, --stage and --output to `verb`.
void AddAwsOptions(CLI::App* verb, AwsOptions& options);

/// The stack of `service` for `stage`: "<name>" or "<name>-<stage>". Error
/// "Usage" for a stage that is not letters, digits and '-'.
Result<std::string> StackName(const Service& service, const std::string& stage);

/// Opens the AWS session the flags describe (profile, region, endpoint).
Result<std::shared_ptr<aws::Session>> OpenSession(const AwsOptions& options);

/// How often to poll CloudFormation: AWS itself asks for seconds between
/// polls; a local endpoint (an emulator, the local cloud) answers at once.
std::chrono::milliseconds PollInterval(const aws::Session& session);

/// Maps an error of a deploy operation to the exit code: bad input is
/// kExitUsage, everything else kExitFailed.
int ExitCodeFor(const Error& error);

}  // namespace sparta::cli
