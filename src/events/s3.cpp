#include "sparta/events/s3.hpp"

#include <string>

namespace sparta::events {
namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> DecodeObjectKey(std::string_view encoded) {
  std::string out;
  out.reserve(encoded.size());
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '+') {
      out += ' ';
    } else if (c != '%') {
      out += c;
    } else {
      const int high = i + 1 < encoded.size() ? HexDigit(encoded[i + 1]) : -1;
      const int low = i + 2 < encoded.size() ? HexDigit(encoded[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return MakeError("InvalidObjectKey",
                         "S3 object key \"" + std::string(encoded) + "\": \"%\" at offset " +
                             std::to_string(i) + " is not followed by two hex digits");
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

}  // namespace sparta::events
