#pragma once
// Synthesize(): turns a declared Service into its CloudFormation template.
// Pure and deterministic: no clock, no randomness, no network; the same
// Service always gives a byte-identical template, and a function's resources
// do not depend on the order functions were declared in.

#include <string>
#include <string_view>

#include "sparta/cfn/template.hpp"
#include "sparta/service/service.hpp"
#include "sparta/util/result.hpp"

namespace sparta {

/// The template parameters naming the S3 location of the code zip that every
/// function runs (the same program, dispatching on `_HANDLER`).
inline constexpr std::string_view kArtifactBucketParameter = "ArtifactS3Bucket";
inline constexpr std::string_view kArtifactKeyParameter = "ArtifactS3Key";

/// The Lambda runtime every function uses: the program is its own bootstrap.
inline constexpr std::string_view kLambdaRuntime = "provided.al2023";

/// The logical IDs Synthesize() gives a function's resources and outputs
/// (see docs/logical-ids.md). `role` is used only when Sparta creates it.
struct FunctionLogicalIds {
  std::string function;     // AWS::Lambda::Function, e.g. "HelloFunction"
  std::string role;         // AWS::IAM::Role, e.g. "HelloRole"
  std::string log_group;    // AWS::Logs::LogGroup, e.g. "HelloLogGroup"
  std::string arn_output;   // Output: the function's ARN, e.g. "HelloFunctionArn"
  std::string name_output;  // Output: the deployed name, e.g. "HelloFunctionName"
};
FunctionLogicalIds LogicalIdsOf(std::string_view function_name);

/// Runs Validate(service) (service/validate.hpp), then builds, per function:
///  * AWS::Lambda::Function: Runtime provided.al2023, Handler = the declared
///    name, Code from the two artifact parameters, FunctionName
///    `${AWS::StackName}-<name>`, memory, timeout, environment, architecture,
///    reserved concurrency, ephemeral storage, tracing, sorted tags, Role;
///    DependsOn its log group, so the group (with its retention) exists
///    before the function can log;
///  * AWS::Logs::LogGroup `/aws/lambda/${AWS::StackName}-<name>` with its
///    retention, DeletionPolicy Delete;
///  * AWS::IAM::Role (unless an existing role ARN is given) that Lambda may
///    assume, with one least-privilege inline policy: CreateLogStream and
///    PutLogEvents on its own log group only, each user privilege as one
///    Allow statement exactly as written, X-Ray writes only when tracing is
///    Active; plus the managed policies given. No `*` action unless the user
///    wrote one;
///  * outputs: the function's ARN and its deployed name.
/// The template's Description is the service's. Finally the template itself
/// is validated (Template::Validate), which catches user-written intrinsics
/// that refer to nothing.
/// Errors: "InvalidService" (from Validate), "InvalidTemplate",
/// "DuplicateLogicalId".
Result<cfn::Template> Synthesize(const Service& service);

}  // namespace sparta
