#pragma once
// Template decorators: code that adds to (or changes) what Synthesize()
// writes, for one function or for the whole service. A decorator writes its
// new resources, outputs, parameters, mappings and conditions into
// `additions`, which are then merged into the template; a logical ID that
// is already taken is an error naming both sides ("decorator \"alarms\" of
// function \"Hello\" adds resource HelloAlarm, which function \"Hello\"
// already declares"), never a silent overwrite. A function decorator may
// also change the function's own resource (properties, metadata).
//
// **Example**:
//   sparta::FunctionDecorator tag_owner{"owner-tag", [](sparta::FunctionDecoration& d) {
//     d.function_resource.metadata = sparta::json::object{{"Owner", "team-a"}};
//     return sparta::Status{};
//   }};
//   sparta::Function hello{"Hello", Hello, {.decorators = {tag_owner}}};

#include <functional>
#include <string>

#include "sparta/cfn/template.hpp"
#include "sparta/util/result.hpp"

namespace sparta {

struct Service;
struct Function;
struct FunctionLogicalIds;

struct FunctionDecoration {
  const Service& service;
  const Function& function;
  const FunctionLogicalIds& ids;
  cfn::Resource& function_resource;  // the AWS::Lambda::Function, before it is added
  cfn::Template& additions;          // starts empty
};

struct ServiceDecoration {
  const Service& service;
  const cfn::Template& current;  // everything synthesized so far
  cfn::Template& additions;      // starts empty
};

/// A failed Status stops the build; its message is shown with the
/// decorator's name.
struct FunctionDecorator {
  std::string name{};
  std::function<Status(FunctionDecoration&)> decorate{};
};

struct ServiceDecorator {
  std::string name{};
  std::function<Status(ServiceDecoration&)> decorate{};
};

}  // namespace sparta
