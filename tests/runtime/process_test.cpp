// The runtime as a process: environment, exit codes, crashes, and the
// stack-trace variants of dynamic, static and stripped static programs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "sparta/runtime/runtime.hpp"

#include "runtime/loop_fixture.hpp"

extern char** environ;

namespace sparta::runtime::testing {
namespace {

struct Exit {
  int status = 0;  // as from waitpid
  std::string stderr_text;
};

std::string ReadAll(int fd) {
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
  return text;
}

// Runs `program` with the Runtime API at `api` and _HANDLER=`handler`.
Exit RunProgram(const std::string& program, const std::string& api, const std::string& handler) {
  int pipe_fds[2];
  EXPECT_EQ(::pipe2(pipe_fds, O_CLOEXEC), 0);
  posix_spawn_file_actions_t actions;
  ::posix_spawn_file_actions_init(&actions);
  ::posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
  std::string api_var = "AWS_LAMBDA_RUNTIME_API=" + api;
  std::string handler_var = "_HANDLER=" + handler;
  char* envp[] = {api_var.data(), handler_var.data(), nullptr};
  char* argv[] = {const_cast<char*>(program.c_str()), nullptr};
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv, envp);
  ::posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  Exit exit;
  if (rc != 0) {
    ADD_FAILURE() << "cannot run " << program << ": " << std::strerror(rc);
    ::close(pipe_fds[0]);
    return exit;
  }
  exit.stderr_text = ReadAll(pipe_fds[0]);
  ::close(pipe_fds[0]);
  ::waitpid(pid, &exit.status, 0);
  return exit;
}

TEST(RuntimeProcess, WithoutTheRuntimeApiVariableItSaysSoAndReturns2) {
  ::unsetenv("AWS_LAMBDA_RUNTIME_API");
  ::testing::internal::CaptureStderr();
  int rc =
      RunLambdaRuntime({{"Echo", [](std::string_view p, Context&) { return std::string(p); }}});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 2);
  EXPECT_NE(err.find("AWS_LAMBDA_RUNTIME_API is not set"), std::string::npos) << err;
}

TEST(RuntimeProcess, AnUnusableRuntimeApiAddressReturns2) {
  ::setenv("AWS_LAMBDA_RUNTIME_API", "runtime.internal:9001", 1);
  ::testing::internal::CaptureStderr();
  int rc =
      RunLambdaRuntime({{"Echo", [](std::string_view p, Context&) { return std::string(p); }}});
  std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rc, 2);
  EXPECT_NE(err.find("not a numeric IP address"), std::string::npos) << err;
}

TEST(RuntimeProcess, AHandlerThatAbortsKillsTheProcessBySigabrtWithAStackTrace) {
  MockRuntimeApi api;
  api.Add({.request_id = "doomed-request", .payload = "{}"});
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::setenv("AWS_LAMBDA_RUNTIME_API", api.address().c_str(), 1);
    ::setenv("_HANDLER", "Abort", 1);
    int rc = RunLambdaRuntime(
        {{"Abort", [](std::string_view, Context&) -> std::string { std::abort(); }}});
    ::_exit(rc == 0 ? 100 : 100 + rc);  // never reached when the crash handling works
  }
  ::close(pipe_fds[1]);
  std::string err = ReadAll(pipe_fds[0]);
  ::close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << WEXITSTATUS(status) << "\n" << err;
  EXPECT_EQ(WTERMSIG(status), SIGABRT);
  EXPECT_NE(err.find("SIGABRT"), std::string::npos) << err;
  EXPECT_NE(err.find("while serving request doomed-request"), std::string::npos) << err;
  EXPECT_NE(err.find("Stack trace"), std::string::npos) << err;
  EXPECT_NE(err.find("\n#0 0x"), std::string::npos) << err;
  EXPECT_NE(err.find("\n#3 "), std::string::npos) << "several frames:\n" << err;
  auto requests = api.Finish();
  EXPECT_TRUE(Filter(requests, "/response").empty());
}

TEST(RuntimeProcess, ACrashReportThatHangsStillEndsBySignalWithinTheWatchdog) {
  MockRuntimeApi api;
  api.Add({.request_id = "stuck", .payload = "{}"});
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // stderr: a full pipe nobody reads, so the report's write() blocks.
    ::close(pipe_fds[0]);
    ::fcntl(pipe_fds[1], F_SETFL, O_NONBLOCK);
    char fill[4096] = {};
    while (::write(pipe_fds[1], fill, sizeof fill) > 0) {
    }
    ::fcntl(pipe_fds[1], F_SETFL, 0);
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::setenv("AWS_LAMBDA_RUNTIME_API", api.address().c_str(), 1);
    ::setenv("_HANDLER", "Abort", 1);
    RunLambdaRuntime({{"Abort", [](std::string_view, Context&) -> std::string { std::abort(); }}});
    ::_exit(100);
  }
  ::close(pipe_fds[1]);
  auto start = std::chrono::steady_clock::now();
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  auto waited = std::chrono::steady_clock::now() - start;
  ::close(pipe_fds[0]);
  ASSERT_TRUE(WIFSIGNALED(status)) << "exit status " << WEXITSTATUS(status);
  EXPECT_EQ(WTERMSIG(status), SIGABRT);
  EXPECT_LT(waited, std::chrono::seconds(3));
  api.Finish();
}

