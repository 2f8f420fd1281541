#pragma once
// TraceIdEnv: keeps `_X_AMZN_TRACE_ID` equal to the current invocation's
// X-Ray trace header, as Lambda requires of a runtime (SDKs read it).

#include <cstddef>
#include <memory>
#include <string_view>

namespace sparta::runtime::internal {

/// setenv() would leak: glibc keeps every value it ever allocated for an
/// environment variable, and each invocation brings a new trace id. So the
/// variable points (putenv) at a buffer owned here, rewritten in place.
/// Not thread-safe; other threads reading the environment while Set runs may
/// see a partly written value (the loop calls Set between invocations).
class TraceIdEnv {
 public:
  static constexpr std::string_view kName = "_X_AMZN_TRACE_ID";

  TraceIdEnv() = default;
  ~TraceIdEnv();  // unsets the variable if it still points at our buffer
  TraceIdEnv(const TraceIdEnv&) = delete;
  TraceIdEnv& operator=(const TraceIdEnv&) = delete;

  /// Sets the variable to `trace_id`, or unsets it when `trace_id` is empty.
  void Set(std::string_view trace_id);

 private:
  std::unique_ptr<char[]> buffer_;  // "_X_AMZN_TRACE_ID=<value>\0"
  size_t capacity_ = 0;
};

}  // namespace sparta::runtime::internal
