#include "sparta/aws/lambda_client.hpp"

#include <utility>

#include "sparta/aws/query_protocol.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::aws {

LambdaClient::LambdaClient(std::shared_ptr<const AwsClient> client) : client_(std::move(client)) {}

Result<LambdaInvokeResult> LambdaClient::Invoke(const LambdaInvokeRequest& request) const {
  if (request.function_name.empty()) {
    return MakeError("InvalidArgument", "Lambda Invoke: the function name is empty");
  }
  HttpRequest http;
  http.method = "POST";
  // ':' of an ARN is percent-encoded, as the SDKs do; the service decodes it.
  http.path = "/2015-03-31/functions/";
  http.path += PercentEncode(request.function_name);
  http.path += "/invocations";
  if (!request.qualifier.empty()) {
    http.query = "Qualifier=";
    http.query += PercentEncode(request.qualifier);
  }
  http.headers = {{"Content-Type", "application/json"},
                  {"X-Amz-Invocation-Type", request.invocation_type}};
  if (request.tail_logs) http.headers.emplace_back("X-Amz-Log-Type", "Tail");
  if (!request.client_context.empty()) {
    http.headers.emplace_back("X-Amz-Client-Context", util::Base64Encode(request.client_context));
  }
  http.body = request.payload;

  auto response = client_->Send(std::move(http), "Lambda Invoke");
  if (!response.ok()) return response.error();
  LambdaInvokeResult result;
  result.status_code = response->status;
  result.payload = std::move(response->body);
  auto header = [&](std::string_view name) {
    const std::string* v = FindHeader(response->headers, name);
    return v == nullptr ? std::string() : *v;
  };
  result.function_error = header("X-Amz-Function-Error");
  result.executed_version = header("X-Amz-Executed-Version");
  result.request_id = header("x-amzn-RequestId");
  if (std::string tail = header("X-Amz-Log-Result"); !tail.empty()) {
    auto decoded = util::Base64Decode(tail);
    if (!decoded) {
      return MakeError("InvalidResponse",
                       "Lambda Invoke returned an X-Amz-Log-Result that is not base64");
    }
    result.log_tail = std::move(*decoded);
  }
  return result;
}

}  // namespace sparta::aws
