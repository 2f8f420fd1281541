// Provision: S3 upload, then the stack, created with CreateStack or updated
// through a change set (see provision_stack.cpp), with the request checked
// first.

#include "sparta/deploy/provision.hpp"

#include <algorithm>
#include <cctype>

#include "sparta/service/synthesize.hpp"

#include "deploy/provision_internal.hpp"
#include "deploy/provision_stack.hpp"
#include "deploy/provision_template.hpp"
#include "deploy/upload_artifacts.hpp"

namespace sparta::deploy {

std::string DefaultArtifactBucket(std::string_view account, std::string_view region) {
  return "sparta-artifacts-" + std::string(account) + "-" + std::string(region);
}

std::string ArtifactPrefix(std::string_view stack_name) {
  return "sparta/" + std::string(stack_name) + "/";
}

std::string_view ProvisionOutcomeName(ProvisionOutcome outcome) {
  switch (outcome) {
    case ProvisionOutcome::kCreated:
      return "created";
    case ProvisionOutcome::kUpdated:
      return "updated";
    case ProvisionOutcome::kNoChanges:
      return "no-changes";
    case ProvisionOutcome::kPlanned:
      return "planned";
  }
  return "no-changes";
}

Result<ProvisionResult> Provision(const aws::Session& session, const BuildOutput& build,
                                  const ProvisionRequest& request, ProgressSink& sink) {
  auto clients = detail::OpenDeployClients(session);
  if (!clients) return clients.error();
  return detail::ProvisionWith(*clients, build, request, sink);
}

namespace detail {

Status ValidateStackName(std::string_view name) {
  const bool valid =
      !name.empty() && name.size() <= 128 && std::isalpha(static_cast<unsigned char>(name[0])) &&
      std::all_of(name.begin(), name.end(),
                  [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
  if (valid) return {};
  std::string message = "\"";
  message.append(name);
  message +=
      "\" is not a valid stack name: use a letter, then letters, digits and '-', at most "
      "128 characters";
  return MakeError("InvalidArgument", std::move(message));
}

namespace {

Status ValidateRequest(const ProvisionRequest& request) {
  if (auto name = ValidateStackName(request.stack_name); !name) return name;
  if (request.poll_interval.count() <= 0 || request.wait_timeout.count() <= 0) {
    return MakeError("InvalidArgument", "poll_interval and wait_timeout must be positive");
  }
  return {};
}

Status CheckReservedParameters(const std::vector<KeyValue>& parameters) {
  for (const KeyValue& kv : parameters) {
    if (kv.key == kArtifactBucketParameter || kv.key == kArtifactKeyParameter) {
      return MakeError("InvalidArgument",
                       "parameter " + kv.key +
                           " is set by provision (it locates the uploaded code); leave it out "
                           "(choose the bucket with --s3-bucket)");
    }
  }
  return {};
}

}  // namespace

Result<ProvisionResult> ProvisionWith(const DeployClients& clients, const BuildOutput& build,
                                      const ProvisionRequest& request, ProgressSink& sink) {
  const auto started = clients.Now();
  const Reporter reporter(sink);
  if (auto valid = ValidateRequest(request); !valid) return valid.error();
  auto facts = InspectTemplate(build.template_json);
  if (!facts) return facts.error();
  auto parameters = ParseKeyValues(request.parameters, "parameter");
  if (!parameters) return parameters.error();
  if (auto reserved = CheckReservedParameters(*parameters); !reserved) return reserved.error();
  auto tags = ParseKeyValues(request.tags, "tag");
  if (!tags) return tags.error();

  ProvisionResult result;
  result.stack_name = request.stack_name;
  result.region = clients.region;

  reporter.StepStarted(kStepIdentity, "checking credentials");
  auto identity = clients.sts.GetCallerIdentity();
  if (!identity) {
    return WithContext(identity.error(),
                       "cannot tell which AWS account to deploy to (sts:GetCallerIdentity); "
                       "check your credentials, profile and region");
  }
  result.account = identity->account;
  reporter.StepFinished(kStepIdentity, "account " + identity->account + " (" + identity->arn +
                                           "), region " + clients.region);

  result.bucket = request.bucket.empty() ? DefaultArtifactBucket(result.account, clients.region)
                                         : request.bucket;
  auto bucket_exists =
      EnsureBucket(clients, result.bucket, request.bucket.empty(), request.noop, reporter);
  if (!bucket_exists) return bucket_exists.error();

  const ArtifactKeys keys = KeysFor(request.stack_name, build);
  result.code_key = keys.code_key;
  result.template_key = keys.template_key;
  auto uploads =
      UploadArtifacts(clients, build, result.bucket, keys, request.noop, *bucket_exists, reporter);
  if (!uploads) return uploads.error();
  result.uploads = std::move(*uploads);
  for (const UploadReport& upload : result.uploads) result.bytes_uploaded += upload.bytes;

  StackInputs inputs;
  inputs.stack_name = request.stack_name;
  inputs.bucket = result.bucket;
  inputs.keys = keys;
  inputs.template_stored = !result.uploads.back().planned;
  inputs.template_json = &build.template_json;
  inputs.facts = std::move(*facts);
  inputs.parameters = std::move(*parameters);
  inputs.tags = std::move(*tags);
  inputs.noop = request.noop;
  inputs.wait = WaitOptions{request.poll_interval, request.wait_timeout};
  StackProvisioner provisioner(clients, inputs, reporter);
  auto finish = [&]() -> Result<ProvisionResult> {
    result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clients.Now() - started);
    return std::move(result);
  };

  if (request.noop) {
    auto state = provisioner.Prepare();
    if (!state) return state.error();
    if (auto planned = provisioner.Plan(*state, result); !planned) return planned.error();
    return finish();
  }
  // CloudFormation serialises operations on a stack; when another one got
  // in the way, wait for the stack to settle (Prepare) and try once more.
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto state = provisioner.Prepare();
    if (!state) return state.error();
    auto applied = provisioner.Apply(*state, result);
    if (!applied) return applied.error();
    if (*applied) return finish();
    if (attempt == 0) {
      const Error& conflict = provisioner.conflict();
      const std::string cause = conflict.message.find(conflict.code) == std::string::npos
                                    ? conflict.code + ": " + conflict.message
                                    : conflict.message;
      reporter.Notice(kStepStack, "another operation on stack " + request.stack_name +
                                      " got in the way (" + cause +
                                      "); trying once more when the stack has settled");
    }
  }
  const Error& conflict = provisioner.conflict();
  return Error{conflict.code, "provision of stack " + request.stack_name +
                                  " gave up: other operations on it got in the way twice (" +
                                  conflict.message +
                                  "); wait until they end (sparta status) and provision again"};
}

}  // namespace detail
}  // namespace sparta::deploy
