#pragma once
// ChildProcess: one spawned program in its own process group, with its
// stdout and stderr read line by line and its exit observed and reaped by
// internal threads. The building block of FunctionProcess.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::local::detail {

struct ExitStatus {
  bool signaled = false;
  int code = 0;  // exit code, or the signal number when `signaled`
  bool core_dumped = false;
  long max_rss_kb = 0;  // peak resident set, from wait4's rusage
};

/// How Go's os.ProcessState prints `status`, which is what Lambda quotes in
/// `Runtime exited with error: ...`: "exit status 3", "signal: aborted",
/// "signal: segmentation fault (core dumped)".
std::string DescribeExit(const ExitStatus& status);

struct SpawnSpec {
  std::filesystem::path program;
  std::vector<std::string> args;         // argv[1..]
  std::vector<std::string> environment;  // "NAME=value", the whole environment
  std::filesystem::path working_directory;
};

enum class OutputStream { kStdout, kStderr };

class ChildProcess {
 public:
  /// Called on the reader thread, once per line (without the newline), in
  /// the order each stream produced them. Lines longer than 256 KiB are split.
  using LineCallback = std::function<void(OutputStream stream, std::string line)>;
  /// Called once on the reaper thread after the process is reaped (and its
  /// group killed), before WaitForExit() and friends see the exit.
  using ExitCallback = std::function<void(const ExitStatus& status)>;

  /// Starts `spec.program` in a new process group with stdin on /dev/null,
  /// stdout/stderr on pipes, default signal dispositions, an empty signal
  /// mask and no other inherited descriptor. On failure (missing program,
  /// not executable, bad working directory, ...) the Error's code is
  /// "Spawn" and its message the OS reason, lowercase as Go prints it (e.g.
  /// "no such file or directory"); `*spawn_errno` receives errno.
  static Result<std::unique_ptr<ChildProcess>> Spawn(const SpawnSpec& spec, LineCallback on_line,
                                                     ExitCallback on_exit,
                                                     int* spawn_errno = nullptr);

  /// Kills the process group if still running, reaps, and joins the threads.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  bool Exited() const;

  /// The exit status once reaped, waiting at most `timeout`.
  std::optional<ExitStatus> WaitForExit(std::chrono::milliseconds timeout);
  /// SIGTERM to the group, SIGKILL after `grace`; returns once reaped.
  ExitStatus Terminate(std::chrono::milliseconds grace);
  /// SIGKILL to the group; returns once reaped.
  ExitStatus Kill();

  /// Returns once every byte the process wrote before this call has been
  /// passed to the line callback. A pending partial line is delivered as a
  /// line. Returns at once when both pipes are closed.
  void FlushOutput();

  /// Peak resident memory in KiB: VmHWM while running, rusage once reaped.
  long PeakRssKb() const;

 private:
  ChildProcess(pid_t pid, int stdout_fd, int stderr_fd, int wake_fd, LineCallback on_line,
               ExitCallback on_exit);
  void ReapLoop();
  void ReadLoop();
  // Delivers complete lines of `pending` (or all of it when `flush`).
  void EmitLines(OutputStream stream, std::string& pending, bool flush);
  void SignalGroup(int signal);

  const pid_t pid_;
  int fds_[2];  // stdout, stderr read ends; -1 once closed (reader thread only)
  const int wake_fd_;
  LineCallback on_line_;
  ExitCallback on_exit_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool reaping_ = false;            // GUARDED_BY(mu_): no more signals once set
  std::optional<ExitStatus> exit_;  // GUARDED_BY(mu_)
  std::uint64_t flush_requested_ = 0;  // GUARDED_BY(mu_)
  std::uint64_t flush_done_ = 0;       // GUARDED_BY(mu_)
  bool reader_done_ = false;           // GUARDED_BY(mu_)
  bool stop_reader_ = false;           // GUARDED_BY(mu_)

  std::thread reaper_;
  std::thread reader_;
};

}  // namespace sparta::local::detail
