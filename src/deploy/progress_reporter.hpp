#pragma once
// Reporter: the deploy operations' one way to talk to a ProgressSink.

#include <string>
#include <string_view>
#include <vector>

#include "sparta/deploy/progress.hpp"

namespace sparta::deploy::detail {

class Reporter {
 public:
  explicit Reporter(ProgressSink& sink) : sink_(sink) {}

  void StepStarted(std::string_view step, std::string message) const;
  void StepFinished(std::string_view step, std::string message) const;
  void Upload(const UploadReport& upload) const;
  void Changes(std::string_view step, std::string message,
               const std::vector<PlannedChange>& changes) const;
  void StackEvent(std::string_view step, const aws::cloudformation::StackEvent& event) const;
  void Waiting(std::string_view step, std::string message) const;
  void Notice(std::string_view step, std::string message) const;

 private:
  void Emit(ProgressEvent event) const { sink_.OnEvent(event); }
  ProgressSink& sink_;
};

/// "1.2 MiB", "512 B".
std::string HumanBytes(uint64_t bytes);

}  // namespace sparta::deploy::detail
