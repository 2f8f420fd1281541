#include "runtime/error_report.hpp"

#include <cxxabi.h>

#include <exception>
#include <typeinfo>

#include "sparta/json/json.hpp"
#include "sparta/runtime/function_error.hpp"
#include "sparta/runtime/handler.hpp"

#include "runtime/symbolizer.hpp"
#include "runtime/throw_trace.hpp"

namespace sparta::runtime::internal {
namespace {

constexpr std::string_view kLoopNamespace = "sparta::runtime::internal::";
// The std::function that type-erases every handler (runtime::Handler): its
// frame is dispatch glue, with a name longer than most user traces.
constexpr std::string_view kHandlerGlue = "std::_Function_handler<";

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }

std::vector<std::string> StackOf(const void* thrown_object, const std::type_info* type) {
  ThrowTrace trace;
  if (!FindThrowTrace(thrown_object, type, &trace)) return {};
  std::vector<std::string> frames = SymbolizeFrames(trace.frames, trace.count);
  // The frames from the handler dispatch outwards (std::function glue, loop,
  // main, libc start-up) are the same for every error: users read their own
  // code's frames.
  for (size_t i = 0; i < frames.size(); ++i) {
    size_t name = frames[i].find(' ');
    if (frames[i].compare(name + 1, kLoopNamespace.size(), kLoopNamespace) == 0 ||
        frames[i].compare(name + 1, kHandlerGlue.size(), kHandlerGlue) == 0) {
      frames.resize(i);
      break;
    }
  }
  return frames;
}

}  // namespace

bool IsErrorCategory(std::string_view type) {
  std::string_view reason;
  if (type.starts_with("Runtime.")) {
    reason = type.substr(8);
  } else if (type.starts_with("Function.")) {
    reason = type.substr(9);
  } else {
    return false;
  }
  if (reason.size() < 2 || !IsUpper(reason.front())) return false;
  for (char c : reason) {
    if (!IsAlpha(c)) return false;
  }
  return true;
}

std::string ErrorCategory(std::string_view type) {
  return IsErrorCategory(type) ? std::string(type) : std::string("Function.Unhandled");
}

ErrorReport RuntimeError(std::string type, std::string message) {
  ErrorReport report;
  report.category = ErrorCategory(type);
  report.error_type = std::move(type);
  report.error_message = std::move(message);
  return report;
}

ErrorReport DescribeCurrentException() {
  ErrorReport report;
  // Rethrowing (not __cxa_throw, so the recorded throw site is kept) lets
  // the catch clauses do the type matching.
  try {
    throw;
  } catch (const FunctionError& e) {
    report.error_type = e.error_type().empty() ? "sparta::runtime::FunctionError" : e.error_type();
    report.error_message = e.what();
    report.stack_trace = StackOf(dynamic_cast<const void*>(&e), &typeid(e));
  } catch (const std::exception& e) {
    report.error_type = detail::DemangledName(typeid(e).name());
    report.error_message = e.what();
    report.stack_trace = StackOf(dynamic_cast<const void*>(&e), &typeid(e));
  } catch (...) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    std::string name = type != nullptr ? detail::DemangledName(type->name()) : "unknown";
    report.error_type = name;
    report.error_message =
        "a value of type " + name +
        " was thrown; it is not a std::exception (throw a type derived from "
        "std::exception, or sparta::runtime::FunctionError, to report a message)";
    report.stack_trace = StackOf(nullptr, type);
  }
  report.category = ErrorCategory(report.error_type);
  return report;
}

std::string ErrorReportJson(const ErrorReport& report) {
  json::array stack;
  stack.reserve(report.stack_trace.size());
  for (const std::string& frame : report.stack_trace) stack.emplace_back(frame);
  json::object body;
  body["errorMessage"] = report.error_message;
  body["errorType"] = report.error_type;
  body["stackTrace"] = std::move(stack);
  // Messages may quote bytes that are not UTF-8 (a bad event, binary data):
  // replaced, so the report stays valid JSON and is not lost.
  return jsonutil::Compact(body, {.replace_invalid_utf8 = true});
}

}  // namespace sparta::runtime::internal
