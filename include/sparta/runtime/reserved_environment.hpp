#pragma once
// The environment variables Lambda sets for a runtime itself, which a
// function's configuration may not set (Lambda's "Reserved environment
// variables"). PATH, LANG, TZ and LD_LIBRARY_PATH are not reserved: a
// function may override them. One list for validating declarations and for
// emulating Lambda locally.

#include <algorithm>
#include <array>
#include <string_view>

namespace sparta::runtime {

inline constexpr std::array<std::string_view, 19> kReservedEnvironmentNames = {
    "_HANDLER",
    "_X_AMZN_TRACE_ID",
    "AWS_DEFAULT_REGION",
    "AWS_REGION",
    "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION",
    "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME",
    "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API",
    "LAMBDA_TASK_ROOT",
    "LAMBDA_RUNTIME_DIR",
    "AWS_LAMBDA_MAX_CONCURRENCY",
};

constexpr bool IsReservedEnvironmentName(std::string_view name) {
  return std::find(kReservedEnvironmentNames.begin(), kReservedEnvironmentNames.end(), name) !=
         kReservedEnvironmentNames.end();
}

}  // namespace sparta::runtime
