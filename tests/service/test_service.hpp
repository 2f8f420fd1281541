#pragma once
// Small services for the service-layer tests. Handlers are raw-string
// lambdas, so the tests need no runtime library.

#include <string>
#include <string_view>
#include <utility>

#include "sparta/runtime/context.hpp"
#include "sparta/service/service.hpp"

namespace sparta::testing {

inline runtime::Handler Echo() {
  return [](std::string_view payload, runtime::Context&) { return std::string(payload); };
}

inline Function MakeFunction(std::string name, FunctionOptions options = {},
                             Role role = IamRoleDefinition{}) {
  return Function(std::move(name), Echo(), std::move(options), std::move(role));
}

/// The statements of the inline policy of role `role_id` among synthesized
/// `resources` (the template's "Resources" object).
inline json::array RoleStatements(const json::value& resources, std::string_view role_id) {
  return resources.at(role_id)
      .at("Properties")
      .at("Policies")
      .at(0)
      .at("PolicyDocument")
      .at("Statement")
      .as_array();
}

/// "demo" with one default function "Hello": valid as it is.
inline Service OneFunctionService() {
  Service s;
  s.name = "demo";
  s.description = "a demo service";
  s.functions.push_back(MakeFunction("Hello"));
  return s;
}

}  // namespace sparta::testing
