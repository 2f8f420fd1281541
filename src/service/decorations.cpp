#include "decorations.hpp"

#include <vector>

#include "sparta/service/synthesize.hpp"
#include "sparta/util/quoted.hpp"

namespace sparta::internal {

using util::Quoted;

std::string Provenance::OwnerOf(std::string_view logical_id) const {
  if (auto it = added_by_.find(logical_id); it != added_by_.end()) return it->second;
  if (logical_id == kArtifactBucketParameter || logical_id == kArtifactKeyParameter) {
    return "Sparta (the artifact's location)";
  }
  for (const Function& f : AllFunctions(service_)) {
    const FunctionLogicalIds ids = LogicalIdsOf(f.name);
    if (logical_id == ids.function || logical_id == ids.role || logical_id == ids.log_group) {
      return "function " + Quoted(f.name);
    }
  }
  return "the service's declarations";
}

Status Provenance::Merge(cfn::Template& into, const cfn::Template& additions,
                         const std::string& who) {
  std::vector<std::pair<std::string, std::string>> entries;  // kind, id
  for (const auto& [id, v] : additions.parameters()) entries.emplace_back("parameter", id);
  for (const auto& [id, v] : additions.mappings()) entries.emplace_back("mapping", id);
  for (const auto& [id, v] : additions.conditions()) entries.emplace_back("condition", id);
  for (const auto& [id, v] : additions.resources()) entries.emplace_back("resource", id);
  for (const auto& [id, v] : additions.outputs()) entries.emplace_back("output", id);
  std::string conflicts;
  for (const auto& [kind, id] : entries) {
    const bool taken = into.parameters().contains(id) || into.mappings().contains(id) ||
                       into.conditions().contains(id) || into.resources().contains(id) ||
                       into.outputs().contains(id);
    if (!taken) continue;
    if (!conflicts.empty()) conflicts += "; ";
    conflicts += who + " adds " + kind + " " + id + ", which " + OwnerOf(id) + " already declares";
  }
  if (!conflicts.empty()) {
    return MakeError("DecoratorConflict",
                     conflicts +
                         " (logical IDs are shared by every section of a template: "
                         "rename one side)");
  }
  for (const auto& [id, v] : additions.parameters()) {
    if (auto s = into.AddParameter(id, v); !s) return s;
  }
  for (const auto& [id, v] : additions.mappings()) {
    if (auto s = into.AddMapping(id, v); !s) return s;
  }
  for (const auto& [id, v] : additions.conditions()) {
    if (auto s = into.AddCondition(id, v); !s) return s;
  }
  for (const auto& [id, v] : additions.resources()) {
    if (auto s = into.AddResource(id, v); !s) return s;
  }
  for (const auto& [id, v] : additions.outputs()) {
    if (auto s = into.AddOutput(id, v); !s) return s;
  }
  for (const auto& [kind, id] : entries) added_by_[id] = who;
  return {};
}

}  // namespace sparta::internal
