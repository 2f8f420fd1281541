// FunctionProcess against the test bootstrap (tests/local/test_bootstrap.cpp),
// whose behaviour each event payload chooses.
#include "sparta/local/function_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "sparta/json/json.hpp"
#include "sparta/local/runtime_api_server.hpp"

namespace sparta::local {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// Dead means reaped (no such process) or, for a grandchild whose parent died
// before us, a zombie waiting for init.
bool ProcessIsGone(int pid) {
  if (::kill(pid, 0) != 0) return errno == ESRCH;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  auto paren = text.rfind(')');
  return paren == std::string::npos || text.substr(paren + 2, 1) == "Z";
}

std::vector<std::string> Messages(const InvokeResult& result) {
  std::vector<std::string> out;
  for (const auto& event : result.logs) out.push_back(event.message);
  return out;
}

// Index of the first message starting with `prefix`, or -1.
int Find(const std::vector<std::string>& lines, const std::string& prefix) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
  }
  return -1;
}

// Matches `text` against `shape`, where 'D' stands for exactly one decimal
// digit and 'H' for one lowercase hex digit; all else is literal. (std::regex
// trips GCC 12's -Wmaybe-uninitialized in sanitizer builds.)
bool Shaped(std::string_view text, std::string_view shape) {
  if (text.size() != shape.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool digit = c >= '0' && c <= '9';
    if (shape[i] == 'D' ? !digit : shape[i] == 'H' ? !(digit || (c >= 'a' && c <= 'f'))
                                                   : c != shape[i]) {
      return false;
    }
  }
  return true;
}

int FindContaining(const std::vector<std::string>& lines, const std::string& text) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(text) != std::string::npos) return static_cast<int>(i);
  }
  return -1;
}

std::map<std::string, std::string> ParseEnv(const std::string& text) {
  std::map<std::string, std::string> env;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    auto eq = line.find('=');
    if (eq != std::string::npos) env[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return env;
}

json::object ParseObject(const std::string& text) {
  auto parsed = json::parse(text);
  return parsed.as_object();
}

std::string Field(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  return value && value->is_string() ? std::string(value->as_string()) : std::string("<missing>");
}

class FunctionProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    task_root_ = fs::temp_directory_path() /
                 ("sparta-local-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(task_root_);
    fs::create_directories(task_root_);
    fs::create_symlink(LOCAL_TEST_BOOTSTRAP, task_root_ / "bootstrap");
    config_.function_name = "test-fn";
    config_.handler = "handler.main";
    config_.memory_mb = 256;
    config_.timeout_seconds = 3;
    config_.task_root = task_root_;
    config_.region = "eu-west-1";
    config_.account_id = "123456789012";
    config_.environment = {{"MY_VAR", "hello"}};
  }
  void TearDown() override {
    function_.reset();
    fs::remove_all(task_root_);
  }

  FunctionProcess& Function(FunctionProcessOptions options = {}) {
    auto created = FunctionProcess::Create(config_, std::move(options));
    EXPECT_TRUE(created.ok()) << created.error().message;
    function_ = std::move(*created);
    return *function_;
  }

  InvokeResult Invoke(std::string_view payload, const InvokeOptions& options = {}) {
    auto result = function_->Invoke(payload, options);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? std::move(*result) : InvokeResult{};
  }

  fs::path task_root_;
  FunctionConfig config_;
  std::unique_ptr<FunctionProcess> function_;
};

