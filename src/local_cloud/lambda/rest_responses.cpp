#include "rest_responses.hpp"

#include "lambda_core.hpp"

namespace sparta::local_cloud::detail {

CloudResponse Json(int status, const json::value& body, const CloudRequest& request) {
  CloudResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"},
                      {"x-amzn-RequestId", request.request_id}};
  response.body = json::serialize(body);
  return response;
}

CloudResponse NoContent(const CloudRequest& request) {
  CloudResponse response;
  response.status = 204;
  response.headers = {{"x-amzn-RequestId", request.request_id}};
  return response;
}

CloudResponse ErrorResponse(const Error& error, const CloudRequest& request) {
  const std::string& code = error.code;
  if (code == kReservedLimitExceeded || code == kConcurrentLimitExceeded) {
    CloudResponse response =
        RestJsonError(429, "TooManyRequestsException", error.message, request.request_id);
    json::object body;
    body["Reason"] = code;
    body["Type"] = "User";
    body["message"] = error.message;
    response.body = json::serialize(body);
    response.headers.emplace_back("Retry-After", "1");
    return response;
  }
  int status = 500;
  if (code == "ResourceNotFoundException") status = 404;
  if (code == "ResourceConflictException") status = 409;
  if (code == "InvalidParameterValueException" || code == "InvalidRequestContentException") {
    status = 400;
  }
  if (code == "RequestEntityTooLargeException") status = 413;
  if (code == "TooManyRequestsException") status = 429;
  std::string_view wire_code = status == 500 ? std::string_view("ServiceException") : code;
  return RestJsonError(status, wire_code, error.message, request.request_id);
}

CloudResponse Error400(std::string_view code, std::string_view message,
                       const CloudRequest& request) {
  return RestJsonError(400, code, message, request.request_id);
}

}  // namespace sparta::local_cloud::detail
