#pragma once
// ErrorReport: an invocation or init failure as Lambda wants it reported.
//
// Error types (documented choice):
//   * body `errorType`: FunctionError::error_type() when the handler threw a
//     FunctionError; otherwise the demangled dynamic C++ type of the exception
//     (`std::runtime_error`, `MyApp::NotFound`, `int` for `throw 42`); the
//     runtime's own failures use `Runtime.<Reason>` (Runtime.UnmarshalError,
//     Runtime.NoSuchHandler).
//   * header/trailer `Lambda-Runtime-Function-Error-Type` (the category Lambda
//     and its metrics understand, filtered by Lambda as
//     `(Runtime|Function)\.[A-Z][a-zA-Z]+`): the errorType itself when it
//     already has that shape, else `Function.Unhandled` (the handler let an
//     exception escape, which is what Lambda calls an unhandled error).

#include <string>
#include <string_view>
#include <vector>

namespace sparta::runtime::internal {

struct ErrorReport {
  std::string error_type;                // JSON `errorType`
  std::string error_message;             // JSON `errorMessage`
  std::vector<std::string> stack_trace;  // JSON `stackTrace`, innermost frame first
  std::string category;                  // Lambda-Runtime-Function-Error-Type
};

/// True when `type` is `Runtime.X` or `Function.X` with X = [A-Z][a-zA-Z]+.
bool IsErrorCategory(std::string_view type);

/// `type` when IsErrorCategory(type), else "Function.Unhandled".
std::string ErrorCategory(std::string_view type);

/// A report whose type is ours (a `Runtime.*` category), without a stack.
ErrorReport RuntimeError(std::string type, std::string message);

/// Describes the exception being handled: FunctionError, any std::exception,
/// or a non-std value (named through abi::__cxa_current_exception_type()),
/// with the throw site's stack when the program is linked with
/// `-Wl,--wrap=__cxa_throw` (empty otherwise), cut where the runtime's own
/// loop frames begin. Symbolizes the frames, so it is meant for the error
/// path only.
/// REQUIRES: called inside a catch block.
ErrorReport DescribeCurrentException();

/// `{"errorMessage":...,"errorType":...,"stackTrace":[...]}`; malformed
/// UTF-8 in any of them is replaced by U+FFFD, so it is always valid JSON.
std::string ErrorReportJson(const ErrorReport& report);

}  // namespace sparta::runtime::internal
