// ResolveParameters(): the Parameters section, its defaults and constraints.

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include <boost/regex.hpp>

#include "sparta/local/template_evaluator.hpp"

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

// A constraint value as written (templates use both 5 and "5").
std::optional<double> NumberOf(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.as_int64());
  if (v.is_uint64()) return static_cast<double>(v.as_uint64());
  if (v.is_double()) return v.as_double();
  if (v.is_string()) {
    const std::string s(v.as_string());
    if (s.empty()) return std::nullopt;
    char* end = nullptr;
    double d = std::strtod(s.c_str(), &end);
    if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
    return d;
  }
  return std::nullopt;
}

std::string Scalar(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  return json::serialize(v);
}

bool IsListType(std::string_view type) {
  return type == "CommaDelimitedList" || type.starts_with("List<");
}

bool IsNumberType(std::string_view type) { return type == "Number" || type == "List<Number>"; }

// CommaDelimitedList values: split on ',', each element trimmed of spaces.
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string_view item = text.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

// Checks one (element) value against the declaration. `description` is the
// ConstraintDescription, which CloudFormation shows instead of the rule.
Status CheckConstraints(const std::string& name, const json::object& decl, std::string_view type,
                        const std::string& value) {
  auto fail = [&](std::string own) -> Error {
    if (auto it = decl.find("ConstraintDescription"); it != decl.end() && it->value().is_string())
      return Invalid("Parameter '" + name +
                     "' failed to satisfy constraint: " + std::string(it->value().as_string()));
    return Invalid(std::move(own));
  };
  if (IsNumberType(type) && !NumberOf(json::value(value)))
    return Invalid("Parameter '" + name + "' must be a number not '" + value + "'");
  if (auto it = decl.find("AllowedValues"); it != decl.end()) {
    if (!it->value().is_array())
      return Invalid("Template format error: AllowedValues of parameter '" + name +
                     "' must be a list");
    bool found = false;
    for (const auto& allowed : it->value().as_array()) found = found || Scalar(allowed) == value;
    if (!found) return fail("Parameter '" + name + "' must be one of AllowedValues");
  }
  if (auto it = decl.find("AllowedPattern"); it != decl.end() && it->value().is_string()) {
    // Boost.Regex, not std::regex: libstdc++'s matcher recurses once per
    // character, so a long value (sent by whoever calls CreateStack) overflows
    // the stack and kills the process; Boost's is iterative and throws
    // instead of backtracking without end.
    const std::string pattern(it->value().as_string());
    boost::regex compiled;
    try {
      compiled.assign(pattern, boost::regex::ECMAScript);
    } catch (const boost::regex_error&) {
      return Invalid("Template format error: AllowedPattern of parameter '" + name +
                     "' is not a valid regular expression");
    }
    try {
      if (!boost::regex_match(value, compiled))
        return fail("Parameter '" + name + "' must match pattern " + pattern);
    } catch (const std::runtime_error&) {
      return Invalid("Parameter '" + name + "' could not be checked against AllowedPattern " +
                     pattern + ": matching is too complex; simplify the pattern or the value");
    }
  }
  auto bound = [&](const char* key) -> std::optional<std::pair<double, std::string>> {
    auto it = decl.find(key);
    if (it == decl.end()) return std::nullopt;
    auto n = NumberOf(it->value());
    if (!n) return std::nullopt;
    return std::make_pair(*n, Scalar(it->value()));
  };
  if (auto min = bound("MinLength"); min && static_cast<double>(value.size()) < min->first)
    return fail("Parameter '" + name + "' must contain at least " + min->second + " characters");
  if (auto max = bound("MaxLength"); max && static_cast<double>(value.size()) > max->first)
    return fail("Parameter '" + name + "' must contain at most " + max->second + " characters");
  if (IsNumberType(type)) {
    double number = *NumberOf(json::value(value));
    if (auto min = bound("MinValue"); min && number < min->first)
      return fail("Parameter '" + name + "' must be a number greater than or equal to " +
                  min->second);
    if (auto max = bound("MaxValue"); max && number > max->first)
      return fail("Parameter '" + name + "' must be a number less than or equal to " + max->second);
  }
  return {};
}

}  // namespace

Result<ResolvedParameters> ResolveParameters(const json::value& tmpl,
                                             const std::map<std::string, std::string>& given) {
  if (!tmpl.is_object())
    return Invalid("Template format error: the template must be a JSON object");
  static const json::object kNone;
  const json::object* section = &kNone;
  if (auto it = tmpl.as_object().find("Parameters"); it != tmpl.as_object().end()) {
    if (!it->value().is_object())
      return Invalid("Template format error: Parameters must be an object");
    section = &it->value().as_object();
  }

  std::set<std::string> unknown;
  for (const auto& [name, value] : given)
    if (!section->contains(name)) unknown.insert(name);
  if (!unknown.empty())
    return Invalid("Parameters: [" + JoinNames(unknown) + "] do not exist in the template");
  // CloudFormation's quota; it also bounds the cost of AllowedPattern matching.
  constexpr std::size_t kMaxValueBytes = 4096;
  for (const auto& [name, value] : given) {
    if (value.size() > kMaxValueBytes)
      return Invalid("Parameter '" + name + "' has a value of " + std::to_string(value.size()) +
                     " bytes; the maximum is 4096 bytes. Split it into several parameters and "
                     "join them with Fn::Join.");
  }

  // First: which parameters lack a value (CloudFormation reports all at once).
  std::set<std::string> missing;
  for (const auto& [key, decl] : *section) {
    const std::string name(key);
    if (!decl.is_object() || !decl.as_object().contains("Type"))
      return Invalid("Template format error: Every Parameters object must contain a Type member.");
    if (!given.contains(name) && !decl.as_object().contains("Default")) missing.insert(name);
  }
  if (!missing.empty()) return Invalid("Parameters: [" + JoinNames(missing) + "] must have values");

  ResolvedParameters out;
  for (const auto& [key, decl_value] : *section) {
    const std::string name(key);
    const json::object& decl = decl_value.as_object();
    if (!decl.at("Type").is_string())
      return Invalid("Template format error: Type of parameter '" + name + "' must be a string");
    const std::string type(decl.at("Type").as_string());
    std::string raw;
    if (auto g = given.find(name); g != given.end()) {
      raw = g->second;
    } else {
      const json::value& def = decl.at("Default");
      if (def.is_array()) {  // a list default written as a JSON array
        for (const auto& e : def.as_array()) {
          if (!raw.empty()) raw += ',';
          raw += Scalar(e);
        }
      } else {
        raw = Scalar(def);
      }
    }
    ResolvedParameter p;
    p.type = type;
    if (auto it = decl.find("NoEcho"); it != decl.end())
      p.no_echo = it->value().is_bool() ? it->value().as_bool() : Scalar(it->value()) == "true";
    if (IsListType(type)) {
      json::array items;
      for (auto& item : SplitList(raw)) {
        auto checked = CheckConstraints(name, decl, type, item);
        if (!checked) return checked.error();
        items.emplace_back(json::string(item));
      }
      p.value = std::move(items);
    } else {
      auto checked = CheckConstraints(name, decl, type, raw);
      if (!checked) return checked.error();
      p.value = json::string(raw);
    }
    out.emplace(name, std::move(p));
  }
  return out;
}

}  // namespace sparta::local
