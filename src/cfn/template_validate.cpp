// Template::Validate(): every name the template mentions must exist, and no
// resource may depend on itself through others.
//
// The walk visits each JSON value of a section with a "where" (e.g.
// `resource "HelloFunction" property Role`) and recognizes intrinsics by
// their single key. Problems are collected, not returned at the first, so a
// user fixes them all in one go.

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sparta/cfn/pseudo_parameters.hpp"
#include "sparta/cfn/references.hpp"
#include "sparta/cfn/template.hpp"
#include "sparta/util/quoted.hpp"

namespace sparta::cfn {

using util::Quoted;

namespace {

// Built by appending: GCC 12 reports a false -Wrestrict on
// `"literal" + std::string&&` at -O3.
std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out.append(p);
  return out;
}


class ReferenceChecker {
 public:
  explicit ReferenceChecker(const Template& t) : t_(t) {}

  std::vector<std::string> Run() {
    for (const auto& [id, condition] : t_.conditions()) {
      Walk(condition, "condition " + Quoted(id), /*in_conditions=*/true, {});
    }
    for (const auto& [id, r] : t_.resources()) {
      std::string where = "resource " + Quoted(id);
      if (r.type.empty()) problems_.push_back(where + " has no Type; set e.g. \"AWS::S3::Bucket\"");
      for (const auto& dep : r.depends_on) {
        if (dep == id) {
          problems_.push_back(where + " DependsOn itself; remove " + Quoted(dep) +
                              " from its DependsOn");
        } else if (!t_.resources().contains(dep)) {
          problems_.push_back(where + " DependsOn: refers to " + Quoted(dep) + ", which is " +
                              NotA("resource", dep));
        }
      }
      CheckConditionName(r.condition, where + " Condition");
      for (const auto& [key, value] : r.properties) {
        Walk(value, where + " property " + std::string(key), false, {});
      }
    }
    for (const auto& [id, o] : t_.outputs()) {
      std::string where = "output " + Quoted(id);
      CheckConditionName(o.condition, where + " Condition");
      Walk(o.value, where + " Value", false, {});
      if (!o.export_name.is_null()) Walk(o.export_name, where + " Export Name", false, {});
    }
    return std::move(problems_);
  }

 private:
  // "which is ..." completion naming what `name` actually is.
  std::string NotA(std::string_view wanted, std::string_view name) const {
    std::string what = "not a " + std::string(wanted) + " in this template";
    if (t_.parameters().contains(name)) return "a parameter, " + what;
    if (t_.outputs().contains(name)) return "an output, " + what;
    if (t_.conditions().contains(name)) return "a condition, " + what;
    if (wanted != "resource" && t_.resources().contains(name)) return "a resource, " + what;
    return what;
  }

  void CheckConditionName(const std::string& name, const std::string& where) {
    if (name.empty() || t_.conditions().contains(name)) return;
    problems_.push_back(where + ": refers to " + Quoted(name) + ", which is " +
                        NotA("condition", name));
  }

  void CheckRef(std::string_view name, const std::string& where, std::string_view via,
                bool in_conditions) {
    if (IsPseudoParameter(name) || t_.parameters().contains(name)) return;
    if (in_conditions) {
      // CloudFormation evaluates conditions before creating anything, so
      // only parameters (and pseudo parameters) can be referenced there.
      problems_.push_back(where + ": " + std::string(via) + " refers to " + Quoted(name) +
                          ", which is " + NotA("parameter", name) +
                          " (conditions may only use parameters)");
      return;
    }
    if (t_.resources().contains(name)) return;
    problems_.push_back(where + ": " + std::string(via) + " refers to " + Quoted(name) +
                        ", which is " + NotA("parameter, resource or pseudo parameter", name));
  }

  void CheckGetAtt(std::string_view resource, const std::string& where, std::string_view via) {
    if (t_.resources().contains(resource)) return;
    problems_.push_back(where + ": " + std::string(via) + " refers to " + Quoted(resource) +
                        ", which is " + NotA("resource", resource));
  }

  // `${Name}` and `${Res.Attr}` inside an Fn::Sub string.
  void CheckSubString(std::string_view text, const std::set<std::string>& variables,
                      const std::string& where, bool in_conditions) {
    std::size_t pos = 0;
    while ((pos = text.find("${", pos)) != std::string_view::npos) {
      std::size_t close = text.find('}', pos + 2);
      if (close == std::string_view::npos) {
        problems_.push_back(where + ": Fn::Sub has an unclosed \"${\" in " + Quoted(text));
        return;
      }
      std::string_view name = text.substr(pos + 2, close - pos - 2);
      pos = close + 1;
      if (!name.empty() && name.front() == '!') continue;  // ${!Literal}
      if (variables.contains(std::string(name))) continue;
      if (name.empty()) {
        problems_.push_back(where + ": Fn::Sub has an empty \"${}\" in " + Quoted(text));
        continue;
      }
      if (std::size_t dot = name.find('.'); dot != std::string_view::npos) {
        CheckGetAtt(name.substr(0, dot), where, "Fn::Sub ${" + std::string(name) + "}");
      } else {
        CheckRef(name, where, "Fn::Sub ${" + std::string(name) + "}", in_conditions);
      }
    }
  }

