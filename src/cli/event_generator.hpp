#pragma once
// `invoke`/`call --event-source`: realistic Lambda events for the sources a
// service can react to, built from the typed events (sparta/events), so what
// is generated is what a handler taking that type reads back.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::cli {

/// What to generate: `<source>[:<kind>]` and its `--key value` pairs.
struct EventRequest {
  std::string source;  // "sqs", "s3", "dynamodb", ... (see EventSourcesHelp())
  std::string kind;    // "" for the source's first kind
  std::map<std::string, std::string> values;  // without the leading "--"
};

/// "s3:delete" → {source "s3", kind "delete"}; values from `--key value`
/// pairs (`args` alternate names and values). Errors ("Usage") name what is
/// wrong: a value without a name, a name without a value.
Result<EventRequest> ParseEventRequest(std::string_view source, const std::vector<std::string>& args);

/// The event as JSON text. Errors ("Usage"): an unknown source, kind or key
/// (each listing what there is), a value that is not what the key takes (a
/// number, JSON).
Result<std::string> GenerateEvent(const EventRequest& request);

/// The sources, their kinds and keys with their defaults: for --help and
/// for the errors above.
std::string EventSourcesHelp();

}  // namespace sparta::cli
