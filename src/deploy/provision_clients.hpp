#pragma once
// The AWS clients and knobs the deploy operations run on. Built from a
// Session in production; tests build them on scripted transports.

#include <chrono>
#include <functional>
#include <string>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/aws/session.hpp"
#include "sparta/aws/sts_client.hpp"
#include "sparta/util/result.hpp"

namespace sparta::deploy::detail {

struct DeployClients {
  aws::S3Client s3;
  aws::CloudFormationClient cfn;
  aws::StsClient sts;
  aws::Endpoint s3_endpoint;  // for the TemplateURL of large templates
  std::string region;
  /// Sleeps between polls. Null: this thread sleeps.
  std::function<void(std::chrono::milliseconds)> sleep;
  /// Steady time, for deadlines. Null: std::chrono::steady_clock.
  std::function<std::chrono::steady_clock::time_point()> now;

  void Sleep(std::chrono::milliseconds duration) const;
  std::chrono::steady_clock::time_point Now() const;
};

/// The session's S3, CloudFormation and STS clients; its errors as they are.
Result<DeployClients> OpenDeployClients(const aws::Session& session);

/// Error{`error.code`, context + ": " + [code + ": "] + `error.message`}:
/// AWS's code stays verbatim (in the code, and in the text unless the message
/// already names it), and so does its message, after what was being done.
Error WithContext(const Error& error, const std::string& context);

}  // namespace sparta::deploy::detail
