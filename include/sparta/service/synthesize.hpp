#pragma once
// Synthesize(): turns a declared Service into its CloudFormation template.
// Pure and deterministic: no clock, no randomness, no network; the same
// Service always gives a byte-identical template, and a function's resources
// do not depend on the order functions were declared in.

#include <string>
#include <string_view>
#include <vector>

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

/// The environment variable that carries a function's discovery document
/// (see sparta/runtime/discovery.hpp).
inline constexpr std::string_view kDiscoveryVariable = "SPARTA_DISCOVERY";

/// The logical IDs Synthesize() gives a function's resources (see
/// docs/logical-ids.md). `role` is used only when Sparta creates it.
struct FunctionLogicalIds {
  std::string function;   // AWS::Lambda::Function, e.g. "HelloFunction"
  std::string role;       // AWS::IAM::Role, e.g. "HelloRole"
  std::string log_group;  // AWS::Logs::LogGroup, e.g. "HelloLogGroup"
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
///  * AWS::IAM::Role (unless an existing role ARN is given; one per
///    SharedRole for all its functions) that Lambda may assume, with one
///    least-privilege inline policy: CreateLogStream and PutLogEvents on its
///    own log group only, X-Ray writes only when tracing is Active, each
///    event source's privileges on that source's ARN, each user privilege
///    as one Allow statement exactly as written (a statement once); plus the
///    managed policies given. Statements naming a bucket the function reacts
///    to go into an AWS::IAM::Policy of their own. No `*` action unless the
///    user wrote one;
///  * for each event source (service/event_sources.hpp): its permission,
///    mapping, subscription, rule, filter or receipt rule, or the entries in
///    its bucket's notification configuration (an existing bucket's: one
///    Custom::SpartaS3BucketNotifications each, served by the function
///    SpartaS3BucketNotificationsProvider that AllFunctions() adds);
///  * with `dependencies`, the environment variable SPARTA_DISCOVERY: a
///    Fn::Sub JSON document that CloudFormation resolves to the stack's
///    identity and each dependency's Ref value, type and attributes. When
///    it would push the environment over Lambda's 4 KB and the service sets
///    `discovery_from_stack`, the document goes into the function's
///    Metadata ("SpartaDiscovery") instead, the environment gets
///    SPARTA_DISCOVERY_FROM_STACK (stack name and logical ID), and the role
///    may call cloudformation:DescribeStackResource on this stack.
/// No outputs are added for functions (`call` finds a function through the
/// stack's resources), so a service's outputs are all its own.
/// The service's parameters, mappings, conditions, resources and outputs are
/// added as declared. The template's Description is the service's. Finally
/// the template is validated (Template::Validate), which catches intrinsics
/// that refer to nothing, and checked against CloudFormation's quotas
/// (Template::CheckQuotas).
/// Errors: "InvalidService" (from Validate), "InvalidTemplate",
/// "DuplicateLogicalId", "TemplateQuota".
Result<cfn::Template> Synthesize(const Service& service);

/// The functions whose discovery document is served from the stack (see
/// above), by name, in declaration order: what `build` reports.
std::vector<std::string> FunctionsWithDiscoveryFromStack(const Service& service);

}  // namespace sparta
