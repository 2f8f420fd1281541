// Every way a function can fail, run through `invoke` against the real
// packaged bootstrap: the caller must see what Lambda would show.

#include "program_test_util.hpp"
#include "sparta/util/files.hpp"

namespace sparta::testing {
namespace {

const std::string kFaulty = FAULTY_PROGRAM;

json::object ErrorPayload(const std::string& function, ProcessResult* raw = nullptr) {
  ProcessResult r;
  auto o = InvokeJson(kFaulty, function, "{}", &r);
  if (raw) *raw = r;
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  json::value payload = ParseOrFail(Str(o, "payload"));
  return payload.is_object() ? payload.as_object() : json::object();
}

TEST(Faulty, StdExceptionReportsTypeMessageAndStack) {
  auto p = ErrorPayload("ThrowStd");
  EXPECT_EQ(Str(p, "errorType"), "std::out_of_range");
  EXPECT_EQ(Str(p, "errorMessage"), "index 7 is past the end");
  ASSERT_TRUE(p.contains("stackTrace"));
  EXPECT_FALSE(p.at("stackTrace").as_array().empty()) << "no stack trace captured at the throw";
}

TEST(Faulty, NonStdExceptionIsNamed) {
  auto p = ErrorPayload("ThrowInt");
  EXPECT_NE(Str(p, "errorMessage").find("int"), std::string::npos) << Str(p, "errorMessage");
  auto q = ErrorPayload("ThrowStruct");
  EXPECT_NE(Str(q, "errorMessage").find("NotAnException"), std::string::npos)
      << Str(q, "errorMessage");
}

TEST(Faulty, CrashIsARuntimeExitErrorWithTheSignal) {
  auto p = ErrorPayload("Segfault");
  EXPECT_EQ(Str(p, "errorType"), "Runtime.ExitError");
  EXPECT_NE(Str(p, "errorMessage").find("signal: segmentation fault"), std::string::npos)
      << Str(p, "errorMessage");
  auto a = ErrorPayload("Abort");
  EXPECT_NE(Str(a, "errorMessage").find("signal: aborted"), std::string::npos)
      << Str(a, "errorMessage");
#ifndef __SANITIZE_ADDRESS__  // the sanitizer preset's bootstraps are dynamic: names stay mangled
  // The crash report in the function's log names frames demangled.
  auto invocation = InvokeJson(kFaulty, "Segfault", "{}");
  std::string logs = invocation.contains("logs") ? json::serialize(invocation.at("logs")) : "";
  EXPECT_NE(logs.find(" (anonymous namespace)::Segfault(std::basic_string_view<char"),
            std::string::npos)
      << logs;
#endif
  auto e = ErrorPayload("Exit");
  EXPECT_NE(Str(e, "errorMessage").find("exit status 3"), std::string::npos)
      << Str(e, "errorMessage");
}

TEST(Faulty, TimeoutKillsAndReportsLikeLambda) {
  ProcessResult raw;
  auto p = ErrorPayload("Sleep", &raw);
  EXPECT_NE(Str(p, "errorMessage").find("Task timed out after 1.00 seconds"), std::string::npos)
      << raw.out;
}

TEST(Faulty, OversizedResponseIsRejected) {
  auto p = ErrorPayload("Big");
  EXPECT_EQ(Str(p, "errorType"), "Function.ResponseSizeTooLarge");
}

TEST(Faulty, OversizedRequestIsRejectedBeforeRunning) {
  std::string event = "\"" + std::string(6 * 1024 * 1024 + 10, 'y') + "\"";
  auto r = RunProcess({kFaulty, "invoke", "Chatty", "--event", "-"}, event);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("6291456"), std::string::npos) << r.err.substr(0, 2000);
  EXPECT_EQ(r.err.find("START RequestId"), std::string::npos);
}

TEST(Faulty, OutputOfTheFunctionIsCapturedAsLogLines) {
  auto r = RunProcess({kFaulty, "invoke", "Chatty", "--event", "-"}, R"("hi")");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("to stdout: \"hi\""), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("to stderr"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("\tWARN\tthrough the logger"), std::string::npos) << r.err;
}

TEST(Faulty, FunctionSeesLambdasEnvironment) {
  auto r = RunProcess({kFaulty, "invoke", "Environment"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseOrFail(r.out);
  EXPECT_EQ(v.at("AWS_LAMBDA_FUNCTION_NAME"), "SpartaFaulty-Environment");
  EXPECT_EQ(v.at("_HANDLER"), "Environment");
  EXPECT_EQ(v.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "512");
  EXPECT_EQ(v.at("AWS_LAMBDA_FUNCTION_VERSION"), "$LATEST");
  EXPECT_EQ(v.at("AWS_LAMBDA_LOG_GROUP_NAME"), "/aws/lambda/SpartaFaulty-Environment");
  EXPECT_EQ(v.at("GREETING"), "hi");
  EXPECT_FALSE(v.at("_X_AMZN_TRACE_ID").as_string().empty());
  EXPECT_EQ(v.at("cwd"), v.at("LAMBDA_TASK_ROOT"));
  EXPECT_GT(v.at("remaining_ms").to_number<int64_t>(), 0);
  EXPECT_LE(v.at("remaining_ms").to_number<int64_t>(), 3000);
}

TEST(Faulty, StageNamesTheFunctionAsDeployed) {
  auto r = RunProcess({kFaulty, "invoke", "Environment", "--stage", "dev"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json::value v = ParseOrFail(r.out);
  EXPECT_EQ(v.at("AWS_LAMBDA_FUNCTION_NAME"), "SpartaFaulty-dev-Environment");
  EXPECT_EQ(v.at("AWS_LAMBDA_LOG_GROUP_NAME"), "/aws/lambda/SpartaFaulty-dev-Environment");
}

struct BadDeclaration {
  const char* variant;
  const char* expected;
};

class FaultyDeclaration : public ::testing::TestWithParam<BadDeclaration> {};

TEST_P(FaultyDeclaration, IsRefusedWithAClearMessageAndNothingWritten) {
  TempDir dir;
  auto out = dir.path() / "out";
  auto r = RunProcess({kFaulty, "build", "--output-dir", out.string()}, "",
                      {std::string("SPARTA_FAULTY_DECLARATION=") + GetParam().variant});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find(GetParam().expected), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out / "SpartaFaulty-cftemplate.json"));
  EXPECT_FALSE(std::filesystem::exists(out / "SpartaFaulty-code.zip"));
  // invoke refuses it too, without running anything.
  auto i = RunProcess({kFaulty, "invoke", "Chatty"}, "",
                      {std::string("SPARTA_FAULTY_DECLARATION=") + GetParam().variant});
  EXPECT_EQ(i.exit_code, 2) << i.err;
  EXPECT_EQ(i.err.find("START RequestId"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Declarations, FaultyDeclaration,
                         ::testing::Values(BadDeclaration{"duplicate", "Chatty"},
                                           BadDeclaration{"memory", "10240"},
                                           BadDeclaration{"timeout", "900"}),
                         [](const auto& test) { return std::string(test.param.variant); });

}  // namespace
}  // namespace sparta::testing
