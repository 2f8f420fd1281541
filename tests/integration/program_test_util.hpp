#pragma once
// Helpers shared by the whole-program tests.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "sparta/json/json.hpp"
#include "support/subprocess.hpp"

namespace sparta::testing {

/// A fresh temporary directory, removed with the object.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "sparta-it-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Parses `text` as JSON or fails the current test with the text shown.
inline json::value ParseOrFail(const std::string& text) {
  auto v = jsonutil::Parse(text);
  EXPECT_TRUE(v.ok()) << "not JSON: " << text;
  return v.ok() ? *v : json::value();
}

/// `invoke --output json` of `program`: the parsed result object.
inline json::object InvokeJson(const std::string& program, const std::string& function,
                               const std::string& event, ProcessResult* raw = nullptr) {
  auto r = RunProcess({program, "invoke", function, "--event", "-", "--output", "json"}, event);
  if (raw) *raw = r;
  json::value v = ParseOrFail(r.out);
  EXPECT_TRUE(v.is_object()) << r.out << "\nstderr: " << r.err;
  return v.is_object() ? v.as_object() : json::object();
}

inline std::string Str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

}  // namespace sparta::testing
