#pragma once
// FunctionError: throw it from a handler to choose the `errorType` Lambda
// reports (any other exception is reported with its C++ type name).

#include <stdexcept>
#include <string>

namespace sparta::runtime {

class FunctionError : public std::runtime_error {
 public:
  FunctionError(std::string error_type, const std::string& message)
      : std::runtime_error(message), error_type_(std::move(error_type)) {}
  const std::string& error_type() const { return error_type_; }

 private:
  std::string error_type_;
};

}  // namespace sparta::runtime
