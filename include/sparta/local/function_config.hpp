#pragma once
// FunctionConfig: what the local cloud knows about one Lambda function, and
// the environment Lambda gives its runtime process.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::local {

/// Credentials handed to the function explicitly, as Lambda does from the
/// execution role. The host's own credentials are never passed through.
struct FunctionCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // optional
};

struct FunctionConfig {
  std::string function_name;
  std::string handler;  // `_HANDLER`
  int memory_mb = 128;
  int timeout_seconds = 3;
  /// The function's declared variables. Reserved names (see
  /// IsReservedEnvironmentName) are rejected by Validate().
  std::map<std::string, std::string> environment;
  /// The unpacked code: holds `bootstrap`, and is the working directory and
  /// `LAMBDA_TASK_ROOT`.
  std::filesystem::path task_root;
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  std::string version = "$LATEST";
  /// Empty: `/aws/lambda/<function_name>`.
  std::string log_group;
  /// `LAMBDA_RUNTIME_DIR` (Lambda: /var/runtime; it need not exist).
  std::string runtime_dir = "/var/runtime";
  std::optional<FunctionCredentials> credentials;

  /// `arn:aws:lambda:<region>:<account>:function:<name>`.
  std::string FunctionArn() const;
  std::string LogGroupName() const;

  /// Checks what Lambda's CreateFunction would: a name, 128..10240 MB,
  /// 1..900 s, a task root, and no reserved environment names. Error code
  /// "InvalidParameterValueException" with Lambda's wording.
  Status Validate() const;
};

/// Names Lambda sets itself and refuses in a function's configuration
/// (`AWS_REGION`, `_HANDLER`, `AWS_LAMBDA_RUNTIME_API`, ...).
bool IsReservedEnvironmentName(std::string_view name);

/// The whole environment of a runtime process, as "NAME=value" entries:
/// Lambda's platform variables (AWS_LAMBDA_RUNTIME_API = `runtime_api`,
/// `_HANDLER`, `AWS_LAMBDA_FUNCTION_*`, `AWS_REGION`, log group and stream,
/// `LAMBDA_TASK_ROOT`, `TZ=:UTC`, `LANG`, `PATH`, `LD_LIBRARY_PATH`, ...),
/// then the function's own variables, then the credentials. Nothing comes
/// from the host's environment.
std::vector<std::string> BuildLambdaEnvironment(const FunctionConfig& config,
                                                std::string_view runtime_api,
                                                std::string_view log_stream_name);

}  // namespace sparta::local