  void WalkSub(const json::value& arg, const std::string& where, bool in_conditions) {
    if (arg.is_string()) {
      CheckSubString(arg.get_string(), {}, where, in_conditions);
      return;
    }
    const json::array* a = arg.if_array();
    if (a == nullptr || a->size() != 2 || !(*a)[0].is_string() || !(*a)[1].is_object()) {
      problems_.push_back(where + ": Fn::Sub takes a string or [string, {variables}]");
      return;
    }
    std::set<std::string> variables;
    for (const auto& [key, value] : (*a)[1].get_object()) {
      variables.emplace(key);
      WalkArgument(value, where, in_conditions);
    }
    CheckSubString((*a)[0].get_string(), variables, where, in_conditions);
  }

  // `path` is the position inside a property value (e.g. ".Statement[0]"),
  // tracked only outside intrinsics: an intrinsic's argument positions
  // would not help a reader find the problem.
  void Walk(const json::value& v, const std::string& where, bool in_conditions,
            const std::string& path, bool track_path = true) {
    auto at = [&](const std::string& step) { return track_path ? path + step : path; };
    if (const json::array* a = v.if_array()) {
      for (std::size_t i = 0; i < a->size(); ++i) {
        Walk((*a)[i], where, in_conditions, at(Cat({"[", std::to_string(i), "]"})), track_path);
      }
      return;
    }
    const json::object* o = v.if_object();
    if (o == nullptr) return;
    if (o->size() == 1) {
      const auto& [key, arg] = *o->begin();
      if (WalkIntrinsic(key, arg, where + path, in_conditions)) return;
    }
    for (const auto& [key, value] : *o) {
      Walk(value, where, in_conditions, at(Cat({".", key})), track_path);
    }
  }

  // Walks an intrinsic's argument: `here` is where the intrinsic is.
  void WalkArgument(const json::value& arg, const std::string& here, bool in_conditions) {
    Walk(arg, here, in_conditions, "", /*track_path=*/false);
  }

  // Returns false when `key` is not an intrinsic this checker knows.
  bool WalkIntrinsic(std::string_view key, const json::value& arg, const std::string& here,
                     bool in_conditions) {
    if (key == "Ref") {
      if (arg.is_string()) {
        CheckRef(arg.get_string(), here, "Ref", in_conditions);
      } else {
        problems_.push_back(here + ": Ref takes a logical ID string");
      }
      return true;
    }
    if (key == "Fn::GetAtt") {
      if (arg.is_string()) {  // "Resource.Attribute"
        std::string_view s = arg.get_string();
        std::size_t dot = s.find('.');
        if (dot == std::string_view::npos || dot == 0 || dot + 1 == s.size()) {
          problems_.push_back(here +
                              ": Fn::GetAtt string form must be \"Resource.Attribute\", "
                              "got " +
                              Quoted(s));
        } else {
          CheckGetAtt(s.substr(0, dot), here, "Fn::GetAtt");
        }
      } else if (const json::array* a = arg.if_array();
                 a != nullptr && a->size() == 2 && (*a)[0].is_string()) {
        CheckGetAtt((*a)[0].get_string(), here, "Fn::GetAtt");
        WalkArgument((*a)[1], here, in_conditions);
      } else {
        problems_.push_back(here + ": Fn::GetAtt takes [resource, attribute]");
      }
      return true;
    }
    if (key == "Fn::FindInMap") {
      const json::array* a = arg.if_array();
      if (a == nullptr || a->size() < 3) {
        problems_.push_back(here + ": Fn::FindInMap takes [map, top-level key, second-level key]");
        return true;
      }
      if ((*a)[0].is_string() && !t_.mappings().contains((*a)[0].get_string())) {
        problems_.push_back(here + ": Fn::FindInMap refers to " +
                            Quoted((*a)[0].get_string()) + ", which is " +
                            NotA("mapping", (*a)[0].get_string()));
      }
      for (const auto& v : *a) WalkArgument(v, here, in_conditions);
      return true;
    }
    if (key == "Fn::Sub") {
      WalkSub(arg, here, in_conditions);
      return true;
    }
    if (key == "Fn::If") {
      const json::array* a = arg.if_array();
      if (a == nullptr || a->size() != 3 || !(*a)[0].is_string()) {
        problems_.push_back(here + ": Fn::If takes [condition, value_if_true, value_if_false]");
        return true;
      }
      CheckConditionName(std::string((*a)[0].get_string()), here + " Fn::If");
      WalkArgument((*a)[1], here, in_conditions);
      WalkArgument((*a)[2], here, in_conditions);
      return true;
    }
    if (key == "Condition" && in_conditions) {
      if (arg.is_string()) {
        CheckConditionName(std::string(arg.get_string()), here + " Condition");
      } else {
        problems_.push_back(here + ": Condition takes a condition name");
      }
      return true;
    }
    if (key.starts_with("Fn::")) {
      WalkArgument(arg, here, in_conditions);  // any other function: check its arguments
      return true;
    }
    return false;
  }

