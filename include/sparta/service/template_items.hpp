#pragma once
// The template sections a service declares besides resources: Parameters,
// Mappings, Conditions and Outputs. Each is a value with a handle (its logical
// ID) that other declarations use through expressions (`env.Ref()`,
// `sizes.Find(...)`, `is_prod` in ResourceOptions::condition).
//
// **Example**:
//   sparta::Parameter stage{"Stage", {.default_value = "dev", .allowed_values = {"dev", "prod"}}};
//   sparta::Condition is_prod{"IsProd", cfn::Equals(stage.Ref(), "prod")};
//   sparta::Mapping sizes{"Sizes", {{"dev", {{"Memory", 128}}}, {"prod", {{"Memory", 1024}}}}};
//   sparta::Output table_arn{"OrdersArn", {.value = orders.Arn(), .export_name = cfn::Sub("${AWS::StackName}-orders")}};

#include <string>
#include <utility>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/template.hpp"
#include "sparta/json/json.hpp"

namespace sparta {

/// A template parameter: `provision --param <logical id>=<value>` sets it.
class Parameter {
 public:
  Parameter(std::string logical_id, cfn::Parameter definition)
      : logical_id_(std::move(logical_id)), definition_(std::move(definition)) {}

  const std::string& logical_id() const { return logical_id_; }
  const cfn::Parameter& definition() const { return definition_; }
  /// `{"Ref": "<logical id>"}`: the parameter's value.
  json::value Ref() const { return cfn::Ref(logical_id_); }

 private:
  std::string logical_id_;
  cfn::Parameter definition_;
};

/// A two-level lookup table: `{top-level key: {second-level key: value}}`.
class Mapping {
 public:
  Mapping(std::string logical_id, json::object table)
      : logical_id_(std::move(logical_id)), table_(std::move(table)) {}

  const std::string& logical_id() const { return logical_id_; }
  const json::object& table() const { return table_; }
  /// `{"Fn::FindInMap": ["<logical id>", top, second]}`; keys may be
  /// expressions (e.g. cfn::Region()).
  json::value Find(json::value top_level_key, json::value second_level_key) const {
    return cfn::FindInMap(logical_id_, std::move(top_level_key), std::move(second_level_key));
  }

 private:
  std::string logical_id_;
  json::object table_;
};

/// A named condition (cfn::Equals/And/Or/Not/...). Give it to a resource's
/// ResourceOptions::condition, an output's `condition`, or cfn::If.
class Condition {
 public:
  Condition(std::string logical_id, json::value expression)
      : logical_id_(std::move(logical_id)), expression_(std::move(expression)) {}

  const std::string& logical_id() const { return logical_id_; }
  const json::value& expression() const { return expression_; }
  /// `{"Fn::If": ["<logical id>", if_true, if_false]}`.
  json::value If(json::value if_true, json::value if_false) const {
    return cfn::If(logical_id_, std::move(if_true), std::move(if_false));
  }

 private:
  std::string logical_id_;
  json::value expression_;
};

/// A template output, optionally exported for other stacks' Fn::ImportValue.
class Output {
 public:
  Output(std::string logical_id, cfn::Output definition)
      : logical_id_(std::move(logical_id)), definition_(std::move(definition)) {}

  const std::string& logical_id() const { return logical_id_; }
  const cfn::Output& definition() const { return definition_; }

 private:
  std::string logical_id_;
  cfn::Output definition_;
};

}  // namespace sparta
