#pragma once
// Provision: uploads a built service (code zip + template) to S3, then
// creates its CloudFormation stack, or updates it through a change set,
// waiting for the stack to settle and reporting progress as it goes.
//
// **Example**:
//   auto session = aws::Session::Open({});
//   auto built = BuildService(service, bootstrap, ".sparta");
//   NullProgressSink sink;
//   auto result = Provision(**session, *built, {.stack_name = service.name}, sink);
//   if (!result) return result.error();   // says what failed and what to do

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"
#include "sparta/aws/session.hpp"
#include "sparta/deploy/build_service.hpp"
#include "sparta/deploy/progress.hpp"
#include "sparta/util/result.hpp"

namespace sparta::deploy {

/// Templates up to this size go to CloudFormation inline (TemplateBody);
/// larger ones by their S3 URL (TemplateURL).
inline constexpr std::size_t kMaxTemplateBodyBytes = 51200;

struct ProvisionRequest {
  /// The stack: the service's name, or "<name>-<stage>". A letter, then
  /// letters, digits and '-', at most 128 characters.
  std::string stack_name;
  /// The artifact bucket. Empty: "sparta-artifacts-<account>-<region>",
  /// created when missing. A named bucket must exist, in the session's region.
  std::string bucket;
  /// Template parameters, each "KEY=VALUE" (the value may be empty or hold
  /// '='). ArtifactS3Bucket and ArtifactS3Key are Provision's own. On an
  /// update, template parameters not given keep the stack's current values.
  std::vector<std::string> parameters;
  /// Stack tags, each "KEY=VALUE".
  std::vector<std::string> tags;
  /// Plan only: read everything, write nothing (no upload, no bucket, no
  /// stack change); for an existing stack an UPDATE change set is created,
  /// described and deleted again, for a new one the template's resources are
  /// listed.
  bool noop = false;
  /// Between two polls of a change set or stack. ~200 ms suits a local endpoint.
  std::chrono::milliseconds poll_interval{5000};
  /// Longest wait for any one thing: another deploy to finish, a change set
  /// to be computed, the stack to settle.
  std::chrono::milliseconds wait_timeout{std::chrono::minutes(60)};
};

enum class ProvisionOutcome {
  kCreated,    // the stack was created (CREATE_COMPLETE)
  kUpdated,    // the stack was updated (UPDATE_COMPLETE)
  kNoChanges,  // nothing differed: the stack was not touched
  kPlanned,    // noop: `changes` says what a provision would do
};

/// "created", "updated", "no-changes", "planned".
std::string_view ProvisionOutcomeName(ProvisionOutcome outcome);

struct ProvisionResult {
  ProvisionOutcome outcome = ProvisionOutcome::kNoChanges;
  std::string stack_name;
  std::string stack_id;      // empty when the stack does not exist (a noop plan)
  std::string stack_status;  // the final status; for a plan, the current one ("" when absent)
  std::string region;
  std::string account;
  std::string bucket;
  std::string code_key;      // sparta/<stack>/<sha256>.zip
  std::string template_key;  // sparta/<stack>/<sha256>-cftemplate.json
  std::vector<aws::cloudformation::Output> outputs;
  std::vector<UploadReport> uploads;  // the zip, then the template
  uint64_t bytes_uploaded = 0;
  /// kUpdated, and kPlanned for an existing stack: the change set's changes.
  /// kCreated, and kPlanned for a stack that does not exist (or must be
  /// re-created): every resource of the template as "Add". Empty for kNoChanges.
  std::vector<PlannedChange> changes;
  /// For a plan: what a provision would do besides `changes`, e.g. "the
  /// stack is ROLLBACK_COMPLETE and would be deleted first". Empty otherwise.
  std::vector<std::string> plan_notes;
  std::chrono::milliseconds elapsed{0};
};

/// Uploads `build`'s zip and template under content-addressed keys (skipping
/// objects already stored with the same SHA-256), then creates the stack
/// (CreateStack, rolling back on failure) when it does not exist, or else
/// creates an UPDATE change set and executes it; either way it waits until
/// the stack settles, streaming the stack's events to `sink`.
///
/// Success: kCreated / kUpdated with the stack's outputs; kNoChanges when
/// the change set held no changes (it is deleted, and the stack is left as
/// it was); kPlanned for `request.noop`.
///
/// Before creating: a stack left in ROLLBACK_COMPLETE (or another state that
/// only deletion leaves) is deleted first, and so is an empty
/// REVIEW_IN_PROGRESS stack (what a CREATE change set made elsewhere leaves;
/// one whose change set is ready is first given a while to be executed). A
/// stack being changed by someone else is waited for (at most
/// `wait_timeout`). If CloudFormation answers that another operation got in
/// the way (e.g. another provision created the stack first), Provision waits
/// for the stack to settle and tries once more, then as an update.
///
/// Failure: an Error whose code is AWS's own (verbatim, with AWS's message
/// in the text) for a refused call, "StackFailed" when the stack operation
/// failed (after the rollback finished; the message lists each failed
/// resource with its reason, the final status and what to do),
/// "ChangeSetFailed", "Timeout", "StackBusy", "InvalidArgument" (a bad
/// request), "InvalidTemplate", "BucketRegionMismatch", "Io" (the zip cannot
/// be read or changed since the build). A change set Provision created and
/// could not execute is deleted again. A failed create is left rolled back
/// (ROLLBACK_COMPLETE, its events readable); the next Provision deletes it
/// before creating. When CloudFormation refused CreateStack yet a stack of
/// that name exists afterwards (an emulator may fail a resource inside the
/// call and keep the stack), it is left alone and the message says so and
/// how to delete it.
///
/// Thread-safe: concurrent calls (even for the same stack) are allowed;
/// CloudFormation serialises them and each ends in success or a clear error.
Result<ProvisionResult> Provision(const aws::Session& session, const BuildOutput& build,
                                  const ProvisionRequest& request, ProgressSink& sink);

/// "sparta-artifacts-<account>-<region>".
std::string DefaultArtifactBucket(std::string_view account, std::string_view region);
/// "sparta/<stack>/": every object Provision uploads for the stack is under it.
std::string ArtifactPrefix(std::string_view stack_name);

}  // namespace sparta::deploy
