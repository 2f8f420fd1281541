#include <algorithm>
#include <array>

#include "sparta/local/function_config.hpp"
#include "sparta/runtime/reserved_environment.hpp"

namespace sparta::local {
namespace {


Error InvalidParameter(std::string message) {
  return MakeError("InvalidParameterValueException", std::move(message));
}

}  // namespace

bool IsReservedEnvironmentName(std::string_view name) {
  return runtime::IsReservedEnvironmentName(name);
}

std::string FunctionConfig::FunctionArn() const {
  return "arn:aws:lambda:" + region + ":" + account_id + ":function:" + function_name;
}

std::string FunctionConfig::LogGroupName() const {
  return log_group.empty() ? "/aws/lambda/" + function_name : log_group;
}

Status FunctionConfig::Validate() const {
  if (function_name.empty()) return InvalidParameter("the function needs a name");
  if (memory_mb < 128 || memory_mb > 10240) {
    return InvalidParameter("MemorySize " + std::to_string(memory_mb) +
                            " is out of range: use 128 to 10240 MB");
  }
  if (timeout_seconds < 1 || timeout_seconds > 900) {
    return InvalidParameter("Timeout " + std::to_string(timeout_seconds) +
                            " is out of range: use 1 to 900 seconds");
  }
  if (task_root.empty()) {
    return InvalidParameter("function " + function_name +
                            " has no task root: point it at the directory holding `bootstrap`");
  }
  std::string reserved;
  for (const auto& [name, value] : environment) {
    if (IsReservedEnvironmentName(name)) reserved += (reserved.empty() ? "" : ", ") + name;
  }
  if (!reserved.empty()) {
    return InvalidParameter(
        "Lambda was unable to configure your environment variables because the environment "
        "variables you have provided contains reserved keys that are currently not supported "
        "for modification. Reserved keys used in this request: " +
        reserved);
  }
  return {};
}

std::vector<std::string> BuildLambdaEnvironment(const FunctionConfig& config,
                                                std::string_view runtime_api,
                                                std::string_view log_stream_name) {
  std::string task_root = config.task_root.string();
  const std::string& runtime_dir = config.runtime_dir;
  std::map<std::string, std::string> variables = {
      {"AWS_LAMBDA_RUNTIME_API", std::string(runtime_api)},
      {"_HANDLER", config.handler},
      {"AWS_LAMBDA_FUNCTION_NAME", config.function_name},
      {"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", std::to_string(config.memory_mb)},
      {"AWS_LAMBDA_FUNCTION_VERSION", config.version},
      {"AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand"},
      {"AWS_LAMBDA_LOG_GROUP_NAME", config.LogGroupName()},
      {"AWS_LAMBDA_LOG_STREAM_NAME", std::string(log_stream_name)},
      {"AWS_REGION", config.region},
      {"AWS_DEFAULT_REGION", config.region},
      {"LAMBDA_TASK_ROOT", task_root},
      {"LAMBDA_RUNTIME_DIR", runtime_dir},
      {"TZ", ":UTC"},
      {"LANG", "en_US.UTF-8"},
      {"PATH", "/usr/local/bin:/usr/bin/:/bin:/opt/bin"},
      {"LD_LIBRARY_PATH", "/lib64:/usr/lib64:" + runtime_dir + ":" + runtime_dir + "/lib:" +
                              task_root + ":" + task_root + "/lib:/opt/lib"},
  };
  for (const auto& [name, value] : config.environment) {
    if (!IsReservedEnvironmentName(name)) variables[name] = value;
  }
  if (config.credentials) {
    variables["AWS_ACCESS_KEY_ID"] = config.credentials->access_key_id;
    variables["AWS_SECRET_ACCESS_KEY"] = config.credentials->secret_access_key;
    if (!config.credentials->session_token.empty()) {
      variables["AWS_SESSION_TOKEN"] = config.credentials->session_token;
    }
  }
  std::vector<std::string> entries;
  entries.reserve(variables.size());
  for (const auto& [name, value] : variables) entries.push_back(name + "=" + value);
  return entries;
}

}  // namespace sparta::local
