#include "runtime/trace_id_env.hpp"

#include <cstdlib>
#include <cstring>

namespace sparta::runtime::internal {
namespace {
constexpr char kVariable[] = "_X_AMZN_TRACE_ID";
constexpr size_t kPrefix = sizeof kVariable;  // the name and its '='
}  // namespace

TraceIdEnv::~TraceIdEnv() {
  if (buffer_ != nullptr && ::getenv(kVariable) == buffer_.get() + kPrefix) ::unsetenv(kVariable);
}

void TraceIdEnv::Set(std::string_view trace_id) {
  const char* current = ::getenv(kVariable);
  if (trace_id.empty()) {
    if (current != nullptr) ::unsetenv(kVariable);
    return;
  }
  std::unique_ptr<char[]> retired;
  size_t needed = kPrefix + trace_id.size() + 1;
  if (needed > capacity_) {
    size_t capacity = needed < 256 ? 256 : needed;
    auto grown = std::make_unique<char[]>(capacity);
    std::memcpy(grown.get(), kVariable, kPrefix - 1);
    grown[kPrefix - 1] = '=';
    retired = std::move(buffer_);  // freed once the environment no longer points at it
    buffer_ = std::move(grown);
    capacity_ = capacity;
  }
  std::memcpy(buffer_.get() + kPrefix, trace_id.data(), trace_id.size());
  buffer_[kPrefix + trace_id.size()] = '\0';
  if (current != buffer_.get() + kPrefix) ::putenv(buffer_.get());
}

}  // namespace sparta::runtime::internal
