#include "sparta/events/kinesis.hpp"

#include <string>
#include <utility>

#include "sparta/util/base64.hpp"

namespace sparta::events {

Result<std::string> KinesisRecord::DecodedData() const {
  auto bytes = util::Base64Decode(data);
  if (!bytes) {
    return MakeError("InvalidBase64", "the data of Kinesis record " + sequenceNumber +
                                          " is not base64 (" + std::to_string(data.size()) +
                                          " characters)");
  }
  return std::move(*bytes);
}

}  // namespace sparta::events
