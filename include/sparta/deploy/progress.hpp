#pragma once
// Progress of the deploy operations (Provision, DeleteStack): a stream of
// plain values that the caller renders (a TTY progress line, plain lines,
// JSON lines). The deploy layer never prints.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"

namespace sparta::deploy {

/// The steps an operation goes through, as `ProgressEvent::step`. Stable
/// names, meant for programs (JSON lines) as well as humans.
inline constexpr std::string_view kStepIdentity = "identity";     // sts:GetCallerIdentity
inline constexpr std::string_view kStepBucket = "bucket";         // the artifact bucket
inline constexpr std::string_view kStepUpload = "upload";         // code zip and template
inline constexpr std::string_view kStepStack = "stack";           // the stack's current state
inline constexpr std::string_view kStepChangeSet = "change-set";  // an update's change set
inline constexpr std::string_view kStepExecute = "execute";       // create, or run it; wait
inline constexpr std::string_view kStepDelete = "delete";         // delete a stack and wait
inline constexpr std::string_view kStepArtifacts = "artifacts";   // delete uploaded objects

enum class ProgressKind {
  kStepStarted,   // `step`, `message`: e.g. "uploading to bucket sparta-artifacts-..."
  kStepFinished,  // `step`, `message`: e.g. "2 objects, 1.2 MiB uploaded"
  kUpload,        // `upload`: one object uploaded, skipped or (noop) planned
  kChanges,       // `changes`: what a change set (or, for a new stack, the template) does
  kStackEvent,    // `stack_event`: one new CloudFormation event, oldest first, each once
  kWaiting,       // `message`: what is being waited for and why
  kNotice,        // `message`: something done on the user's behalf, or worth knowing
};

/// "step_started", "step_finished", "upload", "changes", "stack_event",
/// "waiting", "notice".
std::string_view ProgressKindName(ProgressKind kind);

/// One S3 object of a deploy.
struct UploadReport {
  std::string bucket{};
  std::string key{};
  uint64_t bytes = 0;    // sent; 0 when skipped or planned
  uint64_t size = 0;     // the object's size
  bool skipped = false;  // already stored with the same SHA-256: not sent again
  bool planned = false;  // noop: would be uploaded, nothing was sent
};

/// One resource change, from a change set (or the template, for a stack that
/// does not exist yet: every resource is an "Add").
struct PlannedChange {
  std::string action{};  // "Add" | "Modify" | "Remove" | "Import" | "Dynamic"
  std::string logical_id{};
  std::string resource_type{};
  std::string physical_id{};  // empty for "Add"
  std::string replacement{};  // "True" | "False" | "Conditional" for "Modify", else empty
};

struct ProgressEvent {
  ProgressKind kind = ProgressKind::kNotice;
  std::string_view step{};  // one of the kStep* names
  std::string message{};
  UploadReport upload{};                          // kUpload
  std::vector<PlannedChange> changes{};           // kChanges
  aws::cloudformation::StackEvent stack_event{};  // kStackEvent
};

/// Receives the events of one operation, in order, on the thread that called
/// the operation. Implementations must not throw.
class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void OnEvent(const ProgressEvent& event) = 0;
};

/// Discards every event.
class NullProgressSink final : public ProgressSink {
 public:
  void OnEvent(const ProgressEvent&) override {}
};

}  // namespace sparta::deploy
