#pragma once
// ThrowTrace: the stack of the place an exception was thrown from.
//
// When a program is linked with `-Wl,--wrap=__cxa_throw` every `throw` goes
// through our __wrap___cxa_throw (throw_trace.cpp), which records the
// throwing thread's return addresses (glibc backtrace(), no symbolization)
// in a small per-thread ring before throwing for real. Without the flag
// nothing is recorded and lookups simply find nothing.

#include <typeinfo>

namespace sparta::runtime::internal {

struct ThrowTrace {
  static constexpr int kMaxFrames = 64;
  void* frames[kMaxFrames];  // return addresses, innermost first
  int count = 0;
};

/// Records the calling thread's stack for `object` of type `type`, starting
/// at the frame whose return address is `thrower_return` (the throwing
/// function's, as __builtin_return_address(0) gives it in the wrapper).
/// Allocation-free.
void RecordThrow(const void* object, const std::type_info* type,
                 const void* thrower_return) noexcept;

/// Copies into `*out` the newest trace recorded on this thread for the
/// thrown object at `object` (when non-null: the most-derived object address,
/// as `dynamic_cast<const void*>` gives), or else for the newest throw of
/// `type`. Returns false when there is none (program not linked with the
/// wrap flag, or the exception came from another thread or a rethrow of a
/// foreign exception_ptr).
bool FindThrowTrace(const void* object, const std::type_info* type, ThrowTrace* out) noexcept;

}  // namespace sparta::runtime::internal
