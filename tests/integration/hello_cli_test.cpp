// The hello example, driven through its command line as a user would.

#include <sys/stat.h>

#include "program_test_util.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::testing {
namespace {

const std::string kHello = HELLO_PROGRAM;

// The README's service is examples/hello, byte for byte: what a reader
// copies is what the tests build and deploy.
TEST(HelloCli, TheReadmesServiceIsTheHelloExample) {
  auto readme = util::ReadFile(std::filesystem::path(SPARTA_SOURCE_DIR) / "README.md");
  auto example = util::ReadFile(std::filesystem::path(SPARTA_SOURCE_DIR) / "examples/hello/main.cpp");
  ASSERT_TRUE(readme.ok() && example.ok());
  const std::string opening = "## A service\n\n```cpp\n";
  const std::size_t start = readme->find(opening);
  ASSERT_NE(start, std::string::npos) << "README.md has no \"## A service\" code block";
  const std::size_t code = start + opening.size();
  const std::size_t end = readme->find("```\n", code);
  ASSERT_NE(end, std::string::npos);
  EXPECT_EQ(readme->substr(code, end - code), *example);
}

TEST(HelloCli, VersionAndHelp) {
  auto v = RunProcess({kHello, "version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("Sparta C++"), std::string::npos);
  auto h = RunProcess({kHello, "--help"});
  EXPECT_EQ(h.exit_code, 0);
  for (const char* verb : {"build", "invoke", "execute", "version"}) {
    EXPECT_NE(h.out.find(verb), std::string::npos) << verb;
  }
}

TEST(HelloCli, UnknownVerbIsAUsageError) {
  auto r = RunProcess({kHello, "deploy-everything"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--help"), std::string::npos) << r.err;
}

TEST(HelloCli, BuildWritesTemplateAndReproducibleArtifact) {
  TempDir a, b;
  auto r1 = RunProcess({kHello, "build", "--output-dir", a.path().string()});
  ASSERT_EQ(r1.exit_code, 0) << r1.err;
  auto r2 = RunProcess({kHello, "build", "--output-dir", b.path().string()});
  ASSERT_EQ(r2.exit_code, 0) << r2.err;

  auto t1 = util::ReadFile(a.path() / "SpartaHello-cftemplate.json");
  auto t2 = util::ReadFile(b.path() / "SpartaHello-cftemplate.json");
  ASSERT_TRUE(t1.ok() && t2.ok());
  EXPECT_EQ(*t1, *t2) << "two builds gave different templates";
  auto z1 = util::ReadFile(a.path() / "SpartaHello-code.zip");
  auto z2 = util::ReadFile(b.path() / "SpartaHello-code.zip");
  ASSERT_TRUE(z1.ok() && z2.ok());
  EXPECT_EQ(*z1, *z2) << "two builds gave different artifact zips";

  json::value tmpl = ParseOrFail(*t1);
  const auto& resources = tmpl.at("Resources").as_object();
  int functions = 0;
  for (const auto& kv : resources) {
    if (kv.value().at("Type") == "AWS::Lambda::Function") {
      ++functions;
      EXPECT_EQ(kv.value().at("Properties").at("Runtime"), "provided.al2023");
    }
  }
  EXPECT_EQ(functions, 2);

  auto entries = util::ReadZip(*z1);
  ASSERT_TRUE(entries.ok()) << entries.error().message;
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ((*entries)[0].name, "bootstrap");
  EXPECT_EQ((*entries)[0].unix_mode & 0777, 0755u);
}

// Every example's template lints clean.
TEST(HelloCli, BuiltTemplatePassesCfnLint) { ExpectTemplateLintsClean(kHello, "SpartaHello"); }

TEST(HelloCli, InventoryTemplatePassesCfnLint) {
  ExpectTemplateLintsClean(INVENTORY_PROGRAM, "SpartaInventory");
}

TEST(HelloCli, MirrorsTemplatePassesCfnLint) {
  ExpectTemplateLintsClean(MIRRORS_PROGRAM, "SpartaMirrors");
}

TEST(HelloCli, UnwritableOutputDirFailsCleanly) {
  TempDir dir;
  auto blocker = dir.path() / "file";
  ASSERT_TRUE(util::WriteFileAtomic(blocker, "x").ok());
  auto r = RunProcess({kHello, "build", "--output-dir", (blocker / "out").string()});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find((blocker / "out").string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--output-dir"), std::string::npos) << r.err;
  int count = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(dir.path())) ++count;
  EXPECT_EQ(count, 1) << "something was left behind";
}

TEST(HelloCli, InvokeTypedFunction) {
  auto r = RunProcess({kHello, "invoke", "Hello", "--event", "-"}, R"({"name":"Ada"})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseOrFail(r.out);
  EXPECT_EQ(v.at("message"), "Hello, Ada!");
  std::string request_id(v.at("request_id").as_string());
  EXPECT_FALSE(request_id.empty());
  // Logs: Lambda's framing, and the handler's line tagged with the request id.
  EXPECT_NE(r.err.find("START RequestId: " + request_id), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("END RequestId: " + request_id), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("REPORT RequestId: " + request_id), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(request_id + "\tINFO\tgreeting Ada"), std::string::npos) << r.err;
}

TEST(HelloCli, InvokeReadsEventFile) {
  TempDir dir;
  auto event = dir.path() / "e.json";
  ASSERT_TRUE(util::WriteFileAtomic(event, R"({"k": [1, 2, 3]})").ok());
  auto r = RunProcess({kHello, "invoke", "Echo", "--event", event.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParseOrFail(r.out), ParseOrFail(R"({"k":[1,2,3]})"));
}

TEST(HelloCli, MalformedEventIsRejectedBeforeRunning) {
  TempDir dir;
  auto event = dir.path() / "bad.json";
  ASSERT_TRUE(util::WriteFileAtomic(event, "{\n \"name\": \"Ada\",\n}").ok());
  auto r = RunProcess({kHello, "invoke", "Hello", "--event", event.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bad.json"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("line 3"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("START RequestId"), std::string::npos) << "the function ran";
}

TEST(HelloCli, MissingEventFileIsAUsageError) {
  auto r = RunProcess({kHello, "invoke", "Hello", "--event", "/nonexistent/e.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/e.json"), std::string::npos) << r.err;
}

TEST(HelloCli, EventOfTheWrongShapeIsAnUnmarshalError) {
  ProcessResult raw;
  auto o = InvokeJson(kHello, "Hello", R"({"name": 5})", &raw);
  EXPECT_EQ(raw.exit_code, 1);
  EXPECT_EQ(Str(o, "functionError"), "Unhandled");
  json::value payload = ParseOrFail(Str(o, "payload"));
  EXPECT_EQ(payload.at("errorType"), "Runtime.UnmarshalError");
  EXPECT_EQ(payload.at("errorMessage"),
            "the event does not convert to HelloRequest: $.name: expected a string, got 5");
}

TEST(HelloCli, EventWithFieldsTheTypeDoesNotNameConverts) {
  // As AWS events grow: the extra keys are ignored.
  auto r = RunProcess({kHello, "invoke", "Hello", "--event", "-"},
                      R"({"name":"Ada","addedLater":{"nested":[1,2]},"n":7.5})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ParseOrFail(r.out).at("message"), "Hello, Ada!");
}

TEST(HelloCli, FunctionErrorTypeIsTheDeclaredOne) {
  ProcessResult raw;
  auto o = InvokeJson(kHello, "Hello", R"({"name": ""})", &raw);
  EXPECT_EQ(raw.exit_code, 1);
  json::value payload = ParseOrFail(Str(o, "payload"));
  EXPECT_EQ(payload.at("errorType"), "InvalidName");
  EXPECT_EQ(payload.at("errorMessage"), "\"name\" must not be empty");
}

TEST(HelloCli, UnknownFunctionListsTheDeclaredOnes) {
  auto r = RunProcess({kHello, "invoke", "Goodbye"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("Goodbye"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Hello"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Echo"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sparta::testing
