#pragma once
// The CloudFormation custom resource protocol, as a function serving it sees
// it: the request CloudFormation sends, the response it expects, and the
// PUT of that response to the presigned ResponseURL. A service declares
// custom resources with sparta::CustomResource<T> (service/custom_resource.hpp).

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "sparta/json/json.hpp"
#include "sparta/runtime/context.hpp"
#include "sparta/util/result.hpp"

namespace sparta::custom_resource {

enum class RequestType { kCreate, kUpdate, kDelete };

/// One request from CloudFormation. Unknown fields are ignored.
struct Request {
  RequestType type = RequestType::kCreate;
  std::string service_token;
  std::string response_url;
  std::string stack_id;
  std::string request_id;
  std::string logical_resource_id;
  std::string physical_resource_id;  // Update and Delete only
  std::string resource_type;         // "Custom::Seed"
  json::object properties;           // ResourceProperties: every scalar is a string
  json::object old_properties;       // OldResourceProperties: Update only

  /// Errors ("InvalidRequest") name the missing or malformed field.
  static Result<Request> Parse(std::string_view payload);
};

std::string_view Name(RequestType type);  // "Create", "Update", "Delete"

/// What a successful handler answers.
struct Outcome {
  /// Empty: on Create, "<LogicalResourceId>-<RequestId>"; on Update and
  /// Delete, the current ID. A different ID on Update is a replacement:
  /// CloudFormation later sends a Delete for the old one.
  std::string physical_id{};
  json::object data{};   // read with Fn::GetAtt
  bool no_echo = false;  // masks `data` in outputs and describe calls
};

/// CloudFormation reads at most this many bytes of a response.
inline constexpr std::size_t kMaxResponseBytes = 4096;

/// The SUCCESS response document. Error "ResponseTooLarge" (naming the
/// size and the limit) when it would exceed kMaxResponseBytes.
Result<std::string> SuccessResponse(const Request& request, const Outcome& outcome);

/// The FAILED response document; a reason that would not fit is shortened.
std::string FailedResponse(const Request& request, std::string_view reason);

/// Sends `body` to the presigned `url` with PUT and no Content-Type, as
/// CloudFormation expects; retries connection failures and 5xx answers with
/// backoff until `deadline`. HTTPS on AWS, plain HTTP on a local cloud.
Status SendResponse(std::string_view url, std::string_view body,
                    std::chrono::steady_clock::time_point deadline);

/// The handler a custom resource type's Lambda function runs: it gets the
/// parsed request and answers an Outcome, or throws to fail it.
using Callback = std::function<Outcome(const Request&, runtime::Context&)>;

/// Reads the status of the stack `stack_id` ("UPDATE_IN_PROGRESS", ...).
using StackStatusReader = std::function<Result<std::string>(std::string_view stack_id)>;

/// The stack status in which CloudFormation deletes what an update replaced.
inline constexpr std::string_view kUpdateCleanupStatus = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS";

struct ServeOptions {
  /// Set: a Delete that arrives while the stack is in
  /// UPDATE_COMPLETE_CLEANUP_IN_PROGRESS (CloudFormation removing what an
  /// update replaced) answers SUCCESS without calling the callback, so the
  /// old resource's Delete cannot undo what its replacement just configured
  /// (Sparta's built-ins do this). When the status cannot be read, the
  /// Delete runs as usual and the reason is logged.
  StackStatusReader skip_deletes_during_cleanup{};
};

/// Serves one invocation: parses the request, runs `callback` and PUTs the
/// response. A thrown exception becomes FAILED with its message. If the
/// callback is still running close to the function's deadline (the smaller
/// of 2 s and a quarter of the time left at the start), FAILED is sent
/// saying so and the process exits, so the stack never waits an hour for a
/// response that will not come. Returns the response document; throws
/// runtime::FunctionError ("Sparta.CustomResourceError") when the payload is
/// not a custom resource request or no response could be delivered.
std::string Serve(std::string_view payload, runtime::Context& context, const Callback& callback,
                  const ServeOptions& options = {});

}  // namespace sparta::custom_resource