  const Template& t_;
  std::vector<std::string> problems_;
};

}  // namespace

Status Template::CheckQuotas() const {
  std::vector<std::string> problems;
  auto check = [&](std::size_t count, std::size_t limit, std::string_view what,
                   std::string_view advice) {
    if (count <= limit) return;
    problems.push_back(Cat({"the template has ", std::to_string(count), " ", what,
                            "; CloudFormation allows at most ", std::to_string(limit), ": ",
                            advice}));
  };
  check(resources_.size(), kMaxResources, "resources",
        "split the service into several stacks (services), or declare fewer resources");
  check(outputs_.size(), kMaxOutputs, "outputs", "remove outputs nothing reads");
  check(parameters_.size(), kMaxParameters, "parameters",
        "pass fewer values as parameters (use mappings or literals)");
  check(mappings_.size(), kMaxMappings, "mappings", "merge mappings");
  if (problems.empty()) {  // the size only matters, and is only worth computing, then
    const std::size_t size = SerializedSize();
    if (size > kMaxTemplateUrlBytes) {
      problems.push_back(Cat({"the template is ", std::to_string(size),
                              " bytes; CloudFormation reads at most ",
                              std::to_string(kMaxTemplateUrlBytes),
                              " bytes from S3: split the service into several stacks"}));
    }
  }
  if (problems.empty()) return {};
  std::string message = problems.front();
  for (std::size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
  return MakeError("TemplateQuota", message);
}

namespace {

// One circular dependency among the resources (through Ref, Fn::GetAtt,
// Fn::Sub, DependsOn and Metadata, as CloudFormation orders them), as the
// chain "A -> B -> A"; empty when there is none. Depth-first, resources in
// logical-ID order, so the same template always names the same cycle.
std::string FindCycle(const Template& t) {
  std::map<std::string, std::vector<std::string>, std::less<>> needs;
  for (const auto& [id, r] : t.resources()) {
    std::set<std::string> refs = ReferencedNames(json::value(r.properties));
    if (!r.metadata.is_null()) refs.merge(ReferencedNames(r.metadata));
    refs.insert(r.depends_on.begin(), r.depends_on.end());
    std::vector<std::string>& mine = needs[id];
    for (const std::string& n : refs) {
      if (n != id && t.resources().contains(n)) mine.push_back(n);
    }
  }
  enum class Mark { kNew, kOnPath, kDone };
  std::map<std::string_view, Mark> marks;
  std::vector<std::string_view> path;
  std::string cycle;
  std::function<bool(std::string_view)> visit = [&](std::string_view id) {
    Mark& m = marks[id];
    if (m == Mark::kDone) return false;
    if (m == Mark::kOnPath) {
      auto from = std::find(path.begin(), path.end(), id);
      for (auto it = from; it != path.end(); ++it) cycle += std::string(*it) + " -> ";
      cycle += id;
      return true;
    }
    m = Mark::kOnPath;
    path.push_back(id);
    for (const std::string& n : needs.find(id)->second) {
      if (visit(n)) return true;
    }
    path.pop_back();
    marks[id] = Mark::kDone;
    return false;
  };
  for (const auto& [id, unused] : needs) {
    if (visit(id)) return cycle;
  }
  return {};
}

}  // namespace

Status Template::Validate() const {
  std::vector<std::string> problems;
  if (description_.size() > kMaxDescriptionBytes) {
    problems.push_back("the template Description is " + std::to_string(description_.size()) +
                       " bytes; CloudFormation allows at most " +
                       std::to_string(kMaxDescriptionBytes) + ", shorten it");
  }
  for (auto& p : ReferenceChecker(*this).Run()) problems.push_back(std::move(p));
  if (problems.empty()) {
    // Only with every name resolved: a dangling name is the clearer report.
    if (std::string cycle = FindCycle(*this); !cycle.empty()) {
      problems.push_back("circular dependency between resources: " + cycle +
                         "; CloudFormation cannot create one before the other, so remove one "
                         "of these references (or DependsOn)");
    }
  }
  if (problems.empty()) return {};
  if (problems.size() == 1) return MakeError("InvalidTemplate", problems.front());
  std::string message = std::to_string(problems.size()) + " problems in the template:";
  for (const auto& p : problems) message += "\n  - " + p;
  return MakeError("InvalidTemplate", message);
}

}  // namespace sparta::cfn
