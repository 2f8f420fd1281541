// EvaluateValue(), EvaluateConditions(), EvaluateOutputs(): the intrinsic
// function interpreter.

#include <set>
#include <utility>

#include "sparta/cfn/pseudo_parameters.hpp"
#include "sparta/local/template_evaluator.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::local {

namespace {

namespace pseudo = cfn::pseudo;

Error Invalid(std::string message) {
  return MakeError(std::string(kValidationError), std::move(message));
}

// nullopt stands for AWS::NoValue: the caller drops the key or element.
using MaybeValue = std::optional<json::value>;
using ConditionLookup = std::function<Result<bool>(std::string_view)>;

// Evaluates `expr` (a Result); on failure returns its Error from the
// enclosing function, otherwise binds `var` to the value. Local to this file.
#define SPARTA_TRY_ASSIGN(var, expr)              \
  auto var##_result = (expr);                     \
  if (!var##_result) return var##_result.error(); \
  auto& var = *var##_result

// Interprets one value. `in_conditions` selects the Conditions-block rules
// (no resource references).
class Evaluator {
 public:
  Evaluator(const EvalScope& scope, ConditionLookup conditions, bool in_conditions)
      : scope_(scope), conditions_(std::move(conditions)), in_conditions_(in_conditions) {}

  Result<MaybeValue> Eval(const json::value& v) {
    if (v.is_array()) {
      json::array out;
      for (const auto& e : v.as_array()) {
        SPARTA_TRY_ASSIGN(item, Eval(e));
        if (item) out.push_back(std::move(*item));
      }
      return MaybeValue(std::move(out));
    }
    if (!v.is_object()) return MaybeValue(v);
    const json::object& o = v.as_object();
    if (o.size() == 1) {
      std::string_view key = o.begin()->key();
      if (key == "Ref" || key.starts_with("Fn::")) return Call(key, o.begin()->value());
    }
    json::object out;
    for (const auto& [key, member] : o) {
      SPARTA_TRY_ASSIGN(item, Eval(member));
      if (item) out.emplace(key, std::move(*item));
    }
    return MaybeValue(std::move(out));
  }

  // A condition expression: {"Condition": name}, a condition function, or
  // anything that evaluates to a boolean (or "true"/"false").
  Result<bool> EvalCondition(const json::value& v) {
    if (v.is_object() && v.as_object().size() == 1 && v.as_object().contains("Condition")) {
      const json::value& name = v.as_object().at("Condition");
      if (!name.is_string())
        return Invalid("Template format error: Condition must be the name of a condition");
      return conditions_(name.as_string());
    }
    SPARTA_TRY_ASSIGN(value, Eval(v));
    if (value && value->is_bool()) return value->as_bool();
    if (value && value->is_string() &&
        (value->as_string() == "true" || value->as_string() == "false"))
      return value->as_string() == "true";
    return Invalid(
        "Template error: a condition must be a condition function or a Condition "
        "reference, got " +
        (value ? json::serialize(*value) : std::string("AWS::NoValue")));
  }

 private:
  Result<MaybeValue> Call(std::string_view fn, const json::value& arg) {
    if (fn == "Ref") return Ref(arg);
    if (fn == "Fn::GetAtt") return GetAtt(arg);
    if (fn == "Fn::Join") return Join(arg);
    if (fn == "Fn::Sub") return Sub(arg);
    if (fn == "Fn::Base64") return Base64(arg);
    if (fn == "Fn::Select") return Select(arg);
    if (fn == "Fn::Split") return Split(arg);
    if (fn == "Fn::If") return If(arg);
    if (fn == "Fn::Equals") return Equals(arg);
    if (fn == "Fn::And" || fn == "Fn::Or") return AndOr(fn == "Fn::And", arg);
    if (fn == "Fn::Not") return Not(arg);
    if (fn == "Fn::ImportValue") return ImportValue(arg);
    if (fn == "Fn::GetAZs") return GetAZs(arg);
    if (fn == "Fn::FindInMap") return FindInMap(arg);
    return Invalid("Template format error: Unrecognized intrinsic function: " + std::string(fn));
  }

  // Evaluates `v` and requires a string (numbers and booleans are written
  // as text, as CloudFormation passes them).
  Result<std::string> EvalString(const json::value& v, std::string_view fn) {
    SPARTA_TRY_ASSIGN(value, Eval(v));
    if (value) {
      if (value->is_string()) return std::string(value->as_string());
      if (value->is_number() || value->is_bool()) return json::serialize(*value);
    }
    return Invalid("Template error: " + std::string(fn) + " requires a string argument, got " +
                   (value ? json::serialize(*value) : std::string("AWS::NoValue")));
  }

  Result<MaybeValue> RefName(std::string_view name) {
    if (scope_.params) {
      if (auto it = scope_.params->find(name); it != scope_.params->end())
        return MaybeValue(it->second.value);
    }
    const StackContext& c = scope_.ctx;
    if (name == pseudo::kNoValue) return MaybeValue();
    if (name == pseudo::kAccountId) return MaybeValue(json::string(c.account_id));
    if (name == pseudo::kRegion) return MaybeValue(json::string(c.region));
    if (name == pseudo::kStackId) return MaybeValue(json::string(c.stack_id));
    if (name == pseudo::kStackName) return MaybeValue(json::string(c.stack_name));
    if (name == pseudo::kPartition) return MaybeValue(json::string(c.partition));
    if (name == pseudo::kUrlSuffix) return MaybeValue(json::string(c.url_suffix));
    if (name == pseudo::kNotificationArns) {
      json::array arns;
      for (const auto& a : c.notification_arns) arns.emplace_back(json::string(a));
      return MaybeValue(std::move(arns));
    }
    if (in_conditions_)
      return Invalid("Template format error: Unresolved dependencies [" + std::string(name) +
                     "]. Cannot reference resources in the Conditions block of the template");
    if (!scope_.ref_resource)
      return Invalid("Template format error: Unresolved resource dependencies [" +
                     std::string(name) + "] in the Resources block of the template");
    SPARTA_TRY_ASSIGN(physical_id, scope_.ref_resource(name));
    return MaybeValue(json::string(physical_id));
  }

  Result<MaybeValue> Ref(const json::value& arg) {
    if (!arg.is_string())
      return Invalid("Template format error: Ref requires the name of a parameter or resource");
    return RefName(arg.as_string());
  }

  Result<MaybeValue> GetAttOf(std::string_view resource, std::string_view attribute) {
    if (in_conditions_ || !scope_.get_att)
      return Invalid("Template format error: Unresolved resource dependencies [" +
                     std::string(resource) + "] in the Resources block of the template");
    SPARTA_TRY_ASSIGN(value, scope_.get_att(resource, attribute));
    return MaybeValue(std::move(value));
  }

  Result<MaybeValue> GetAtt(const json::value& arg) {
    if (arg.is_string()) {
      std::string_view text = arg.as_string();
      auto dot = text.find('.');
      if (dot != std::string_view::npos && dot > 0 && dot + 1 < text.size())
        return GetAttOf(text.substr(0, dot), text.substr(dot + 1));
    } else if (arg.is_array() && arg.as_array().size() == 2 && arg.as_array()[0].is_string()) {
      SPARTA_TRY_ASSIGN(attribute, EvalString(arg.as_array()[1], "Fn::GetAtt"));
      return GetAttOf(arg.as_array()[0].as_string(), attribute);
    }
    return Invalid(
        "Template error: every Fn::GetAtt object requires two non-empty parameters, "
        "the resource name and the resource attribute");
  }

  Result<MaybeValue> Join(const json::value& arg) {
    const Error usage = Invalid(
        "Template error: every Fn::Join object requires two parameters, (1) a string delimiter "
        "and (2) a list of strings to be joined or a function that returns a list of strings");
    if (!arg.is_array() || arg.as_array().size() != 2 || !arg.as_array()[0].is_string())
      return usage;
    SPARTA_TRY_ASSIGN(list, Eval(arg.as_array()[1]));
    if (!list || !list->is_array()) return usage;
    std::string out;
    bool first = true;
    for (const auto& e : list->as_array()) {
      if (!first) out += arg.as_array()[0].as_string();
      first = false;
      if (e.is_string())
        out += e.as_string();
      else if (e.is_number() || e.is_bool())
        out += json::serialize(e);
      else
        return usage;
    }
    return MaybeValue(json::string(out));
  }

  Result<MaybeValue> Sub(const json::value& arg) {
    const json::value* text = &arg;
    const json::object* variables = nullptr;
    if (arg.is_array() && arg.as_array().size() == 2 && arg.as_array()[1].is_object()) {
      text = &arg.as_array()[0];
      variables = &arg.as_array()[1].as_object();
    }
    if (!text->is_string())
      return Invalid(
          "Template error: Fn::Sub requires a string, or a string and a map of "
          "variables");
    std::string_view s = text->as_string();
    std::string out;
    std::size_t pos = 0;
    while (pos < s.size()) {
      std::size_t open = s.find("${", pos);
      if (open == std::string_view::npos) break;
      out.append(s.substr(pos, open - pos));
      if (open + 2 < s.size() && s[open + 2] == '!') {  // ${!Literal} -> ${Literal}
        out += "${";
        pos = open + 3;
        continue;
      }
      std::size_t close = s.find('}', open + 2);
      if (close == std::string_view::npos) {
        out.append(s.substr(open));
        pos = s.size();
        break;
      }
      std::string_view name = s.substr(open + 2, close - open - 2);
      SPARTA_TRY_ASSIGN(value, SubVariable(name, variables));
      out += value;
      pos = close + 1;
    }
    if (pos < s.size()) out.append(s.substr(pos));
    return MaybeValue(json::string(out));
  }

  Result<std::string> SubVariable(std::string_view name, const json::object* variables) {
    MaybeValue value;
    if (variables && variables->contains(name)) {
      SPARTA_TRY_ASSIGN(v, Eval(variables->at(name)));
      value = std::move(v);
    } else if (auto dot = name.find('.'); dot != std::string_view::npos) {
      SPARTA_TRY_ASSIGN(v, GetAttOf(name.substr(0, dot), name.substr(dot + 1)));
      value = std::move(v);
    } else {
      SPARTA_TRY_ASSIGN(v, RefName(name));
      value = std::move(v);
    }
    if (value && value->is_string()) return std::string(value->as_string());
    if (value && (value->is_number() || value->is_bool())) return json::serialize(*value);
    return Invalid("Template error: variable " + std::string(name) +
                   " in Fn::Sub expression does not resolve to a string");
  }

  Result<MaybeValue> Base64(const json::value& arg) {
    SPARTA_TRY_ASSIGN(text, EvalString(arg, "Fn::Base64"));
    return MaybeValue(json::string(util::Base64Encode(text)));
  }

  Result<MaybeValue> Select(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 2)
      return Invalid(
          "Template error: Fn::Select requires a list argument with two elements: an "
          "integer index and a list");
    SPARTA_TRY_ASSIGN(index_text, EvalString(arg.as_array()[0], "Fn::Select"));
    std::size_t index = 0;
    bool numeric = !index_text.empty();
    for (char ch : index_text) {
      numeric = numeric && ch >= '0' && ch <= '9';
      if (numeric) index = index * 10 + static_cast<std::size_t>(ch - '0');
      if (index > 1'000'000) numeric = false;
    }
    if (!numeric)
      return Invalid("Template error: Fn::Select requires a non-negative integer index, got " +
                     index_text);
    SPARTA_TRY_ASSIGN(list, Eval(arg.as_array()[1]));
    if (!list || !list->is_array())
      return Invalid("Template error: Fn::Select requires a list as its second argument");
    if (index >= list->as_array().size())
      return Invalid("Template error: Fn::Select cannot select nonexistent value at index " +
                     index_text);
    return MaybeValue(list->as_array()[index]);
  }

  Result<MaybeValue> Split(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 2 || !arg.as_array()[0].is_string() ||
        arg.as_array()[0].as_string().empty())
      return Invalid(
          "Template error: every Fn::Split object requires two parameters, (1) a "
          "non-empty string delimiter and (2) a string to be split");
    std::string_view delimiter = arg.as_array()[0].as_string();
    SPARTA_TRY_ASSIGN(source, EvalString(arg.as_array()[1], "Fn::Split"));
    json::array out;
    std::size_t pos = 0;
    while (true) {
      std::size_t at = source.find(delimiter, pos);
      if (at == std::string::npos) break;
      out.emplace_back(json::string(source.substr(pos, at - pos)));
      pos = at + delimiter.size();
    }
    out.emplace_back(json::string(source.substr(pos)));
    return MaybeValue(std::move(out));
  }

