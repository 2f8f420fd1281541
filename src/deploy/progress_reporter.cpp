#include "deploy/progress_reporter.hpp"

#include <cstdio>

namespace sparta::deploy {

std::string_view ProgressKindName(ProgressKind kind) {
  switch (kind) {
    case ProgressKind::kStepStarted:
      return "step_started";
    case ProgressKind::kStepFinished:
      return "step_finished";
    case ProgressKind::kUpload:
      return "upload";
    case ProgressKind::kChanges:
      return "changes";
    case ProgressKind::kStackEvent:
      return "stack_event";
    case ProgressKind::kWaiting:
      return "waiting";
    case ProgressKind::kNotice:
      return "notice";
  }
  return "notice";
}

namespace detail {

void Reporter::StepStarted(std::string_view step, std::string message) const {
  Emit({.kind = ProgressKind::kStepStarted, .step = step, .message = std::move(message)});
}

void Reporter::StepFinished(std::string_view step, std::string message) const {
  Emit({.kind = ProgressKind::kStepFinished, .step = step, .message = std::move(message)});
}

void Reporter::Upload(const UploadReport& upload) const {
  Emit({.kind = ProgressKind::kUpload, .step = kStepUpload, .upload = upload});
}

void Reporter::Changes(std::string_view step, std::string message,
                       const std::vector<PlannedChange>& changes) const {
  Emit({.kind = ProgressKind::kChanges,
        .step = step,
        .message = std::move(message),
        .changes = changes});
}

void Reporter::StackEvent(std::string_view step,
                          const aws::cloudformation::StackEvent& event) const {
  Emit({.kind = ProgressKind::kStackEvent, .step = step, .stack_event = event});
}

void Reporter::Waiting(std::string_view step, std::string message) const {
  Emit({.kind = ProgressKind::kWaiting, .step = step, .message = std::move(message)});
}

void Reporter::Notice(std::string_view step, std::string message) const {
  Emit({.kind = ProgressKind::kNotice, .step = step, .message = std::move(message)});
}

std::string HumanBytes(uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  const char* units[] = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes);
  int unit = -1;
  while (value >= 1024 && unit < 3) {
    value /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof(text), "%.1f %s", value, units[unit]);
  return text;
}

}  // namespace detail
}  // namespace sparta::deploy
