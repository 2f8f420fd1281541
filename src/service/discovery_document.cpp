#include "discovery_document.hpp"

#include "sparta/service/synthesize.hpp"
#include "sparta/service/validate.hpp"

namespace sparta {

namespace {

// A JSON string literal for text that Fn::Sub leaves alone: logical IDs and
// type names are letters, digits and "::", so only quoting is needed.
std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

}  // namespace

Discovery::Discovery(const Service& service) {
  for (const cfn::AnyResource& r : service.resources) {
    const cfn::ResourceDeclaration& d = r.declaration();
    targets_[d.logical_id] = Target{d.resource.type, d.attributes};
  }
  for (const Function& f : AllFunctions(service)) {
    targets_[f.logical_id()] = Target{"AWS::Lambda::Function", {"Arn"}};
  }
}

std::string Discovery::Text(const Function& f, std::size_t* substitutions) const {
  std::size_t subs = 0;
  auto sub = [&subs](const std::string& expr) {
    ++subs;
    return "\"${" + expr + "}\"";
  };
  std::string out =
      "{\"stack\":{\"name\":" + sub("AWS::StackName") + ",\"id\":" + sub("AWS::StackId") +
      ",\"region\":" + sub("AWS::Region") + ",\"account\":" + sub("AWS::AccountId") +
      ",\"partition\":" + sub("AWS::Partition") + ",\"urlSuffix\":" + sub("AWS::URLSuffix") +
      "},\"function\":" + Quoted(f.logical_id()) + ",\"resources\":{";
  bool first = true;
  for (const cfn::Handle& h : f.options.dependencies) {
    auto it = targets_.find(h.logical_id());
    if (it == targets_.end()) continue;
    if (!first) out += ",";
    first = false;
    out += Quoted(h.logical_id()) + ":{\"type\":" + Quoted(it->second.type) +
           ",\"ref\":" + sub(h.logical_id()) + ",\"attributes\":{";
    bool first_attribute = true;
    for (const std::string& a : it->second.attributes) {
      if (!first_attribute) out += ",";
      first_attribute = false;
      out += Quoted(a) + ":" + sub(h.logical_id() + "." + a);
    }
    out += "}}";
  }
  out += "}}";
  if (substitutions != nullptr) *substitutions = subs;
  return out;
}

json::value Discovery::Document(const Function& f) const {
  return json::object{{"Fn::Sub", Text(f, nullptr)}};
}

std::size_t Discovery::EstimatedSize(const Function& f) const {
  std::size_t subs = 0;
  const std::string text = Text(f, &subs);
  // Each "${...}" placeholder is replaced by a value of at most kEstimatedValueBytes.
  std::size_t placeholders = 0;
  for (std::size_t i = text.find("${"); i != std::string::npos; i = text.find("${", i + 2)) {
    placeholders += text.find('}', i) - i + 1;
  }
  return text.size() - placeholders + subs * kEstimatedValueBytes;
}

std::size_t EnvironmentBytes(const Function& f) {
  if (f.options.environment.empty()) return 0;
  json::object env;
  for (const auto& [key, value] : f.options.environment) env[key] = value;
  return json::serialize(env).size();
}

std::size_t Discovery::EnvironmentWithDocument(const Function& f) const {
  std::size_t size = EnvironmentBytes(f);
  if (f.options.dependencies.empty()) return size;
  // The variable's name, its quotes, the colon and comma, and the document.
  return size + kDiscoveryVariable.size() + 6 + EstimatedSize(f);
}

bool Discovery::OverEnvironmentLimit(const Function& f) const {
  return !f.options.dependencies.empty() && EnvironmentWithDocument(f) > kMaxEnvironmentBytes;
}

std::vector<std::string> FunctionsWithDiscoveryFromStack(const Service& service) {
  std::vector<std::string> names;
  if (!service.discovery_from_stack) return names;
  const Discovery discovery(service);
  for (const Function& f : AllFunctions(service)) {
    if (discovery.OverEnvironmentLimit(f)) names.push_back(f.name);
  }
  return names;
}

}  // namespace sparta
