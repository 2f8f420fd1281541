#pragma once
// OrThrow: a Result's value in a handler, or a FunctionError that Lambda
// reports with the Error's code as `errorType` (e.g. "NoSuchBucket",
// "ConditionalCheckFailedException") and its message. Library calls return
// Result; handlers report failures by throwing, and this is the bridge.

#include <utility>

#include "sparta/runtime/function_error.hpp"
#include "sparta/util/result.hpp"

namespace sparta::runtime {

template <class T>
T OrThrow(Result<T>&& result) {
  if (!result.ok()) throw FunctionError(result.error().code, result.error().message);
  return std::move(result).value();
}

template <class T>
const T& OrThrow(const Result<T>& result) {
  if (!result.ok()) throw FunctionError(result.error().code, result.error().message);
  return result.value();
}

inline void OrThrow(const Result<void>& status) {
  if (!status.ok()) throw FunctionError(status.error().code, status.error().message);
}

// A Status returned by a call (an rvalue) would otherwise pick the template.
inline void OrThrow(Result<void>&& status) { OrThrow(static_cast<const Result<void>&>(status)); }

}  // namespace sparta::runtime

namespace sparta {
using runtime::OrThrow;
}  // namespace sparta