// Serves Echo then Throw (twice, so Echo comes first), then goes away.
struct ProbeRun {
  Exit exit;
  std::vector<RecordedRequest> requests;
};
ProbeRun RunProbe(const std::string& program, const std::string& handler, int invocations) {
  MockRuntimeApi api;
  for (int i = 0; i < invocations; ++i) {
    api.Add({.request_id = "probe-" + std::to_string(i), .payload = "payload"});
  }
  ProbeRun run;
  run.exit = RunProgram(program, api.address(), handler);
  run.requests = api.Finish();
  return run;
}

json::object OnlyErrorBody(const ProbeRun& run) {
  auto errors = Filter(run.requests, "/error");
  if (errors.size() != 1) {
    ADD_FAILURE() << "expected one /error, got " << errors.size() << "\n" << run.exit.stderr_text;
    return {};
  }
  EXPECT_EQ(errors[0].Header("Lambda-Runtime-Function-Error-Type"), "Function.Unhandled");
  return ParseObject(errors[0].body);
}

TEST(RuntimeProcess, ProgramWithoutTheWrapFlagReportsErrorsWithAnEmptyStack) {
  ProbeRun echo = RunProbe(SPARTA_RUNTIME_PROBE, "Echo", 2);
  ASSERT_TRUE(WIFEXITED(echo.exit.status)) << echo.exit.stderr_text;
  EXPECT_EQ(WEXITSTATUS(echo.exit.status), 1) << "the Runtime API went away";
  EXPECT_NE(echo.exit.stderr_text.find("giving up on the Runtime API"), std::string::npos)
      << echo.exit.stderr_text;
  auto responses = Filter(echo.requests, "/response");
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[1].body, "payload");

  ProbeRun failing = RunProbe(SPARTA_RUNTIME_PROBE, "Throw", 1);
  auto body = OnlyErrorBody(failing);
  EXPECT_EQ(body.at("errorType"), "std::runtime_error");
  EXPECT_EQ(body.at("errorMessage"), "probe failure");
  EXPECT_TRUE(body.at("stackTrace").as_array().empty()) << StackText(body);
}

#ifdef SPARTA_RUNTIME_PROBE_STATIC
TEST(RuntimeProcess, StaticProgramNamesTheThrowSite) {
  ProbeRun run = RunProbe(SPARTA_RUNTIME_PROBE_STATIC, "Throw", 1);
  auto body = OnlyErrorBody(run);
  EXPECT_EQ(body.at("errorType"), "std::runtime_error");
  ASSERT_FALSE(body.at("stackTrace").as_array().empty());
  std::string top(body.at("stackTrace").as_array()[0].as_string());
  EXPECT_EQ(top.rfind("#0 probe::ThrowFromProbe()", 0), 0u) << StackText(body);
  EXPECT_FALSE(StackMentions(body, "main +0x")) << "cut at the runtime loop:\n" << StackText(body);
  EXPECT_FALSE(StackMentions(body, "RunLoop")) << StackText(body);
  EXPECT_FALSE(StackMentions(body, "std::_Function_handler")) << StackText(body);
}

TEST(RuntimeProcess, StrippedStaticProgramFallsBackToFileOffsets) {
  ProbeRun run = RunProbe(SPARTA_RUNTIME_PROBE_STRIPPED, "Throw", 1);
  auto body = OnlyErrorBody(run);
  const auto& stack = body.at("stackTrace").as_array();
  ASSERT_FALSE(stack.empty());
  for (size_t i = 0; i < stack.size(); ++i) {
    std::string frame(stack[i].as_string());
    std::string prefix = "#";  // appended: GCC 12 warns falsely on "#" + std::string
    prefix += std::to_string(i);
    prefix += " runtime_probe_stripped+0x";
    EXPECT_EQ(frame.rfind(prefix, 0), 0u) << frame;
  }
}

TEST(RuntimeProcess, StaticProgramDiesBySigsegvWithNamedFrames) {
  ProbeRun run = RunProbe(SPARTA_RUNTIME_PROBE_STATIC, "Segv", 1);
  ASSERT_TRUE(WIFSIGNALED(run.exit.status)) << run.exit.stderr_text;
  EXPECT_EQ(WTERMSIG(run.exit.status), SIGSEGV);
  const std::string& err = run.exit.stderr_text;
  EXPECT_NE(err.find("SIGSEGV (segmentation fault) while serving request probe-0 at address 0x0"),
            std::string::npos)
      << err;
  // Demangled, as exception traces are.
  EXPECT_NE(err.find(" probe::WriteThroughNull(int volatile*)+0x"), std::string::npos) << err;
  EXPECT_EQ(err.find("_ZN5probe"), std::string::npos) << err;
}

TEST(RuntimeProcess, StaticProgramDiesBySigabrt) {
  ProbeRun run = RunProbe(SPARTA_RUNTIME_PROBE_STATIC, "Abort", 1);
  ASSERT_TRUE(WIFSIGNALED(run.exit.status)) << run.exit.stderr_text;
  EXPECT_EQ(WTERMSIG(run.exit.status), SIGABRT);
  EXPECT_NE(run.exit.stderr_text.find(" abort+0x"), std::string::npos) << run.exit.stderr_text;
}
#endif

}  // namespace
}  // namespace sparta::runtime::testing
