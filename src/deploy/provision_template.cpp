#include "deploy/provision_template.hpp"

#include <algorithm>
#include <array>

#include "sparta/json/json.hpp"

namespace sparta::deploy::detail {
namespace {

// The IAM resource types whose explicit name makes CloudFormation ask for
// CAPABILITY_NAMED_IAM, and the property holding that name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kNamedIam = {{
    {"AWS::IAM::Role", "RoleName"},
    {"AWS::IAM::User", "UserName"},
    {"AWS::IAM::Group", "GroupName"},
    {"AWS::IAM::ManagedPolicy", "ManagedPolicyName"},
    {"AWS::IAM::InstanceProfile", "InstanceProfileName"},
}};

Error Invalid(const std::string& what) {
  return MakeError("InvalidTemplate",
                   "the template cannot be provisioned: " + what + " (rebuild it with `build`)");
}

}  // namespace

Result<TemplateFacts> InspectTemplate(std::string_view template_json) {
  auto parsed = jsonutil::Parse(template_json, "the template");
  if (!parsed) return Invalid(parsed.error().message);
  if (!parsed->is_object()) return Invalid("it is not a JSON object");
  const json::object& root = parsed->get_object();
  const json::value* resources = root.if_contains("Resources");
  if (resources == nullptr || !resources->is_object()) return Invalid("it has no Resources object");

  TemplateFacts facts;
  bool iam = false;
  bool named_iam = false;
  for (const auto& [logical_id, resource] : resources->get_object()) {
    const json::value* type =
        resource.is_object() ? resource.get_object().if_contains("Type") : nullptr;
    if (type == nullptr || !type->is_string()) {
      return Invalid("resource " + std::string(logical_id) + " has no Type");
    }
    const std::string_view type_name = type->get_string();
    facts.resources.push_back(
        PlannedChange{"Add", std::string(logical_id), std::string(type_name), "", ""});
    if (!type_name.starts_with("AWS::IAM::")) continue;
    iam = true;
    const json::value* properties = resource.get_object().if_contains("Properties");
    for (const auto& [named_type, name_property] : kNamedIam) {
      if (type_name == named_type && properties != nullptr && properties->is_object() &&
          properties->get_object().contains(name_property)) {
        named_iam = true;
      }
    }
  }
  if (const json::value* transform = root.if_contains("Transform"); transform != nullptr) {
    facts.capabilities.push_back("CAPABILITY_AUTO_EXPAND");
  }
  if (iam) facts.capabilities.push_back("CAPABILITY_IAM");
  if (named_iam) facts.capabilities.push_back("CAPABILITY_NAMED_IAM");

  if (const json::value* parameters = root.if_contains("Parameters");
      parameters != nullptr && parameters->is_object()) {
    for (const auto& entry : parameters->get_object()) {
      facts.parameters.emplace_back(entry.key());
    }
  }
  return facts;
}

Result<std::vector<KeyValue>> ParseKeyValues(const std::vector<std::string>& items,
                                             std::string_view what) {
  std::vector<KeyValue> parsed;
  for (const std::string& item : items) {
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return MakeError("InvalidArgument", std::string(what) + " \"" + item +
                                              "\" is not KEY=VALUE (write e.g. Stage=prod)");
    }
    std::string key = item.substr(0, eq);
    if (std::any_of(parsed.begin(), parsed.end(),
                    [&](const KeyValue& kv) { return kv.key == key; })) {
      return MakeError("InvalidArgument",
                       std::string(what) + " " + key + " is given twice; give it once");
    }
    parsed.push_back(KeyValue{std::move(key), item.substr(eq + 1)});
  }
  return parsed;
}

}  // namespace sparta::deploy::detail