TEST_F(FunctionProcessTest, SuccessIsFramedLikeLambdaAndStaysWarm) {
  Function();
  InvokeResult first = Invoke("print:hi there");
  EXPECT_EQ(first.status_code, 200);
  EXPECT_EQ(first.function_error, "");
  EXPECT_EQ(first.payload, "printed");
  EXPECT_EQ(first.content_type, "text/plain");
  EXPECT_EQ(first.executed_version, "$LATEST");
  EXPECT_TRUE(first.cold_start);
  ASSERT_TRUE(first.init_duration_ms);
  EXPECT_GT(*first.init_duration_ms, 0.0);
  EXPECT_GE(first.billed_duration_ms, 1);
  EXPECT_GT(first.max_memory_used_mb, 0);
  EXPECT_EQ(first.memory_size_mb, 256);

  auto lines = Messages(first);
  const std::string& id = first.request_id;
  int init_start = Find(lines, "INIT_START");
  int init_line = Find(lines, "init: test bootstrap starting");
  int start = Find(lines, "START RequestId: " + id + " Version: $LATEST");
  int out = Find(lines, "out: hi there");
  int err = Find(lines, "err: hi there");
  int end = Find(lines, "END RequestId: " + id);
  int report = Find(lines, "REPORT RequestId: " + id + "\tDuration: ");
  ASSERT_GE(init_start, 0);
  EXPECT_LT(init_start, init_line);
  EXPECT_LT(init_line, start);
  EXPECT_LT(start, out);
  EXPECT_LT(start, err);
  EXPECT_LT(out, end);
  EXPECT_LT(err, end);
  EXPECT_EQ(report, static_cast<int>(lines.size()) - 1);
  EXPECT_EQ(end, report - 1);
  // "REPORT RequestId: <id>\tDuration: 1.23 ms\tBilled Duration: 9 ms\tMemory Size: 256 MB\t"
  // "Max Memory Used: 4 MB\tInit Duration: 7.65 ms"
  std::vector<std::string> fields;
  std::istringstream report_fields(lines[report]);
  for (std::string field; std::getline(report_fields, field, '\t');) fields.push_back(field);
  ASSERT_EQ(fields.size(), 6u) << lines[report];
  EXPECT_TRUE(Shaped(fields[0], "REPORT RequestId: HHHHHHHH-HHHH-HHHH-HHHH-HHHHHHHHHHHH"));
  auto number = [](const std::string& field, const std::string& label, const std::string& unit) {
    if (field.rfind(label, 0) != 0 || field.size() < label.size() + unit.size()) return false;
    if (field.substr(field.size() - unit.size()) != unit) return false;
    std::string value = field.substr(label.size(), field.size() - label.size() - unit.size());
    return !value.empty() && value.find_first_not_of("0123456789.") == std::string::npos;
  };
  EXPECT_TRUE(number(fields[1], "Duration: ", " ms")) << fields[1];
  EXPECT_NE(fields[1].find('.'), std::string::npos);
  EXPECT_TRUE(number(fields[2], "Billed Duration: ", " ms")) << fields[2];
  EXPECT_EQ(fields[3], "Memory Size: 256 MB");
  EXPECT_TRUE(number(fields[4], "Max Memory Used: ", " MB")) << fields[4];
  EXPECT_TRUE(number(fields[5], "Init Duration: ", " ms")) << fields[5];
  EXPECT_NE(first.LogTail(), "");
  EXPECT_EQ(first.LogTail().back(), '\n');

  auto pid = function_->pid();
  ASSERT_TRUE(pid);
  InvokeResult second = Invoke("echo:again");
  EXPECT_EQ(second.payload, "again");
  EXPECT_FALSE(second.cold_start);
  EXPECT_FALSE(second.init_duration_ms);
  EXPECT_EQ(function_->pid(), pid);
  EXPECT_NE(second.request_id, first.request_id);
  EXPECT_EQ(Find(Messages(second), "INIT_START"), -1);
  EXPECT_EQ(Messages(second).back().find("Init Duration"), std::string::npos);
}

TEST_F(FunctionProcessTest, FunctionErrorIsUnhandledAndKeepsTheProcess) {
  Function();
  Invoke("echo:warm up");
  auto pid = function_->pid();
  InvokeResult result = Invoke("error");
  EXPECT_EQ(result.status_code, 200);
  EXPECT_EQ(result.function_error, "Unhandled");
  auto error = ParseObject(result.payload);
  EXPECT_EQ(Field(error, "errorType"), "TestError");
  EXPECT_EQ(Field(error, "errorMessage"), "failed on purpose");
  EXPECT_EQ(function_->pid(), pid);
  EXPECT_EQ(Invoke("echo:still here").payload, "still here");
}

