#include "sparta/cfn/intrinsics.hpp"

#include <array>
#include <utility>

#include "sparta/cfn/pseudo_parameters.hpp"

namespace sparta::cfn {

namespace {
json::value Call(std::string_view function, json::value argument) {
  json::object o;
  o.emplace(function, std::move(argument));
  return o;
}
}  // namespace

json::value Ref(std::string_view logical_id) { return Call("Ref", json::string(logical_id)); }

json::value GetAtt(std::string_view resource, std::string_view attribute) {
  return Call("Fn::GetAtt", json::array{json::string(resource), json::string(attribute)});
}

json::value Join(std::string_view delimiter, json::value values) {
  return Call("Fn::Join", json::array{json::string(delimiter), std::move(values)});
}

json::value Sub(std::string_view text) { return Call("Fn::Sub", json::string(text)); }

json::value Sub(std::string_view text, json::object variables) {
  return Call("Fn::Sub", json::array{json::string(text), std::move(variables)});
}

json::value Base64(json::value value) { return Call("Fn::Base64", std::move(value)); }

json::value Select(std::size_t index, json::value list) {
  return Call("Fn::Select", json::array{static_cast<std::uint64_t>(index), std::move(list)});
}

json::value Split(std::string_view delimiter, json::value source) {
  return Call("Fn::Split", json::array{json::string(delimiter), std::move(source)});
}

json::value If(std::string_view condition, json::value value_if_true, json::value value_if_false) {
  return Call("Fn::If", json::array{json::string(condition), std::move(value_if_true),
                                    std::move(value_if_false)});
}

json::value Equals(json::value a, json::value b) {
  return Call("Fn::Equals", json::array{std::move(a), std::move(b)});
}

json::value And(json::array conditions) { return Call("Fn::And", std::move(conditions)); }

json::value Or(json::array conditions) { return Call("Fn::Or", std::move(conditions)); }

json::value Not(json::value condition) {
  return Call("Fn::Not", json::array{std::move(condition)});
}

json::value Condition(std::string_view name) { return Call("Condition", json::string(name)); }

json::value FindInMap(std::string_view map, json::value top_level_key,
                      json::value second_level_key) {
  return json::object{{"Fn::FindInMap", json::array{json::string(map), std::move(top_level_key),
                                                    std::move(second_level_key)}}};
}

json::value ImportValue(json::value export_name) {
  return Call("Fn::ImportValue", std::move(export_name));
}

json::value GetAZs(json::value region) { return Call("Fn::GetAZs", std::move(region)); }

// Pseudo parameters.

bool IsPseudoParameter(std::string_view name) {
  static constexpr std::array kAll = {
      pseudo::kAccountId, pseudo::kNotificationArns, pseudo::kNoValue,   pseudo::kPartition,
      pseudo::kRegion,    pseudo::kStackId,          pseudo::kStackName, pseudo::kUrlSuffix};
  for (std::string_view p : kAll) {
    if (p == name) return true;
  }
  return false;
}

json::value AccountId() { return Ref(pseudo::kAccountId); }
json::value NotificationArns() { return Ref(pseudo::kNotificationArns); }
json::value NoValue() { return Ref(pseudo::kNoValue); }
json::value Partition() { return Ref(pseudo::kPartition); }
json::value Region() { return Ref(pseudo::kRegion); }
json::value StackId() { return Ref(pseudo::kStackId); }
json::value StackName() { return Ref(pseudo::kStackName); }
json::value UrlSuffix() { return Ref(pseudo::kUrlSuffix); }

}  // namespace sparta::cfn
