// ChildProcess with /bin/sh as the child.
#include "local/child_process.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace sparta::local::detail {
namespace {

using namespace std::chrono_literals;

struct Collected {
  std::mutex mu;
  std::vector<std::string> out;
  std::vector<std::string> err;
  int exits = 0;
};

std::unique_ptr<ChildProcess> SpawnShell(const std::string& script, Collected& collected,
                                         std::vector<std::string> env = {}) {
  SpawnSpec spec;
  spec.program = "/bin/sh";
  spec.args = {"-c", script};
  spec.environment = std::move(env);
  spec.working_directory = "/";
  auto child = ChildProcess::Spawn(
      spec,
      [&collected](OutputStream stream, std::string line) {
        std::lock_guard lock(collected.mu);
        (stream == OutputStream::kStdout ? collected.out : collected.err).push_back(std::move(line));
      },
      [&collected](const ExitStatus&) {
        std::lock_guard lock(collected.mu);
        ++collected.exits;
      });
  EXPECT_TRUE(child.ok()) << child.error().message;
  return child.ok() ? std::move(*child) : nullptr;
}

// Flushes until `line` has arrived on stdout (bounded by 5 s).
bool WaitForLine(ChildProcess& child, Collected& collected, const std::string& line) {
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    child.FlushOutput();
    std::lock_guard lock(collected.mu);
    for (const auto& seen : collected.out) {
      if (seen == line) return true;
    }
  }
  return false;
}

TEST(DescribeExitTest, UsesGosWording) {
  EXPECT_EQ(DescribeExit({.signaled = false, .code = 3}), "exit status 3");
  EXPECT_EQ(DescribeExit({.signaled = true, .code = SIGABRT}), "signal: aborted");
  EXPECT_EQ(DescribeExit({.signaled = true, .code = SIGSEGV}), "signal: segmentation fault");
  EXPECT_EQ(DescribeExit({.signaled = true, .code = SIGKILL}), "signal: killed");
  EXPECT_EQ(DescribeExit({.signaled = true, .code = SIGTERM}), "signal: terminated");
  EXPECT_EQ(DescribeExit({.signaled = true, .code = SIGSEGV, .core_dumped = true}),
            "signal: segmentation fault (core dumped)");
  EXPECT_EQ(DescribeExit({.signaled = true, .code = 40}), "signal 40");
}

TEST(ChildProcessTest, CapturesLinesPerStreamAndTheExitStatus) {
  Collected collected;
  auto child = SpawnShell("echo one; echo two; echo oops >&2; printf partial; exit 7", collected,
                          {"ONLY=this"});
  ASSERT_TRUE(child);
  ExitStatus status = *child->WaitForExit(5s);
  child->FlushOutput();
  EXPECT_FALSE(status.signaled);
  EXPECT_EQ(status.code, 7);
  std::lock_guard lock(collected.mu);
  EXPECT_EQ(collected.out, (std::vector<std::string>{"one", "two", "partial"}));
  EXPECT_EQ(collected.err, (std::vector<std::string>{"oops"}));
  EXPECT_EQ(collected.exits, 1);
}

TEST(ChildProcessTest, FlushDeliversWhatWasWrittenBeforeIt) {
  Collected collected;
  // Writes a line, then blocks until killed: the line must be delivered by
  // FlushOutput without waiting for the pipe to close.
  auto child = SpawnShell("echo ready; exec sleep 30", collected);
  ASSERT_TRUE(child);
  EXPECT_TRUE(WaitForLine(*child, collected, "ready"));
  {
    std::lock_guard lock(collected.mu);
    EXPECT_EQ(collected.out, (std::vector<std::string>{"ready"}));
  }
  EXPECT_GT(child->PeakRssKb(), 0);
  ExitStatus status = child->Kill();
  EXPECT_TRUE(status.signaled);
  EXPECT_EQ(status.code, SIGKILL);
}

TEST(ChildProcessTest, TerminateEscalatesToKillForTheWholeGroup) {
  Collected collected;
  // Ignores SIGTERM, as does its own child.
  auto child = SpawnShell("trap '' TERM; sleep 30 & echo ready; wait", collected);
  ASSERT_TRUE(child);
  ASSERT_TRUE(WaitForLine(*child, collected, "ready"));
  auto start = std::chrono::steady_clock::now();
  ExitStatus status = child->Terminate(200ms);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_TRUE(status.signaled);
  EXPECT_EQ(status.code, SIGKILL);
  // The pipes close only when the background sleep is gone too.
  child.reset();
}

TEST(ChildProcessTest, SpawnFailureSaysWhy) {
  int error = 0;
  SpawnSpec spec;
  spec.program = "/nonexistent/bootstrap";
  auto child = ChildProcess::Spawn(spec, [](OutputStream, std::string) {},
                                   [](const ExitStatus&) {}, &error);
  ASSERT_FALSE(child.ok());
  EXPECT_EQ(child.error().code, "Spawn");
  EXPECT_EQ(child.error().message, "no such file or directory");
  EXPECT_EQ(error, ENOENT);
}

}  // namespace
}  // namespace sparta::local::detail