TEST_F(FunctionProcessTest, TimeoutKillsTheSandboxAndTheNextInvokeIsCold) {
  config_.timeout_seconds = 1;
  Function();
  Invoke("echo:warm up");
  auto pid = function_->pid();
  ASSERT_TRUE(pid);

  auto start = std::chrono::steady_clock::now();
  InvokeResult result = Invoke("sleep:3000");
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, 2500ms);
  EXPECT_GE(elapsed, 1000ms);
  EXPECT_EQ(result.function_error, "Unhandled");
  auto error = ParseObject(result.payload);
  EXPECT_EQ(Field(error, "errorType"), "Sandbox.Timedout");
  EXPECT_EQ(Field(error, "errorMessage"),
            "RequestId: " + result.request_id + " Error: Task timed out after 1.00 seconds");
  auto lines = Messages(result);
  // "<ISO time> <id> Task timed out after 1.00 seconds"
  int timed_out = FindContaining(lines, " " + result.request_id + " Task timed out after 1.00 seconds");
  ASSERT_GE(timed_out, 0);
  EXPECT_TRUE(Shaped(lines[timed_out].substr(0, 25), "DDDD-DD-DDTDD:DD:DD.DDDZ "));
  EXPECT_NE(lines.back().find("\tStatus: timeout"), std::string::npos);
  EXPECT_GE(result.duration_ms, 1000.0);
  EXPECT_TRUE(ProcessIsGone(*pid));

  InvokeResult next = Invoke("echo:back");
  EXPECT_EQ(next.payload, "back");
  EXPECT_TRUE(next.cold_start);
  EXPECT_NE(function_->pid(), pid);
}

TEST_F(FunctionProcessTest, AbortIsARuntimeExitErrorAndTheNextInvokeIsCold) {
  Function();
  Invoke("echo:warm up");
  InvokeResult result = Invoke("abort");
  EXPECT_EQ(result.function_error, "Unhandled");
  auto error = ParseObject(result.payload);
  EXPECT_EQ(Field(error, "errorType"), "Runtime.ExitError");
  EXPECT_EQ(Field(error, "errorMessage"), "RequestId: " + result.request_id +
                                          " Error: Runtime exited with error: signal: aborted");
  auto lines = Messages(result);
  EXPECT_GE(Find(lines, "RequestId: " + result.request_id + " Error: Runtime exited"), 0);
  EXPECT_NE(lines.back().find("\tStatus: error\tError Type: Runtime.ExitError"), std::string::npos);

  InvokeResult next = Invoke("echo:recovered");
  EXPECT_EQ(next.payload, "recovered");
  EXPECT_TRUE(next.cold_start);
}

TEST_F(FunctionProcessTest, ExitAndSegfaultAreDescribedAsGoDoes) {
  Function();
  auto exited = ParseObject(Invoke("exit:3").payload);
  EXPECT_NE(Field(exited, "errorMessage").find("Runtime exited with error: exit status 3"),
            std::string::npos);
  auto clean = ParseObject(Invoke("exit:0").payload);
  EXPECT_NE(Field(clean, "errorMessage").find("Runtime exited without providing a reason"),
            std::string::npos);
  auto crashed = ParseObject(Invoke("segv").payload);
  EXPECT_NE(Field(crashed, "errorMessage")
                .find("Runtime exited with error: signal: segmentation fault"),
            std::string::npos);
}

TEST_F(FunctionProcessTest, PostedInitErrorIsReturnedAndInitIsRetried) {
  config_.environment["TEST_INIT_ERROR"] = "1";
  Function();
  InvokeResult result = Invoke("echo:never");
  EXPECT_EQ(result.function_error, "Unhandled");
  auto error = ParseObject(result.payload);
  EXPECT_EQ(Field(error, "errorType"), "TestInitError");
  EXPECT_EQ(Field(error, "errorMessage"), "init failed on purpose");
  auto lines = Messages(result);
  int report = Find(lines, "INIT_REPORT Init Duration: ");
  ASSERT_GE(report, 0);
  EXPECT_NE(lines[report].find("\tPhase: init\tStatus: error\tError Type: Runtime.TestInitError"),
            std::string::npos);
  EXPECT_FALSE(function_->pid());

  InvokeResult again = Invoke("echo:never");
  EXPECT_TRUE(again.cold_start);
  EXPECT_EQ(Field(ParseObject(again.payload), "errorType"), "TestInitError");
}

TEST_F(FunctionProcessTest, ExitDuringInitIsARuntimeExitError) {
  config_.environment["TEST_INIT_EXIT"] = "4";
  Function();
  InvokeResult result = Invoke("echo:never");
  auto error = ParseObject(result.payload);
  EXPECT_EQ(Field(error, "errorType"), "Runtime.ExitError");
  EXPECT_EQ(Field(error, "errorMessage"), "RequestId: " + result.request_id +
                                          " Error: Runtime exited with error: exit status 4");
  EXPECT_GE(Find(Messages(result), "init: exiting with 4"), 0);
}

