#pragma once
// Discovery: what Synthesize() injects into a function so that, at run time,
// sparta::runtime::Discover() returns the stack's identity and what the
// function declared it depends on (FunctionOptions::dependencies).
//
// The document is one Fn::Sub string that CloudFormation resolves when it
// creates the function; its layout is the contract with
// src/runtime/discovery.cpp:
//   {"stack":{"name":..,"id":..,"region":..,"account":..,"partition":..,"urlSuffix":..},
//    "function":"<own logical ID>",
//    "resources":{"<logical ID>":{"type":"AWS::...","ref":"<Ref>","attributes":{"Arn":..}}}}

#include <map>
#include <string>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/service/service.hpp"

namespace sparta {

/// The bytes of `f`'s declared environment variables as Lambda counts them
/// (their JSON).
std::size_t EnvironmentBytes(const Function& f);

class Discovery {
 public:
  /// What every dependency can be: the service's resources and functions.
  explicit Discovery(const Service& service);

  /// `{"Fn::Sub": "<document>"}` for `f`'s dependencies.
  /// REQUIRES: every dependency of `f` is known (Validate() checks it).
  json::value Document(const Function& f) const;

  /// The largest size, in bytes, the resolved document of `f` can have,
  /// counting each substituted value as kEstimatedValueBytes: what
  /// Validate() adds to the function's environment against Lambda's 4 KB.
  std::size_t EstimatedSize(const Function& f) const;

  /// The bytes `f`'s environment takes with its discovery document in it,
  /// at the most: its declared variables (as Lambda counts them: their
  /// JSON) plus SPARTA_DISCOVERY at EstimatedSize() when it has
  /// dependencies.
  std::size_t EnvironmentWithDocument(const Function& f) const;

  /// True when `f` has dependencies and its discovery document would push
  /// its environment over Lambda's 4 KB: then, if the service allows it
  /// (Service::discovery_from_stack), the document is served from the stack.
  bool OverEnvironmentLimit(const Function& f) const;

  /// True when `logical_id` is a resource or function of the service.
  bool Knows(const std::string& logical_id) const { return targets_.contains(logical_id); }

  /// A generous size for one resolved Ref/GetAtt (ARNs are rarely longer).
  static constexpr std::size_t kEstimatedValueBytes = 128;

 private:
  struct Target {
    std::string type;
    std::vector<std::string> attributes;
  };
  std::string Text(const Function& f, std::size_t* substitutions) const;

  std::map<std::string, Target> targets_;
};

}  // namespace sparta
