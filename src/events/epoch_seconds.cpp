#include "sparta/events/epoch_seconds.hpp"

#include <cmath>
#include <cstdint>

#include "sparta/json/convert.hpp"

namespace sparta::events {

EpochSeconds tag_invoke(json::value_to_tag<EpochSeconds>, const json::value& json) {
  return EpochSeconds{jsonutil::FromJson<double>(json)};
}

void tag_invoke(json::value_from_tag, json::value& out, const EpochSeconds& time) {
  // Integers up to 2^53 are exact in a double; beyond that (or with a
  // fraction) the double is what there is.
  constexpr double kExact = 9007199254740992.0;
  const double s = time.seconds;
  if (std::trunc(s) == s && std::fabs(s) <= kExact) {
    out = static_cast<std::int64_t>(s);
  } else {
    out = s;
  }
}

}  // namespace sparta::events