TEST_F(FunctionProcessTest, MissingBootstrapIsAnInvalidEntrypoint) {
  fs::remove(task_root_ / "bootstrap");
  Function();
  InvokeResult result = Invoke("{}");
  EXPECT_EQ(result.function_error, "Unhandled");
  auto error = ParseObject(result.payload);
  EXPECT_EQ(Field(error, "errorType"), "Runtime.InvalidEntrypoint");
  EXPECT_NE(Field(error, "errorMessage").find("Couldn't find valid bootstrap"),
            std::string::npos);
}

TEST_F(FunctionProcessTest, RequestOver6MiBIsRejectedWithoutRunning) {
  Function();
  auto result = function_->Invoke(std::string(kMaxInvokeRequestBytes + 1, 'x'));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, "RequestEntityTooLargeException");
  EXPECT_EQ(result.error().message,
            "Request must be smaller than 6291456 bytes for the InvokeFunction operation");
  EXPECT_FALSE(function_->pid());

  // 6 MiB exactly is accepted (and echoed back: the response limit is higher).
  std::string largest = "echo:" + std::string(kMaxInvokeRequestBytes - 5, 'y');
  InvokeResult echoed = Invoke(largest);
  EXPECT_EQ(echoed.function_error, "");
  EXPECT_EQ(echoed.payload.size(), kMaxInvokeRequestBytes - 5);
}

TEST_F(FunctionProcessTest, ResponseOver6MiBIsAnErrorAndTheFunctionStaysWarm) {
  Function();
  Invoke("echo:warm up");
  auto pid = function_->pid();
  InvokeResult result = Invoke("huge:" + std::to_string(kMaxResponseBytes + 1));
  EXPECT_EQ(result.function_error, "Unhandled");
  auto error = ParseObject(result.payload);
  EXPECT_EQ(Field(error, "errorType"), "Function.ResponseSizeTooLarge");
  EXPECT_EQ(Field(error, "errorMessage"),
            "Response payload size exceeded maximum allowed payload size (6291556 bytes).");

  InvokeResult next = Invoke("echo:ok");
  EXPECT_EQ(next.payload, "ok");
  EXPECT_FALSE(next.cold_start);
  EXPECT_EQ(function_->pid(), pid);
  // The runtime logs the 413 it got: at the end of that invoke, or at the
  // start of the next one when the invoke had already returned.
  EXPECT_GE(std::max(Find(Messages(result), "response status: 413"),
                     Find(Messages(next), "response status: 413")),
            0);
}

TEST_F(FunctionProcessTest, FunctionSeesLambdasEnvironmentAndNotTheHosts) {
  ::setenv("SPARTA_HOST_ONLY_VARIABLE", "leak", 1);
  config_.credentials = FunctionCredentials{"AKIDEXAMPLE", "secret", "token"};
  Function();
  InvokeResult result = Invoke("env");
  auto env = ParseEnv(result.payload);
  EXPECT_EQ(env.count("SPARTA_HOST_ONLY_VARIABLE"), 0u);
  EXPECT_EQ(env.count("HOME"), 0u);
  EXPECT_EQ(env["MY_VAR"], "hello");
  EXPECT_EQ(env["_HANDLER"], "handler.main");
  EXPECT_EQ(env["AWS_LAMBDA_RUNTIME_API"].rfind("127.0.0.1:", 0), 0u);
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_NAME"], "test-fn");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"], "256");
  EXPECT_EQ(env["AWS_LAMBDA_FUNCTION_VERSION"], "$LATEST");
  EXPECT_EQ(env["AWS_LAMBDA_INITIALIZATION_TYPE"], "on-demand");
  EXPECT_EQ(env["AWS_REGION"], "eu-west-1");
  EXPECT_EQ(env["AWS_DEFAULT_REGION"], "eu-west-1");
  EXPECT_EQ(env["AWS_LAMBDA_LOG_GROUP_NAME"], "/aws/lambda/test-fn");
  EXPECT_EQ(env["AWS_LAMBDA_LOG_STREAM_NAME"], result.log_stream_name);
  EXPECT_TRUE(Shaped(result.log_stream_name,
                     "DDDD/DD/DD/[$LATEST]HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH"))
      << result.log_stream_name;
  EXPECT_EQ(env["LAMBDA_TASK_ROOT"], task_root_.string());
  EXPECT_EQ(env["LAMBDA_RUNTIME_DIR"], "/var/runtime");
  EXPECT_EQ(env["TZ"], ":UTC");
  EXPECT_EQ(env["LANG"], "en_US.UTF-8");
  EXPECT_EQ(env["PATH"], "/usr/local/bin:/usr/bin/:/bin:/opt/bin");
  EXPECT_NE(env["LD_LIBRARY_PATH"].find(task_root_.string() + "/lib"), std::string::npos);
  EXPECT_EQ(env["AWS_ACCESS_KEY_ID"], "AKIDEXAMPLE");
  EXPECT_EQ(env["AWS_SECRET_ACCESS_KEY"], "secret");
  EXPECT_EQ(env["AWS_SESSION_TOKEN"], "token");
  ::unsetenv("SPARTA_HOST_ONLY_VARIABLE");
}

