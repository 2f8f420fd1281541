#pragma once
// Helpers shared by the whole-program tests.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/util/files.hpp"
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

/// The environment of a program talking to sparta-local (or moto) with the
/// test credentials: no profile or metadata service of the machine is read.
/// Writes `<dir>/config`, an empty default profile the AWS CLI is content
/// with (it refuses an empty AWS_PROFILE).
inline std::vector<std::string> LocalCloudEnvironment(const std::filesystem::path& dir) {
  const std::filesystem::path config = dir / "config";
  EXPECT_TRUE(util::WriteFileAtomic(config, "[default]\n").ok());
  return {"AWS_ACCESS_KEY_ID=test",
          "AWS_SECRET_ACCESS_KEY=test",
          "AWS_SESSION_TOKEN=",
          "AWS_REGION=us-east-1",
          "AWS_DEFAULT_REGION=us-east-1",
          "AWS_PROFILE=default",
          "AWS_ENDPOINT_URL=",
          "AWS_EC2_METADATA_DISABLED=true",
          "AWS_CONFIG_FILE=" + config.string(),
          "AWS_SHARED_CREDENTIALS_FILE=" + config.string()};
}

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

// Builds `program` and lints the template it writes (`<stack>-cftemplate.json`).
inline void ExpectTemplateLintsClean(const std::string& program, const std::string& stack) {
  if (std::system("command -v cfn-lint >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "cfn-lint is not installed";
  }
  TempDir dir;
  auto r = RunProcess({program, "build", "--output-dir", dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lint = RunProcess({"/bin/sh", "-c",
                          "cfn-lint --format parseable -- '" +
                              (dir.path() / (stack + "-cftemplate.json")).string() + "'"});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
}

}  // namespace sparta::testing
