#pragma once
// A function's JSON shapes: the Configuration Lambda's API returns
// (GetFunctionConfiguration, the `Configuration` of GetFunction, the items
// of ListFunctions) and the document kept in the StateStore.

#include <string>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/lambda_service.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::detail {

/// Lambda's FunctionConfiguration with its field names.
json::object ConfigurationJson(const FunctionInfo& info);

/// The stored document: the configuration plus what the API shows
/// elsewhere (tags, reserved concurrency) and the code blob's hex digest.
json::value FunctionToDocument(const FunctionInfo& info, const std::string& code_hex);

struct StoredFunction {
  FunctionInfo info;
  std::string code_hex;  // SHA-256 hex of the zip: its blob key
};
/// Error "Corrupt" naming the missing or mistyped field.
Result<StoredFunction> FunctionFromDocument(const json::value& document);

/// "2026-11-27T06:00:00.000+0000", Lambda's LastModified format.
std::string LambdaTimestampNow();

}  // namespace sparta::local_cloud::detail
