#pragma once
// Helpers shared by the runtime loop tests.

#include <string>
#include <vector>

#include "sparta/json/json.hpp"

#include "runtime/endpoint.hpp"
#include "runtime/loop.hpp"
#include "runtime/mock_runtime_api.hpp"

namespace sparta::runtime::testing {

/// Runs the loop in this thread against `api` until the script runs out.
inline int RunLoopAgainst(MockRuntimeApi& api, const std::string& handler_name,
                          const std::vector<NamedHandler>& handlers) {
  internal::LoopOptions options;
  options.endpoint = *internal::ParseEndpoint(api.address());
  options.handler_name = handler_name;
  options.next_attempts = 2;
  options.retry_delay = std::chrono::milliseconds(0);
  return internal::RunLoop(options, handlers);
}

/// The recorded requests whose target ends with `suffix`.
inline std::vector<RecordedRequest> Filter(const std::vector<RecordedRequest>& all,
                                           const std::string& suffix) {
  std::vector<RecordedRequest> out;
  for (const auto& r : all) {
    if (r.target.ends_with(suffix)) out.push_back(r);
  }
  return out;
}

inline json::object ParseObject(const std::string& text) { return json::parse(text).as_object(); }

/// True when some stackTrace entry contains `needle`.
inline bool StackMentions(const json::object& error, const std::string& needle) {
  for (const auto& frame : error.at("stackTrace").as_array()) {
    if (std::string(frame.as_string()).find(needle) != std::string::npos) return true;
  }
  return false;
}

inline std::string StackText(const json::object& error) {
  std::string text;
  for (const auto& frame : error.at("stackTrace").as_array()) {
    text += std::string(frame.as_string()) + "\n";
  }
  return text;
}

}  // namespace sparta::runtime::testing