  Result<MaybeValue> If(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 3 || !arg.as_array()[0].is_string())
      return Invalid(
          "Template error: Fn::If requires a list argument with three elements: a "
          "condition name and two values");
    SPARTA_TRY_ASSIGN(chosen, conditions_(arg.as_array()[0].as_string()));
    return Eval(arg.as_array()[chosen ? 1 : 2]);
  }

  Result<MaybeValue> Equals(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 2)
      return Invalid("Template error: Fn::Equals requires a list argument with two elements");
    SPARTA_TRY_ASSIGN(a, Eval(arg.as_array()[0]));
    SPARTA_TRY_ASSIGN(b, Eval(arg.as_array()[1]));
    // CloudFormation compares text: 1 equals "1", true equals "true".
    auto text = [](const MaybeValue& v) {
      if (!v) return std::string("AWS::NoValue");
      if (v->is_string()) return std::string(v->as_string());
      return json::serialize(*v);
    };
    return MaybeValue(json::value(text(a) == text(b)));
  }

  Result<MaybeValue> AndOr(bool is_and, const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() < 2 || arg.as_array().size() > 10)
      return Invalid(std::string("Template error: ") + (is_and ? "Fn::And" : "Fn::Or") +
                     " requires a list of 2 to 10 conditions");
    for (const auto& c : arg.as_array()) {
      SPARTA_TRY_ASSIGN(value, EvalCondition(c));
      if (value != is_and) return MaybeValue(json::value(!is_and));
    }
    return MaybeValue(json::value(is_and));
  }

  Result<MaybeValue> Not(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 1)
      return Invalid("Template error: Fn::Not requires a list argument with one condition");
    SPARTA_TRY_ASSIGN(value, EvalCondition(arg.as_array()[0]));
    return MaybeValue(json::value(!value));
  }

  Result<MaybeValue> ImportValue(const json::value& arg) {
    SPARTA_TRY_ASSIGN(name, EvalString(arg, "Fn::ImportValue"));
    std::optional<std::string> value;
    if (scope_.import_value) value = scope_.import_value(name);
    if (!value) return Invalid("No export named " + name + " found");
    return MaybeValue(json::string(*value));
  }

  Result<MaybeValue> GetAZs(const json::value& arg) {
    SPARTA_TRY_ASSIGN(region, EvalString(arg, "Fn::GetAZs"));
    if (region.empty()) region = scope_.ctx.region;
    json::array zones;
    for (const char* suffix : {"a", "b", "c"}) zones.emplace_back(json::string(region + suffix));
    return MaybeValue(std::move(zones));
  }

  Result<MaybeValue> FindInMap(const json::value& arg) {
    if (!arg.is_array() || arg.as_array().size() != 3)
      return Invalid(
          "Template error: Fn::FindInMap requires a list argument with three "
          "elements: map name, top-level key, second-level key");
    std::string keys[3];
    for (std::size_t i = 0; i < 3; ++i) {
      SPARTA_TRY_ASSIGN(key, EvalString(arg.as_array()[i], "Fn::FindInMap"));
      keys[i] = std::move(key);
    }
    const json::value* at = nullptr;
    if (scope_.mappings) {
      if (auto m = scope_.mappings->find(keys[0]);
          m != scope_.mappings->end() && m->value().is_object()) {
        const json::object& top = m->value().as_object();
        if (auto t = top.find(keys[1]); t != top.end() && t->value().is_object()) {
          const json::object& second = t->value().as_object();
          if (auto s = second.find(keys[2]); s != second.end()) at = &s->value();
        }
      }
    }
    if (!at)
      return Invalid("Template error: Unable to get mapping for " + keys[0] + "::" + keys[1] +
                     "::" + keys[2]);
    return MaybeValue(*at);
  }

  const EvalScope& scope_;
  ConditionLookup conditions_;
  bool in_conditions_;
};

