#pragma once
// Service: the whole declared application. Its name is the CloudFormation
// stack name.

#include <string>
#include <vector>

#include "sparta/service/function.hpp"

namespace sparta {

struct Service {
  std::string name{};       // stack name: a letter, then letters, digits, '-'
  std::string description{};  // the template's Description
  std::vector<Function> functions{};
};

}  // namespace sparta
