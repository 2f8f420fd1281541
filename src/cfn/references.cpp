#include "sparta/cfn/references.hpp"

#include <string_view>

#include "sparta/cfn/pseudo_parameters.hpp"

namespace sparta::cfn {

namespace {

void Add(std::string_view name, std::set<std::string>& out) {
  if (!name.empty() && !IsPseudoParameter(name)) out.emplace(name);
}

void AddSubNames(std::string_view text, const json::object* variables,
                 std::set<std::string>& out) {
  std::size_t pos = 0;
  while ((pos = text.find("${", pos)) != std::string_view::npos) {
    const std::size_t close = text.find('}', pos + 2);
    if (close == std::string_view::npos) return;
    std::string_view name = text.substr(pos + 2, close - pos - 2);
    pos = close + 1;
    if (name.empty() || name.front() == '!') continue;
    if (variables != nullptr && variables->contains(name)) continue;
    Add(name.substr(0, name.find('.')), out);
  }
}

void Walk(const json::value& v, std::set<std::string>& out) {
  if (const json::array* a = v.if_array()) {
    for (const json::value& e : *a) Walk(e, out);
    return;
  }
  const json::object* o = v.if_object();
  if (o == nullptr) return;
  if (o->size() == 1) {
    const auto& [key, arg] = *o->begin();
    if (key == "Ref" && arg.is_string()) {
      Add(arg.get_string(), out);
      return;
    }
    if (key == "Fn::GetAtt") {
      if (arg.is_string()) {
        std::string_view s = arg.get_string();
        Add(s.substr(0, s.find('.')), out);
      } else if (const json::array* a = arg.if_array(); a && !a->empty() && (*a)[0].is_string()) {
        Add((*a)[0].get_string(), out);
        for (std::size_t i = 1; i < a->size(); ++i) Walk((*a)[i], out);
      }
      return;
    }
    if (key == "Fn::Sub") {
      if (arg.is_string()) {
        AddSubNames(arg.get_string(), nullptr, out);
      } else if (const json::array* a = arg.if_array();
                 a && a->size() == 2 && (*a)[0].is_string() && (*a)[1].is_object()) {
        for (const auto& [name, value] : (*a)[1].get_object()) Walk(value, out);
        AddSubNames((*a)[0].get_string(), &(*a)[1].get_object(), out);
      }
      return;
    }
  }
  for (const auto& [key, value] : *o) Walk(value, out);
}

}  // namespace

std::set<std::string> ReferencedNames(const json::value& value) {
  std::set<std::string> out;
  Walk(value, out);
  return out;
}

}  // namespace sparta::cfn
