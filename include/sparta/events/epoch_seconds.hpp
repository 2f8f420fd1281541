#pragma once
// A time that an event carries as a JSON number of seconds since the Unix
// epoch, such as DynamoDB Streams' ApproximateCreationDateTime.

#include "sparta/json/json.hpp"

namespace sparta::events {

/// DynamoDB sends whole seconds (1480642020), but the field is a JSON number
/// and a fraction is accepted and kept. Written back as an integer when the
/// value is whole, else as a double, so a parsed event serializes as it
/// came.
struct EpochSeconds {
  double seconds = 0;

  friend bool operator==(const EpochSeconds&, const EpochSeconds&) = default;
};

/// json/convert.hpp's hooks. value_to throws jsonutil::ConversionError for
/// anything but a number.
EpochSeconds tag_invoke(json::value_to_tag<EpochSeconds>, const json::value& json);
void tag_invoke(json::value_from_tag, json::value& out, const EpochSeconds& time);

}  // namespace sparta::events
