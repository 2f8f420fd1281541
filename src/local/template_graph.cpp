// CreationOrder(), DeletionOrder(): the resource dependency graph.

#include "sparta/local/template_graph.hpp"

#include <algorithm>
#include <functional>
#include <set>

#include "sparta/cfn/pseudo_parameters.hpp"

namespace sparta::local {

namespace {

Error Invalid(std::string message) {
  return MakeError(std::string(kValidationError), std::move(message));
}

std::string JoinNames(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Collects the names a value refers to (before filtering out parameters and
// pseudo parameters). Fn::If follows only the branch `conditions` selects.
class ReferenceCollector {
 public:
  explicit ReferenceCollector(const ConditionValues& conditions) : conditions_(conditions) {}

  Status Walk(const json::value& v, std::set<std::string>& out) {
    if (v.is_array()) {
      for (const auto& e : v.as_array())
        if (auto s = Walk(e, out); !s) return s;
      return {};
    }
    if (!v.is_object()) return {};
    const json::object& o = v.as_object();
    if (o.size() == 1) {
      std::string_view key = o.begin()->key();
      const json::value& arg = o.begin()->value();
      if (key == "Ref" && arg.is_string()) {
        out.emplace(arg.as_string());
        return {};
      }
      if (key == "Fn::GetAtt") {
        if (arg.is_string()) {
          std::string_view text = arg.as_string();
          out.emplace(text.substr(0, text.find('.')));
          return {};
        }
        if (arg.is_array() && !arg.as_array().empty() && arg.as_array()[0].is_string()) {
          out.emplace(arg.as_array()[0].as_string());
          return {};
        }
      }
      if (key == "Fn::Sub") return Sub(arg, out);
      if (key == "Fn::If" && arg.is_array() && arg.as_array().size() == 3 &&
          arg.as_array()[0].is_string()) {
        auto it = conditions_.find(arg.as_array()[0].as_string());
        if (it == conditions_.end())
          return Invalid("Template format error: Unresolved condition dependency " +
                         std::string(arg.as_array()[0].as_string()) + " in Fn::If");
        return Walk(arg.as_array()[it->second ? 1 : 2], out);
      }
    }
    for (const auto& [key, member] : o)
      if (auto s = Walk(member, out); !s) return s;
    return {};
  }

 private:
  Status Sub(const json::value& arg, std::set<std::string>& out) {
    const json::value* text = &arg;
    const json::object* variables = nullptr;
    if (arg.is_array() && arg.as_array().size() == 2 && arg.as_array()[1].is_object()) {
      text = &arg.as_array()[0];
      variables = &arg.as_array()[1].as_object();
      if (auto s = Walk(arg.as_array()[1], out); !s) return s;
    }
    if (!text->is_string()) return Walk(*text, out);
    std::string_view s = text->as_string();
    std::size_t pos = 0;
    while ((pos = s.find("${", pos)) != std::string_view::npos) {
      std::size_t close = s.find('}', pos + 2);
      if (close == std::string_view::npos) break;
      std::string_view name = s.substr(pos + 2, close - pos - 2);
      pos = close + 1;
      if (name.empty() || name.front() == '!') continue;  // ${!Literal}
      if (variables && variables->contains(name)) continue;
      out.emplace(name.substr(0, name.find('.')));
    }
    return {};
  }

  const ConditionValues& conditions_;
};

std::vector<std::string> DependsOnOf(const json::object& resource) {
  std::vector<std::string> out;
  auto it = resource.find("DependsOn");
  if (it == resource.end()) return out;
  if (it->value().is_string()) out.emplace_back(it->value().as_string());
  if (it->value().is_array())
    for (const auto& d : it->value().as_array())
      if (d.is_string()) out.emplace_back(d.as_string());
  return out;
}

// The resources on at least one cycle among `remaining` (those Kahn's
// algorithm could not order: on a cycle, or depending on one).
std::set<std::string> OnCycles(const std::set<std::string>& remaining,
                               const std::map<std::string, std::set<std::string>>& deps) {
  std::set<std::string> out;
  for (const auto& start : remaining) {
    std::set<std::string> seen;
    std::vector<std::string> stack(deps.at(start).begin(), deps.at(start).end());
    while (!stack.empty()) {
      std::string n = std::move(stack.back());
      stack.pop_back();
      if (n == start) {
        out.insert(start);
        break;
      }
      if (!remaining.contains(n) || !seen.insert(n).second) continue;
      stack.insert(stack.end(), deps.at(n).begin(), deps.at(n).end());
    }
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> CreationOrder(const json::value& tmpl,
                                               const ConditionValues& conditions) {
  if (!tmpl.is_object())
    return Invalid("Template format error: the template must be a JSON object");
  const json::object& root = tmpl.as_object();
  auto resources_it = root.find("Resources");
  if (resources_it == root.end() || !resources_it->value().is_object())
    return Invalid("Template format error: At least one Resources member must be defined.");
  const json::object& resources = resources_it->value().as_object();
  std::set<std::string> parameters;
  if (auto p = root.find("Parameters"); p != root.end() && p->value().is_object())
    for (const auto& [name, unused] : p->value().as_object()) parameters.emplace(name);

  // The resources that exist in this stack.
  std::set<std::string> active;
  for (const auto& [key, resource] : resources) {
    if (!resource.is_object())
      return Invalid("Template format error: resource " + std::string(key) + " must be an object");
    if (auto c = resource.as_object().find("Condition"); c != resource.as_object().end()) {
      if (!c->value().is_string())
        return Invalid("Template format error: Condition of resource " + std::string(key) +
                       " must be a string");
      auto value = conditions.find(c->value().as_string());
      if (value == conditions.end())
        return Invalid("Template format error: Unresolved condition dependency " +
                       std::string(c->value().as_string()) + " in resource " + std::string(key));
      if (!value->second) continue;
    }
    active.emplace(key);
  }

  std::map<std::string, std::set<std::string>> deps;  // resource -> what it needs first
  std::set<std::string> unresolved;
  ReferenceCollector collector(conditions);
  for (const auto& id : active) {
    const json::object& resource = resources.at(id).as_object();
    std::set<std::string> refs;
    for (const auto& [key, member] : resource) {
      if (key == "DependsOn" || key == "Condition" || key == "Type") continue;
      if (auto s = collector.Walk(member, refs); !s) return s.error();
    }
    std::set<std::string>& mine = deps[id];
    for (const auto& r : refs) {
      if (parameters.contains(r) || cfn::IsPseudoParameter(r)) continue;
      if (!active.contains(r))
        unresolved.insert(r);
      else
        mine.insert(r);
    }
    for (const auto& d : DependsOnOf(resource)) {
      if (!active.contains(d))
        unresolved.insert(d);
      else
        mine.insert(d);
    }
  }
  if (!unresolved.empty())
    return Invalid("Template format error: Unresolved resource dependencies [" +
                   JoinNames(unresolved) + "] in the Resources block of the template");

  // Kahn's algorithm; the ready set is ordered, so ties go by logical ID.
  std::map<std::string, std::size_t> waiting;
  std::map<std::string, std::vector<std::string>> dependents;
  std::set<std::string> ready;
  for (const auto& [id, needs] : deps) {
    waiting[id] = needs.size();
    for (const auto& n : needs) dependents[n].push_back(id);
    if (needs.empty()) ready.insert(id);
  }
  std::vector<std::string> order;
  while (!ready.empty()) {
    std::string next = *ready.begin();
    ready.erase(ready.begin());
    for (const auto& d : dependents[next])
      if (--waiting[d] == 0) ready.insert(d);
    order.push_back(std::move(next));
  }
  if (order.size() != active.size()) {
    std::set<std::string> remaining;
    for (const auto& [id, count] : waiting)
      if (count > 0) remaining.insert(id);
    return Invalid("Circular dependency between resources: [" +
                   JoinNames(OnCycles(remaining, deps)) + "]");
  }
  return order;
}

Result<std::vector<std::string>> DeletionOrder(const json::value& tmpl,
                                               const ConditionValues& conditions) {
  auto order = CreationOrder(tmpl, conditions);
  if (!order) return order.error();
  std::reverse(order->begin(), order->end());
  return order;
}

}  // namespace sparta::local
