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
    d.stack_ = StackIdentity{Text(o, "name"),    Text(o, "id"),        Text(o, "region"),
                             Text(o, "account"), Text(o, "partition"), Text(o, "urlSuffix")};
  }
  d.function_ = Text(*root, "function");
  if (const json::value* rs = root->if_contains("resources"); rs != nullptr) {
    if (!rs->is_object()) {
      return MakeError("InvalidDiscovery", "the discovery document's resources is not an object");
    }
    for (const auto& [id, v] : rs->get_object()) {
      if (!v.is_object()) {
        return MakeError("InvalidDiscovery", "resource " + std::string(id) +
                                                 " of the discovery document is not an "
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

namespace {

struct DiscoveryState {
  std::mutex mu;
  DiscoveryLoader loader;              // GUARDED_BY(mu)
  std::optional<Discovery> discovery;  // GUARDED_BY(mu); set once, then immutable
};

DiscoveryState& State() {
  static DiscoveryState state;
  return state;
}

// The document named by SPARTA_DISCOVERY_FROM_STACK, through the loader.
Result<std::string> LoadFromStack(std::string_view where, const DiscoveryLoader& loader) {
  std::string variable(kDiscoveryFromStackVariable);
  auto parsed = jsonutil::Parse(where, variable);
  const json::object* o = parsed.ok() ? parsed->if_object() : nullptr;
  const std::string stack = o != nullptr ? Text(*o, "stack") : "";
  const std::string logical_id = o != nullptr ? Text(*o, "logicalId") : "";
  if (stack.empty() || logical_id.empty()) {
    return MakeError(
        "InvalidDiscovery",
        variable + " must be {\"stack\": ..., \"logicalId\": ...}, not " + std::string(where));
  }
  if (!loader.load) {
    return MakeError("NoDiscoveryLoader",
                     "this function's discovery document is served from the stack (it is over "
                     "Lambda's 4 KB of environment), but this program has no loader for it: set "
                     "Service::discovery_from_stack = sparta::aws::DiscoveryFromStack()");
  }
  auto document = loader.load(stack, logical_id);
  if (!document.ok()) {
    return MakeError(document.error().code, "cannot read the discovery document of " + logical_id +
                                                " from stack " + stack + " (" + loader.name +
                                                "): " + document.error().message);
  }
  return document;
}

}  // namespace

void SetDiscoveryLoader(DiscoveryLoader loader) {
  std::lock_guard lock(State().mu);
  State().loader = std::move(loader);
}

const Discovery& Discover() {
  DiscoveryState& state = State();
  std::lock_guard lock(state.mu);
  if (state.discovery) return *state.discovery;
  std::string document;
  if (const char* text = std::getenv("SPARTA_DISCOVERY")) {
    document = text;
  } else if (const char* where = std::getenv(std::string(kDiscoveryFromStackVariable).c_str())) {
    auto loaded = LoadFromStack(where, state.loader);
    if (!loaded.ok()) throw FunctionError(kErrorType, loaded.error().message);
    document = std::move(*loaded);
  } else {
    throw FunctionError(kErrorType,
                        "SPARTA_DISCOVERY is not set: discovery works in a function deployed "
                        "with `provision` that declares dependencies "
                        "(FunctionOptions::dependencies)");
  }
  auto parsed = Discovery::Parse(document);
  if (!parsed.ok()) throw FunctionError(kErrorType, parsed.error().message);
  state.discovery = std::move(*parsed);
  return *state.discovery;
}

}  // namespace sparta::runtime