ConditionLookup LookupIn(const ConditionValues* conditions) {
  return [conditions](std::string_view name) -> Result<bool> {
    if (conditions) {
      if (auto it = conditions->find(name); it != conditions->end()) return it->second;
    }
    return Invalid("Template format error: Unresolved condition dependency " + std::string(name) +
                   " in Fn::If or Condition");
  };
}

const json::object* Section(const json::value& tmpl, std::string_view name) {
  if (!tmpl.is_object()) return nullptr;
  auto it = tmpl.as_object().find(name);
  if (it == tmpl.as_object().end() || !it->value().is_object()) return nullptr;
  return &it->value().as_object();
}

}  // namespace

Result<ConditionValues> EvaluateConditions(const json::value& tmpl,
                                           const ResolvedParameters& params,
                                           const StackContext& ctx) {
  const json::object* section = Section(tmpl, "Conditions");
  EvalScope scope{.ctx = ctx, .params = &params, .mappings = Section(tmpl, "Mappings")};
  ConditionValues done;
  std::vector<std::string> visiting;  // the chain being evaluated, for cycle reports
  std::function<Result<bool>(std::string_view)> lookup;
  lookup = [&](std::string_view name) -> Result<bool> {
    if (auto it = done.find(name); it != done.end()) return it->second;
    if (!section || !section->contains(name))
      return Invalid("Template format error: Unresolved condition dependency " + std::string(name) +
                     " in Fn::If or Condition");
    for (std::size_t i = 0; i < visiting.size(); ++i) {
      if (visiting[i] != name) continue;
      std::set<std::string> cycle(visiting.begin() + static_cast<std::ptrdiff_t>(i),
                                  visiting.end());
      std::string names;
      for (const auto& n : cycle) {
        if (!names.empty()) names += ", ";
        names += n;
      }
      return Invalid("Template error: Circular dependency between conditions: [" + names + "]");
    }
    visiting.emplace_back(name);
    Evaluator evaluator(scope, lookup, /*in_conditions=*/true);
    auto value = evaluator.EvalCondition(section->at(name));
    visiting.pop_back();
    if (!value) return value.error();
    done.emplace(std::string(name), *value);
    return *value;
  };
  if (section) {
    for (const auto& [name, unused] : *section) {
      auto value = lookup(name);
      if (!value) return value.error();
    }
  }
  return done;
}

