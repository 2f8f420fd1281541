#pragma once
// ResponseStream: how a streaming handler sends its response in pieces.

#include <string_view>

namespace sparta::runtime {

/// Implemented by the runtime. Each Write is sent to Lambda as one chunk
/// right away. Throwing from the handler after the first Write reports the
/// error in the stream's trailers (Lambda's mid-stream error protocol).
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  /// Sends `bytes` now. Returns false when the connection to Lambda is gone;
  /// further writes are then dropped.
  virtual bool Write(std::string_view bytes) = 0;
};

}  // namespace sparta::runtime
