#pragma once
// Result<T>: the value-or-error return type at Sparta's library boundaries.
//
// Library code (template synthesis, packaging, the Runtime API client, ...)
// reports failures as values, not exceptions. An Error carries a short
// machine-readable code and a message meant for a human: it says what was
// wrong and, where possible, what to do about it.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace sparta {

struct Error {
  std::string code;     // e.g. "InvalidTemplate", "Io"; stable, for programs
  std::string message;  // for humans: what was wrong, what to do
};

/// Holds either a T or an Error. Accessing the wrong alternative is a bug
/// (asserted in debug builds).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { assert(!ok()); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

/// Success or an Error, with nothing to return.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { assert(!ok_); return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Error MakeError(std::string code, std::string message) {
  return Error{std::move(code), std::move(message)};
}

}  // namespace sparta
