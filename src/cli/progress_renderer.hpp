#pragma once
// Renders deploy progress for humans or programs:
//  * text on a terminal: step lines, and one status line that is rewritten
//    in place as resources change (only failures stay on screen);
//  * text elsewhere (pipes, CI logs): one plain line per event;
//  * json: one JSON object per line on stdout ("JSON lines").

#include <string>

#include "sparta/deploy/progress.hpp"
#include "sparta/json/json.hpp"

namespace sparta::cli {

class ProgressRenderer final : public deploy::ProgressSink {
 public:
  explicit ProgressRenderer(bool json_lines);
  ~ProgressRenderer() override;

  void OnEvent(const deploy::ProgressEvent& event) override;
  /// Clears the transient status line, if any (before printing results).
  void Finish();
  /// In JSON mode, prints `value` as one more line (the operation's result).
  void PrintJsonLine(const json::value& value);

 private:
  void Text(const deploy::ProgressEvent& event);
  void Line(const std::string& text);
  void Status(const std::string& text);

  bool json_;
  bool tty_;
  bool status_shown_ = false;
};

/// JSON forms of the deploy values, shared by the verbs' JSON output.
json::value ToJson(const deploy::UploadReport& upload);
json::value ToJson(const deploy::PlannedChange& change);
json::value ToJson(const aws::cloudformation::StackEvent& event);

}  // namespace sparta::cli
