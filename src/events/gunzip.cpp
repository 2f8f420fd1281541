#include "events/gunzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <climits>

namespace sparta::events::internal {
namespace {

Error Invalid(std::string_view what, std::string_view problem) {
  std::string message(what);
  message += ": ";
  message.append(problem);
  return MakeError("InvalidGzip", std::move(message));
}

// inflateEnd on every way out.
class Inflater {
 public:
  Inflater() : ok_(inflateInit2(&stream_, 16 + MAX_WBITS) == Z_OK) {}  // 16: gzip only
  ~Inflater() {
    if (ok_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  bool ok() const { return ok_; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  bool ok_;
};

}  // namespace

Result<std::string> Gunzip(std::string_view compressed, std::size_t max_bytes,
                           std::string_view what) {
  const std::string limit = "more than " + std::to_string(max_bytes) + " bytes";
  if (compressed.size() > UINT_MAX) {
    return MakeError("TooLarge", std::string(what) + ": " + std::to_string(compressed.size()) +
                                     " compressed bytes");
  }
  Inflater inflater;
  if (!inflater.ok()) return MakeError("Internal", "zlib inflateInit2 failed");
  z_stream& stream = inflater.stream();
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());

  // Room for max_bytes + 1: producing that one byte more is how "too large"
  // is known, without inflating the rest.
  const std::size_t capacity = max_bytes + 1;
  std::string out;
  std::size_t produced = 0;
  for (;;) {
    if (produced == out.size()) {
      if (out.size() == capacity) {
        return MakeError("TooLarge", std::string(what) + ": decompresses to " + limit);
      }
      const std::size_t grown = std::max<std::size_t>(out.size() * 2, compressed.size() * 4);
      out.resize(std::min(capacity, std::max<std::size_t>(grown, 4096)));
    }
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(std::min<std::size_t>(out.size() - produced, UINT_MAX));
    const uInt room = stream.avail_out;
    const int rc = inflate(&stream, Z_NO_FLUSH);
    produced += room - stream.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR) return Invalid(what, "the gzip data ends early (truncated)");
    if (rc == Z_MEM_ERROR) return MakeError("Internal", std::string(what) + ": out of memory");
    std::string problem = "not valid gzip";
    if (stream.msg != nullptr) {
      problem += " (";
      problem += stream.msg;
      problem += ')';
    }
    return Invalid(what, problem);
  }
  if (produced > max_bytes) {
    return MakeError("TooLarge", std::string(what) + ": decompresses to " + limit);
  }
  if (stream.avail_in != 0) {
    return Invalid(what, std::to_string(stream.avail_in) + " bytes follow the gzip data");
  }
  out.resize(produced);
  return out;
}

}  // namespace sparta::events::internal
