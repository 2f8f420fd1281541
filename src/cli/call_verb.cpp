// `call`: invoke a deployed function through Lambda's Invoke API, on AWS or
// on any endpoint that speaks it (the embedded local cloud, sparta-local).

#include <fmt/core.h>

#include <string>

#include "invoke_io.hpp"
#include "output.hpp"
#include "sparta/aws/lambda_client.hpp"
#include "sparta/json/json.hpp"
#include "sparta/service/synthesize.hpp"
#include "verbs.hpp"

namespace sparta::cli {
namespace {

// The deployed name of `function`: the physical ID of its
// AWS::Lambda::Function resource in the stack (the template adds no outputs
// of its own, so this costs the service none of CloudFormation's 200).
Result<std::string> DeployedName(const aws::Session& session, const std::string& stack,
                                 const std::string& function) {
  auto cloudformation = session.CloudFormation();
  if (!cloudformation.ok()) return cloudformation.error();
  auto resources = cloudformation->ListAllStackResources(stack);
  if (!resources.ok()) {
    if (resources.error().message.find("does not exist") != std::string::npos) {
      return MakeError("StackNotFound", "stack " + stack + " does not exist in " +
                                            session.region() + ": run provision first");
    }
    return resources.error();
  }
  const std::string logical_id = LogicalIdsOf(function).function;
  for (const auto& r : *resources) {
    if (r.logical_resource_id == logical_id && !r.physical_resource_id.empty()) {
      return r.physical_resource_id;
    }
  }
  return MakeError("FunctionNotDeployed",
                   "stack " + stack + " has no resource " + logical_id + ": function " + function +
                       " is not deployed there; run provision to deploy it");
}

void PrintJson(const std::string& function, const std::string& deployed,
               const aws::LambdaInvokeResult& r) {
  json::object o{{"function", function},
                 {"functionName", deployed},
                 {"requestId", r.request_id},
                 {"statusCode", r.status_code},
                 {"functionError", r.function_error.empty() ? json::value(nullptr)
                                                            : json::value(r.function_error)},
                 {"payload", r.payload},
                 {"executedVersion", r.executed_version},
                 {"logTail", r.log_tail}};
  fmt::print("{}", jsonutil::Pretty(o));
}

}  // namespace

int RunCall(const Service& service, const CallOptions& options) {
  auto input = ReadInvocation(service, options.function, options.aws.stage, options.event);
  if (!input.ok()) {
    PrintError(input.error());
    return kExitUsage;
  }
  auto session = OpenSession(options.aws);
  if (!session.ok()) {
    PrintError(session.error());
    return kExitUsage;
  }
  auto deployed = DeployedName(**session, input->stack, options.function);
  if (!deployed.ok()) {
    PrintError(deployed.error());
    return ExitCodeFor(deployed.error());
  }
  auto lambda = (*session)->Lambda();
  if (!lambda.ok()) {
    PrintError(lambda.error());
    return kExitUsage;
  }
  aws::LambdaInvokeRequest request{.function_name = *deployed,
                                   .payload = input->event,
                                   .invocation_type = options.async ? "Event" : "RequestResponse",
                                   .tail_logs = !options.async};
  auto result = lambda->Invoke(request);
  if (!result.ok()) {
    PrintError("calling " + *deployed + ": " + result.error().message);
    return ExitCodeFor(result.error());
  }
  if (options.aws.json_output) {
    PrintJson(options.function, *deployed, *result);
  } else if (options.async) {
    PrintStatus("queued (HTTP " + std::to_string(result->status_code) + ", request id " +
                result->request_id + ")");
  } else {
    if (options.show_logs && !result->log_tail.empty()) fmt::print(stderr, "{}", result->log_tail);
    fmt::print("{}\n", result->payload);
    if (!result->function_error.empty()) PrintFunctionError(options.function, result->payload);
  }
  return result->function_error.empty() ? kExitOk : kExitFailed;
}

}  // namespace sparta::cli