Result<json::value> EvaluateValue(const json::value& v, const EvalScope& scope) {
  Evaluator evaluator(scope, LookupIn(scope.conditions), /*in_conditions=*/false);
  SPARTA_TRY_ASSIGN(value, evaluator.Eval(v));
  if (!value) return json::value(nullptr);
  return std::move(*value);
}

Result<std::vector<EvaluatedOutput>> EvaluateOutputs(const json::value& tmpl,
                                                     const EvalScope& scope) {
  std::vector<EvaluatedOutput> out;
  const json::object* section = Section(tmpl, "Outputs");
  if (!section) return out;
  std::map<std::string, const json::object*> sorted;
  for (const auto& [name, output] : *section) {
    if (!output.is_object() || !output.as_object().contains("Value"))
      return Invalid("Template format error: Every Outputs member must contain a Value object");
    sorted.emplace(std::string(name), &output.as_object());
  }
  ConditionLookup conditions = LookupIn(scope.conditions);
  for (const auto& [name, output] : sorted) {
    if (auto c = output->find("Condition"); c != output->end()) {
      if (!c->value().is_string())
        return Invalid("Template format error: Condition of output " + name + " must be a string");
      SPARTA_TRY_ASSIGN(enabled, conditions(c->value().as_string()));
      if (!enabled) continue;
    }
    EvaluatedOutput e;
    e.logical_id = name;
    SPARTA_TRY_ASSIGN(value, EvaluateValue(output->at("Value"), scope));
    e.value = std::move(value);
    if (auto d = output->find("Description"); d != output->end() && d->value().is_string())
      e.description = std::string(d->value().as_string());
    if (auto x = output->find("Export"); x != output->end()) {
      const json::value* export_name =
          x->value().is_object() ? x->value().as_object().if_contains("Name") : nullptr;
      if (!export_name)
        return Invalid("Template format error: Export of output " + name + " must have a Name");
      SPARTA_TRY_ASSIGN(evaluated, EvaluateValue(*export_name, scope));
      if (!evaluated.is_string())
        return Invalid("Template error: Export.Name of output " + name +
                       " must evaluate to a string");
      e.export_name = std::string(evaluated.as_string());
    }
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sparta::local

#undef SPARTA_TRY_ASSIGN