TEST_F(FunctionProcessTest, RuntimeReceivesInvokeOptionsAsHeaders) {
  Function();
  InvokeOptions options;
  options.request_id = "11111111-2222-4333-8444-555555555555";
  options.client_context = R"({"client":{"app_title":"t"}})";
  options.trace_id = "Root=1-00000000-000000000000000000000000;Parent=0000000000000000;Sampled=1";
  InvokeResult result = Invoke("headers", options);
  EXPECT_EQ(result.request_id, options.request_id);
  auto headers = ParseEnv(result.payload);
  EXPECT_EQ(headers["lambda-runtime-aws-request-id"], options.request_id);
  EXPECT_EQ(headers["lambda-runtime-client-context"], options.client_context);
  EXPECT_EQ(headers["lambda-runtime-trace-id"], options.trace_id);
  EXPECT_EQ(headers["lambda-runtime-invoked-function-arn"],
            "arn:aws:lambda:eu-west-1:123456789012:function:test-fn");
  EXPECT_EQ(headers.count("lambda-runtime-deadline-ms"), 1u);

  auto generated = ParseEnv(Invoke("headers").payload);
  EXPECT_EQ(generated["lambda-runtime-trace-id"].rfind("Root=1-", 0), 0u);
}

TEST_F(FunctionProcessTest, StreamedResponsesAndStreamedErrors) {
  Function();
  EXPECT_EQ(Invoke("stream:3").payload, "chunk0\nchunk1\nchunk2\n");
  InvokeResult failed = Invoke("streamerror");
  EXPECT_EQ(failed.function_error, "Unhandled");
  EXPECT_EQ(Field(ParseObject(failed.payload), "errorType"), "StreamError");
  InvokeResult after = Invoke("echo:after");
  EXPECT_EQ(after.payload, "after");
  EXPECT_FALSE(after.cold_start);
}

TEST_F(FunctionProcessTest, StopLeavesNoZombieNorOrphan) {
  Function();
  InvokeResult spawned = Invoke("spawn");
  int grandchild = std::stoi(spawned.payload);
  auto pid = function_->pid();
  ASSERT_TRUE(pid);
  function_->Stop();
  EXPECT_FALSE(function_->pid());
  EXPECT_EQ(::kill(*pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
  EXPECT_EQ(::waitpid(*pid, nullptr, WNOHANG), -1);
  // It was SIGKILLed with the group; wait (bounded) for it to finish dying.
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!ProcessIsGone(grandchild) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  EXPECT_TRUE(ProcessIsGone(grandchild));

  // A stopped function cold-starts again on demand.
  EXPECT_TRUE(Invoke("echo:again").cold_start);
}

TEST_F(FunctionProcessTest, LogSinkSeesEveryLineInOrder) {
  std::vector<std::string> seen;
  FunctionProcessOptions options;
  options.log_sink = [&seen](const LogEvent& event) { seen.push_back(event.message); };
  Function(std::move(options));
  InvokeResult result = Invoke("print:sink");
  EXPECT_EQ(seen, Messages(result));
}

TEST(FunctionConfigTest, ValidateRejectsWhatLambdaRejects) {
  FunctionConfig config;
  config.function_name = "f";
  config.task_root = "/tmp";
  EXPECT_TRUE(config.Validate().ok());
  config.environment["AWS_REGION"] = "x";
  auto reserved = config.Validate();
  ASSERT_FALSE(reserved.ok());
  EXPECT_EQ(reserved.error().code, "InvalidParameterValueException");
  EXPECT_NE(reserved.error().message.find("AWS_REGION"), std::string::npos);
  config.environment = {{"PATH", "/bin"}, {"TZ", "Europe/Paris"}};  // allowed
  EXPECT_TRUE(config.Validate().ok());
  config.timeout_seconds = 901;
  EXPECT_FALSE(config.Validate().ok());
  EXPECT_FALSE(FunctionProcess::Create(config).ok());
}

}  // namespace
}  // namespace sparta::local
