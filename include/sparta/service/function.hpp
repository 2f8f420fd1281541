#pragma once
// Function: one Lambda function of a service, declared as a C++ value.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/cfn/resource_declaration.hpp"
#include "sparta/runtime/handler.hpp"
#include "sparta/service/decorator.hpp"
#include "sparta/service/event_sources.hpp"
#include "sparta/service/iam.hpp"

namespace sparta {

enum class Architecture { kX86_64, kArm64 };
enum class Tracing { kPassThrough, kActive };

/// Everything about a function except its name, handler and role. Defaults are
/// Lambda's own. Checked by Validate() (see service/validate.hpp):
/// memory 128..10240 MB, timeout 1..900 s, ephemeral storage 512..10240 MB,
/// reserved concurrency >= 0, log retention one of CloudWatch Logs' values.
struct FunctionOptions {
  std::string description{};
  int memory_mb = 128;
  std::chrono::seconds timeout{3};
  std::map<std::string, std::string> environment{};
  Architecture architecture = Architecture::kX86_64;
  std::optional<int> reserved_concurrency{};
  int ephemeral_storage_mb = 512;
  Tracing tracing = Tracing::kPassThrough;
  std::map<std::string, std::string> tags{};
  int log_retention_days = 14;
  /// What the function uses: declared resources (and other functions).
  /// Each is found at run time through sparta::Discover() with its Ref
  /// value, type and attributes, and CloudFormation creates it before the
  /// function. Only what is listed here is injected.
  std::vector<cfn::Handle> dependencies{};
  /// What invokes the function besides direct calls: queues, streams,
  /// topics, buckets, rules and schedules, log groups, mail (see
  /// service/event_sources.hpp). Each adds the resources AWS requires and
  /// exactly the privileges it needs to the function's role.
  std::vector<EventSource> events{};
  /// Template decorators for this function, run in order (see
  /// service/decorator.hpp; e.g. sparta::PublishVersion()).
  std::vector<FunctionDecorator> decorators{};
};

/// **Example**:
///   sparta::Function hello{"Hello", &SayHello, {.memory_mb = 256, .timeout = 10s}};
struct Function {
  Function(std::string function_name, runtime::Handler function_handler,
           FunctionOptions function_options = {}, Role function_role = IamRoleDefinition{})
      : name(std::move(function_name)),
        handler(std::move(function_handler)),
        options(std::move(function_options)),
        role(std::move(function_role)) {}

  /// The declared name: the function's identity in the template, its
  /// `Handler` property (so `_HANDLER` dispatches to it), and part of its
  /// deployed name `<stack>-<name>`. Letters, digits, '-' and '_'.
  /// The logical ID of its AWS::Lambda::Function (docs/logical-ids.md).
  std::string logical_id() const { return cfn::LogicalId(name, "Function"); }
  /// `{"Ref": ...}`: the deployed function name.
  json::value Ref() const { return cfn::Ref(logical_id()); }
  /// `{"Fn::GetAtt": [..., "Arn"]}`: the function's ARN.
  json::value Arn() const { return cfn::GetAtt(logical_id(), "Arn"); }
  /// `{"Ref": ...}` of the function's log group: its name, e.g. for a
  /// LogSubscription of another function.
  json::value LogGroup() const { return cfn::Ref(cfn::LogicalId(name, "LogGroup")); }

  std::string name;
  runtime::Handler handler;
  FunctionOptions options;
  Role role;
};

}  // namespace sparta
