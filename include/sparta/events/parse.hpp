#pragma once
// Reading an event from its text outside a typed handler (which converts
// its event itself, runtime/handler.hpp): a raw handler, a test, a tool.

#include <string_view>

#include "sparta/json/convert.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/result.hpp"

namespace sparta::events {

/// `text` parsed as JSON and converted to T (json/convert.hpp's rules).
/// Errors: "InvalidJson" naming the line and column, "ConversionError"
/// naming the JSON path ("$.Records[0].messageId: expected a string, got 1").
///
/// **Example**:
///   auto event = sparta::events::Parse<sparta::events::SqsEvent>(payload);
///   if (!event) return event.error();
template <class T>
Result<T> Parse(std::string_view text) {
  auto json = jsonutil::Parse(text, "the event");
  if (!json) return json.error();
  return jsonutil::TryFromJson<T>(*json);
}

}  // namespace sparta::events
