#pragma once
// DeleteStack: removes a service's CloudFormation stack and waits until it
// is gone; optionally also the artifacts Provision uploaded for it.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/session.hpp"
#include "sparta/deploy/progress.hpp"
#include "sparta/util/result.hpp"

namespace sparta::deploy {

struct DeleteOptions {
  /// Also delete every object under "sparta/<stack>/" in the bucket named by
  /// the stack's ArtifactS3Bucket parameter, once the stack is gone.
  bool delete_artifacts = false;
  std::chrono::milliseconds poll_interval{5000};
  /// Longest wait for another operation on the stack, and for the deletion.
  std::chrono::milliseconds wait_timeout{std::chrono::minutes(60)};
};

struct DeleteResult {
  std::string stack_name;
  bool existed = false;      // false: there was no such stack; nothing was done
  std::string stack_id;      // the deleted stack's ARN
  std::string final_status;  // "DELETE_COMPLETE" when it existed
  std::string region;
  std::string bucket;                          // the artifact bucket, when known
  std::vector<std::string> artifacts_deleted;  // keys (with delete_artifacts)
  std::chrono::milliseconds elapsed{0};
};

/// Deletes the stack `stack_name` and waits (polling by StackId) until it is
/// DELETE_COMPLETE, streaming its events to `sink`. A stack that does not
/// exist is not an error (`existed == false`). A stack in the middle of
/// another operation is waited for first (at most `wait_timeout`).
///
/// Failure: "StackDeleteFailed" for DELETE_FAILED (the message lists each
/// resource that could not be deleted with its reason, and what to do;
/// artifacts are then kept), "Timeout", or AWS's error verbatim.
Result<DeleteResult> DeleteStack(const aws::Session& session, std::string_view stack_name,
                                 const DeleteOptions& options, ProgressSink& sink);

}  // namespace sparta::deploy
