// The compiled core behind Handler's templates (handler.hpp's detail API).

#include "sparta/runtime/handler.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

#include "sparta/runtime/function_error.hpp"

namespace sparta::runtime::detail {

json::value ParseEvent(std::string_view payload) {
  auto parsed = jsonutil::Parse(payload, "the event");
  if (!parsed) throw FunctionError("Runtime.UnmarshalError", parsed.error().message);
  return std::move(parsed).value();
}

void ThrowUnmarshal(std::string_view type_name, std::string_view reason) {
  std::string message = "the event does not convert to ";
  message.append(type_name);
  message += ": ";
  message.append(reason);
  throw FunctionError("Runtime.UnmarshalError", message);
}

void ThrowMarshal(std::string_view type_name, std::string_view reason) {
  std::string message = "the response (";
  message.append(type_name);
  message += ") does not convert to JSON: ";
  message.append(reason);
  throw FunctionError("Runtime.MarshalError", message);
}

std::string SerializeResponse(const json::value& value) {
  auto text = jsonutil::CompactStrict(value);
  if (!text.ok()) {
    std::string message = "the response is not valid JSON: ";
    message += text.error().message;
    throw FunctionError("Runtime.MarshalError", message);
  }
  return std::move(text).value();
}

std::string DemangledName(const char* mangled) {
  if (mangled == nullptr) return {};
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
  return status == 0 && name != nullptr ? std::string(name.get()) : std::string(mangled);
}

}  // namespace sparta::runtime::detail
