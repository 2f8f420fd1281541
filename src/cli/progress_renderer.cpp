#include "progress_renderer.hpp"

#include <fmt/core.h>
#include <unistd.h>


namespace sparta::cli {

ProgressRenderer::ProgressRenderer(bool json_lines)
    : json_(json_lines), tty_(!json_lines && ::isatty(STDERR_FILENO) != 0) {}

ProgressRenderer::~ProgressRenderer() { Finish(); }

json::value ToJson(const deploy::UploadReport& u) {
  return {{"bucket", u.bucket}, {"key", u.key},         {"bytes", u.bytes},
          {"size", u.size},     {"skipped", u.skipped}, {"planned", u.planned}};
}

json::value ToJson(const deploy::PlannedChange& c) {
  return {{"action", c.action},
          {"logicalId", c.logical_id},
          {"type", c.resource_type},
          {"physicalId", c.physical_id},
          {"replacement", c.replacement}};
}

json::value ToJson(const aws::cloudformation::StackEvent& e) {
  return {{"timestamp", e.timestamp},
          {"logicalId", e.logical_resource_id},
          {"type", e.resource_type},
          {"status", e.resource_status},
          {"reason", e.resource_status_reason},
          {"physicalId", e.physical_resource_id}};
}

void ProgressRenderer::OnEvent(const deploy::ProgressEvent& event) {
  if (!json_) {
    Text(event);
    return;
  }
  json::object o{{"event", deploy::ProgressKindName(event.kind)}, {"step", event.step}};
  if (!event.message.empty()) o["message"] = event.message;
  switch (event.kind) {
    case deploy::ProgressKind::kUpload:
      o["upload"] = ToJson(event.upload);
      break;
    case deploy::ProgressKind::kChanges: {
      json::array changes;
      for (const auto& c : event.changes) changes.push_back(ToJson(c));
      o["changes"] = std::move(changes);
      break;
    }
    case deploy::ProgressKind::kStackEvent:
      o["stackEvent"] = ToJson(event.stack_event);
      break;
    default:
      break;
  }
  PrintJsonLine(o);
}

void ProgressRenderer::PrintJsonLine(const json::value& value) {
  fmt::print("{}\n", json::serialize(value));
  std::fflush(stdout);
}

void ProgressRenderer::Finish() {
  if (status_shown_) {
    fmt::print(stderr, "\r\033[K");
    status_shown_ = false;
  }
}

void ProgressRenderer::Line(const std::string& text) {
  Finish();
  fmt::print(stderr, "{}\n", text);
}

void ProgressRenderer::Status(const std::string& text) {
  if (!tty_) {
    Line(text);
    return;
  }
  fmt::print(stderr, "\r\033[K{}", text.substr(0, 150));
  std::fflush(stderr);
  status_shown_ = true;
}

void ProgressRenderer::Text(const deploy::ProgressEvent& e) {
  switch (e.kind) {
    case deploy::ProgressKind::kStepStarted:
      Line(fmt::format("==> {}", e.message));
      break;
    case deploy::ProgressKind::kStepFinished:
      if (!e.message.empty()) Line(fmt::format("    {}", e.message));
      break;
    case deploy::ProgressKind::kUpload: {
      const auto& u = e.upload;
      std::string where = "s3://" + u.bucket + "/" + u.key;
      if (u.skipped) {
        Line(fmt::format("    unchanged {} (already stored)", where));
      } else if (u.planned) {
        Line(fmt::format("    would upload {} ({} bytes)", where, u.size));
      } else {
        Line(fmt::format("    uploaded {} ({} bytes)", where, u.bytes));
      }
      break;
    }
    case deploy::ProgressKind::kChanges:
      for (const auto& c : e.changes) {
        std::string replace = c.replacement.empty() ? "" : " (replacement: " + c.replacement + ")";
        Line(fmt::format("    {:<7} {:<40} {}{}", c.action, c.logical_id, c.resource_type, replace));
      }
      break;
    case deploy::ProgressKind::kStackEvent: {
      const auto& s = e.stack_event;
      std::string text = fmt::format("    {:<40} {:<32} {}", s.logical_resource_id,
                                     s.resource_status, s.resource_type);
      if (!s.resource_status_reason.empty()) text += "  " + s.resource_status_reason;
      bool failed = s.resource_status.find("FAILED") != std::string::npos;
      bool stack = s.resource_type == "AWS::CloudFormation::Stack";
      if (failed || stack || !tty_) {
        Line(text);
      } else {
        Status(text);
      }
      break;
    }
    case deploy::ProgressKind::kWaiting:
      Status(fmt::format("    waiting: {}", e.message));
      break;
    case deploy::ProgressKind::kNotice:
      Line(fmt::format("note: {}", e.message));
      break;
  }
}

}  // namespace sparta::cli
