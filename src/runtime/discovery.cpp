#include "sparta/runtime/discovery.hpp"

#include <cstdlib>
#include <mutex>
#include <optional>

#include "sparta/json/json.hpp"
#include "sparta/runtime/function_error.hpp"

namespace sparta::runtime {

namespace {

constexpr const char* kErrorType = "Sparta.DiscoveryError";

std::string Names(const auto& map) {
  std::string out;
  for (const auto& [k, v] : map) out += (out.empty() ? "" : ", ") + k;
  return out.empty() ? "none" : out;
}

// The string at `key` of `o`, or "" when absent or not a string.
std::string Text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

const std::string& DiscoveredResource::Attribute(std::string_view name) const {
  auto it = attributes.find(name);
  if (it == attributes.end()) {
    throw FunctionError(kErrorType, "resource " + logical_id + " (" + type +
                                        ") has no discovered attribute " + std::string(name) +
                                        "; it has: " + Names(attributes));
  }
  return it->second;
}

Result<Discovery> Discovery::Parse(std::string_view document) {
  auto parsed = jsonutil::Parse(document, "the discovery document (SPARTA_DISCOVERY)");
  if (!parsed.ok()) return MakeError("InvalidDiscovery", parsed.error().message);
  const json::object* root = parsed->if_object();
  if (root == nullptr) {
    return MakeError("InvalidDiscovery", "the discovery document is not a JSON object");
  }
  Discovery d;
  if (const json::value* s = root->if_contains("stack"); s != nullptr && s->is_object()) {
    const json::object& o = s->get_object();
    d.stack_ = StackIdentity{Text(o, "name"),      Text(o, "id"),      Text(o, "region"),
                             Text(o, "account"),   Text(o, "partition"), Text(o, "urlSuffix")};
  }
  d.function_ = Text(*root, "function");
  if (const json::value* rs = root->if_contains("resources"); rs != nullptr) {
    if (!rs->is_object()) {
      return MakeError("InvalidDiscovery", "the discovery document's resources is not an object");
    }
    for (const auto& [id, v] : rs->get_object()) {
      if (!v.is_object()) {
        return MakeError("InvalidDiscovery",
                         "resource " + std::string(id) + " of the discovery document is not an "
                                                         "object");
      }
      const json::object& o = v.get_object();
      DiscoveredResource r{.logical_id = std::string(id),
                           .type = Text(o, "type"),
                           .ref = Text(o, "ref"),
                           .attributes = {}};
      if (const json::value* a = o.if_contains("attributes"); a != nullptr && a->is_object()) {
        for (const auto& [name, value] : a->get_object()) {
          if (value.is_string()) r.attributes.emplace(std::string(name), value.get_string());
        }
      }
      d.resources_.emplace(r.logical_id, std::move(r));
    }
  }
  return d;
}

const DiscoveredResource& Discovery::Resource(std::string_view logical_id) const {
  auto it = resources_.find(logical_id);
  if (it == resources_.end()) {
    throw FunctionError(kErrorType, "function " + function_ + " does not depend on " +
                                        std::string(logical_id) +
                                        "; add it to the function's dependencies (it depends "
                                        "on: " +
                                        Names(resources_) + ")");
  }
  return it->second;
}

void Discovery::CheckType(const DiscoveredResource& r, std::string_view type) {
  if (r.type != type) {
    throw FunctionError(kErrorType, "resource " + r.logical_id + " is a " + r.type + ", not a " +
                                        std::string(type));
  }
}

const Discovery& Discover() {
  static std::once_flag once;
  static std::optional<Discovery> discovery;
  static std::string failure;
  std::call_once(once, [] {
    const char* text = std::getenv("SPARTA_DISCOVERY");
    if (text == nullptr) {
      failure =
          "SPARTA_DISCOVERY is not set: discovery works in a function deployed with "
          "`provision` that declares dependencies (FunctionOptions::dependencies)";
      return;
    }
    auto parsed = Discovery::Parse(text);
    if (!parsed.ok()) {
      failure = parsed.error().message;
      return;
    }
    discovery = std::move(*parsed);
  });
  if (!discovery) throw FunctionError(kErrorType, failure);
  return *discovery;
}

}  // namespace sparta::runtime
