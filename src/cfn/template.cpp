#include "sparta/cfn/template.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "sparta/cfn/logical_id.hpp"

namespace sparta::cfn {

namespace {

// A copy of `v` whose objects, at every depth, list their keys in byte order:
// the canonical form that makes Serialize() independent of insertion order.
json::value Canonical(const json::value& v) {
  if (v.is_array()) {
    json::array out;
    out.reserve(v.get_array().size());
    for (const auto& item : v.get_array()) out.push_back(Canonical(item));
    return out;
  }
  if (!v.is_object()) return v;
  const json::object& in = v.get_object();
  std::vector<const json::key_value_pair*> items;
  items.reserve(in.size());
  for (const auto& kv : in) items.push_back(&kv);
  std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return a->key() < b->key(); });
  json::object out;
  out.reserve(items.size());
  for (const auto* kv : items) out.emplace(kv->key(), Canonical(kv->value()));
  return out;
}

// Integral values print as integers (`128`, not `1.28E2`).
json::value Number(double d) {
  if (std::trunc(d) == d && std::fabs(d) < 9.0e15) return static_cast<std::int64_t>(d);
  return d;
}

json::array Strings(const std::vector<std::string>& v) {
  json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

json::object ParameterJson(const Parameter& p) {
  json::object o;
  o["Type"] = p.type;
  if (!p.description.empty()) o["Description"] = p.description;
  if (p.default_value) o["Default"] = Canonical(*p.default_value);
  if (!p.allowed_values.empty()) o["AllowedValues"] = Strings(p.allowed_values);
  if (!p.allowed_pattern.empty()) o["AllowedPattern"] = p.allowed_pattern;
  if (p.min_length) o["MinLength"] = *p.min_length;
  if (p.max_length) o["MaxLength"] = *p.max_length;
  if (p.min_value) o["MinValue"] = Number(*p.min_value);
  if (p.max_value) o["MaxValue"] = Number(*p.max_value);
  if (p.no_echo) o["NoEcho"] = true;
  if (!p.constraint_description.empty()) o["ConstraintDescription"] = p.constraint_description;
  return o;
}

json::object ResourceJson(const Resource& r) {
  json::object o;
  o["Type"] = r.type;
  if (!r.condition.empty()) o["Condition"] = r.condition;
  if (!r.depends_on.empty()) {
    std::vector<std::string> deps = r.depends_on;
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    o["DependsOn"] = Strings(deps);
  }
  if (!r.deletion_policy.empty()) o["DeletionPolicy"] = r.deletion_policy;
  if (!r.update_replace_policy.empty()) o["UpdateReplacePolicy"] = r.update_replace_policy;
  if (!r.metadata.is_null()) o["Metadata"] = Canonical(r.metadata);
  if (!r.properties.empty()) o["Properties"] = Canonical(r.properties);
  return o;
}

json::object OutputJson(const Output& out) {
  json::object o;
  if (!out.condition.empty()) o["Condition"] = out.condition;
  if (!out.description.empty()) o["Description"] = out.description;
  o["Value"] = Canonical(out.value);
  if (!out.export_name.is_null()) o["Export"] = json::object{{"Name", Canonical(out.export_name)}};
  return o;
}

}  // namespace

Status Template::ClaimLogicalId(std::string_view logical_id, std::string_view section) const {
  if (!IsValidLogicalId(logical_id)) {
    return MakeError("InvalidLogicalId",
                     "cannot add " + std::string(section) + " \"" + std::string(logical_id) +
                         "\": a logical ID must be 1 to 255 ASCII letters and digits");
  }
  std::string_view used_by;
  if (parameters_.contains(logical_id)) used_by = "parameter";
  if (mappings_.contains(logical_id)) used_by = "mapping";
  if (conditions_.contains(logical_id)) used_by = "condition";
  if (resources_.contains(logical_id)) used_by = "resource";
  if (outputs_.contains(logical_id)) used_by = "output";
  if (!used_by.empty()) {
    return MakeError("DuplicateLogicalId",
                     "cannot add " + std::string(section) + " \"" + std::string(logical_id) +
                         "\": the template already has a " + std::string(used_by) +
                         " with that logical ID (parameters, mappings, conditions, "
                         "resources and outputs share one namespace); choose another name");
  }
  return {};
}

Status Template::AddParameter(std::string logical_id, Parameter parameter) {
  if (auto s = ClaimLogicalId(logical_id, "parameter"); !s) return s;
  parameters_.emplace(std::move(logical_id), std::move(parameter));
  return {};
}

Status Template::AddMapping(std::string logical_id, json::object mapping) {
  if (auto s = ClaimLogicalId(logical_id, "mapping"); !s) return s;
  mappings_.emplace(std::move(logical_id), std::move(mapping));
  return {};
}

Status Template::AddCondition(std::string logical_id, json::value condition) {
  if (auto s = ClaimLogicalId(logical_id, "condition"); !s) return s;
  conditions_.emplace(std::move(logical_id), std::move(condition));
  return {};
}

Status Template::AddResource(std::string logical_id, Resource resource) {
  if (auto s = ClaimLogicalId(logical_id, "resource"); !s) return s;
  resources_.emplace(std::move(logical_id), std::move(resource));
  return {};
}

Status Template::AddOutput(std::string logical_id, Output output) {
  if (auto s = ClaimLogicalId(logical_id, "output"); !s) return s;
  outputs_.emplace(std::move(logical_id), std::move(output));
  return {};
}

const Resource* Template::FindResource(std::string_view logical_id) const {
  auto it = resources_.find(logical_id);
  return it == resources_.end() ? nullptr : &it->second;
}

Resource* Template::FindResource(std::string_view logical_id) {
  auto it = resources_.find(logical_id);
  return it == resources_.end() ? nullptr : &it->second;
}

json::value Template::ToJson() const {
  json::object root;
  root["AWSTemplateFormatVersion"] = kFormatVersion;
  if (!description_.empty()) root["Description"] = description_;
  // std::map iterates in key order, which gives each section's sorted order.
  if (!parameters_.empty()) {
    json::object section;
    for (const auto& [id, p] : parameters_) section[id] = ParameterJson(p);
    root["Parameters"] = std::move(section);
  }
  if (!mappings_.empty()) {
    json::object section;
    for (const auto& [id, m] : mappings_) section[id] = Canonical(m);
    root["Mappings"] = std::move(section);
  }
  if (!conditions_.empty()) {
    json::object section;
    for (const auto& [id, c] : conditions_) section[id] = Canonical(c);
    root["Conditions"] = std::move(section);
  }
  if (!resources_.empty()) {
    json::object section;
    for (const auto& [id, r] : resources_) section[id] = ResourceJson(r);
    root["Resources"] = std::move(section);
  }
  if (!outputs_.empty()) {
    json::object section;
    for (const auto& [id, o] : outputs_) section[id] = OutputJson(o);
    root["Outputs"] = std::move(section);
  }
  return root;
}

std::string Template::Serialize() const { return jsonutil::Pretty(ToJson()); }

}  // namespace sparta::cfn
