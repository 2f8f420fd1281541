#include "samples.hpp"

#include <set>

#include "sparta/util/files.hpp"

namespace events_test {

std::string SampleText(std::string_view name) {
  std::string path = std::string(SPARTA_SHARED_TESTDATA) + "/events/";
  path.append(name);
  auto text = sparta::util::ReadFile(path);
  if (!text) {
    ADD_FAILURE() << text.error().message;
    return "";
  }
  return std::move(*text);
}

json::value Sample(std::string_view name) {
  auto parsed = sparta::jsonutil::Parse(SampleText(name), name);
  if (!parsed) {
    ADD_FAILURE() << parsed.error().message;
    return nullptr;
  }
  return std::move(*parsed);
}

std::string FirstDifference(const json::value& expected, const json::value& actual,
                            const std::string& path) {
  if (expected == actual) return "";
  if (expected.is_object() && actual.is_object()) {
    const json::object& e = expected.get_object();
    const json::object& a = actual.get_object();
    std::set<std::string> keys;
    for (const auto& kv : e) keys.emplace(kv.key());
    for (const auto& kv : a) keys.emplace(kv.key());
    for (const std::string& key : keys) {
      const json::value* in_e = e.if_contains(key);
      const json::value* in_a = a.if_contains(key);
      const std::string at = path + "." + key;
      if (in_e == nullptr) return at + ": not in the sample, written as " + json::serialize(*in_a);
      if (in_a == nullptr) return at + ": in the sample, not written";
      std::string inner = FirstDifference(*in_e, *in_a, at);
      if (!inner.empty()) return inner;
    }
  }
  if (expected.is_array() && actual.is_array() &&
      expected.get_array().size() == actual.get_array().size()) {
    for (std::size_t i = 0; i < expected.get_array().size(); ++i) {
      std::string inner = FirstDifference(expected.get_array()[i], actual.get_array()[i],
                                          path + "[" + std::to_string(i) + "]");
      if (!inner.empty()) return inner;
    }
  }
  return path + ": sample " + json::serialize(expected) + ", written " + json::serialize(actual);
}

}  // namespace events_test
