#include "runtime/throw_trace.hpp"

#include <execinfo.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace sparta::runtime::internal {
namespace {

struct Record {
  const void* object;
  const std::type_info* type;
  ThrowTrace trace;
};

// A few slots so that exceptions thrown and caught while another one is in
// flight (in destructors, nested handlers) do not overwrite its trace.
constexpr int kSlots = 4;
struct Ring {
  Record records[kSlots];
  unsigned next;
};
thread_local Ring ring;  // trivially constructible: no TLS init guard

}  // namespace

void RecordThrow(const void* object, const std::type_info* type,
                 const void* thrower_return) noexcept {
  Record& r = ring.records[ring.next % kSlots];
  ++ring.next;
  r.object = object;
  r.type = type;
  // Capture a little more than we keep, then start at the thrower: the
  // frames before it are ours (and, under sanitizers, a backtrace
  // interceptor), however many the compiler and runtime put there.
  constexpr int kSlack = 4;
  void* frames[ThrowTrace::kMaxFrames + kSlack];
  int n = ::backtrace(frames, ThrowTrace::kMaxFrames + kSlack);
  int first = 0;
  while (first < n && first < kSlack && frames[first] != thrower_return) ++first;
  if (first == n || first == kSlack) first = 0;  // not found: keep everything
  int count = n - first;
  if (count > ThrowTrace::kMaxFrames) count = ThrowTrace::kMaxFrames;
  std::memcpy(r.trace.frames, frames + first, static_cast<size_t>(count) * sizeof(void*));
  r.trace.count = count;
}

bool FindThrowTrace(const void* object, const std::type_info* type, ThrowTrace* out) noexcept {
  for (int age = 1; age <= kSlots && static_cast<unsigned>(age) <= ring.next; ++age) {
    const Record& r = ring.records[(ring.next - static_cast<unsigned>(age)) % kSlots];
    bool match = object != nullptr ? r.object == object
                                   : (type != nullptr && r.type != nullptr && *r.type == *type);
    if (match) {
      *out = r.trace;
      return true;
    }
  }
  return false;
}

}  // namespace sparta::runtime::internal

// With -Wl,--wrap=__cxa_throw the linker sends every reference to
// __cxa_throw here and binds __real___cxa_throw to the real one. The
// reference is weak so programs linked without the flag still link (this
// function is then never called). The real __cxa_throw sits in the same
// libsupc++ object as __cxa_rethrow, which the runtime always references
// (DescribeCurrentException's `throw;`), so a static link always has it.
extern "C" {
[[noreturn]] void __real___cxa_throw(void* object, std::type_info* type, void (*destroy)(void*))
    __attribute__((weak));

[[noreturn]] __attribute__((noinline)) void __wrap___cxa_throw(void* object, std::type_info* type,
                                                               void (*destroy)(void*)) {
  sparta::runtime::internal::RecordThrow(object, type, __builtin_return_address(0));
  if (&__real___cxa_throw == nullptr) {
    static const char kMessage[] =
        "sparta: __cxa_throw is wrapped but the real one is not linked; aborting\n";
    (void)!::write(2, kMessage, sizeof kMessage - 1);
    std::abort();
  }
  __real___cxa_throw(object, type, destroy);
}
}
