#include "local/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

namespace sparta::local::detail {
namespace {

constexpr std::size_t kMaxLineBytes = 256 * 1024;  // CloudWatch's event size

// Go's names for Linux signals (syscall.signals), which Lambda's messages use.
const char* GoSignalName(int signal) {
  static constexpr const char* kNames[] = {
      nullptr,
      "hangup",
      "interrupt",
      "quit",
      "illegal instruction",
      "trace/breakpoint trap",
      "aborted",
      "bus error",
      "floating point exception",
      "killed",
      "user defined signal 1",
      "segmentation fault",
      "user defined signal 2",
      "broken pipe",
      "alarm clock",
      "terminated",
      "stack fault",
      "child exited",
      "continued",
      "stopped (signal)",
      "stopped",
      "stopped (tty input)",
      "stopped (tty output)",
      "urgent I/O condition",
      "CPU time limit exceeded",
      "file size limit exceeded",
      "virtual timer expired",
      "profiling timer expired",
      "window changed",
      "I/O possible",
      "power failure",
      "bad system call",
  };
  if (signal > 0 && signal < static_cast<int>(std::size(kNames))) return kNames[signal];
  return nullptr;
}

// Go prints OS errors in lowercase ("no such file or directory").
std::string GoErrorText(int error) {
  std::string text = std::strerror(error);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

long ReadVmHwmKb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string DescribeExit(const ExitStatus& status) {
  if (!status.signaled) return "exit status " + std::to_string(status.code);
  const char* name = GoSignalName(status.code);
  std::string text = name ? std::string("signal: ") + name : "signal " + std::to_string(status.code);
  if (status.core_dumped) text += " (core dumped)";
  return text;
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::Spawn(const SpawnSpec& spec,
                                                          LineCallback on_line,
                                                          ExitCallback on_exit,
                                                          int* spawn_errno) {
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  int wake = -1;
  auto fail = [&](int error, std::string what) -> Error {
    CloseFd(out[0]), CloseFd(out[1]), CloseFd(err[0]), CloseFd(err[1]), CloseFd(wake);
    if (spawn_errno) *spawn_errno = error;
    return MakeError("Spawn", std::move(what) + GoErrorText(error));
  };
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return fail(errno, "pipe: ");
  wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake < 0) return fail(errno, "eventfd: ");

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (!spec.working_directory.empty()) {
    posix_spawn_file_actions_addchdir_np(&actions, spec.working_directory.c_str());
  }
  // Descriptors other threads open without O_CLOEXEC (Asio's sockets) must
  // not leak into the function.
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attributes, &none);
  sigset_t all;
  sigfillset(&all);
  sigdelset(&all, SIGKILL);
  sigdelset(&all, SIGSTOP);
  posix_spawnattr_setsigdefault(&attributes, &all);  // e.g. an ignored SIGPIPE
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::string program = spec.program.string();
  std::vector<char*> argv;
  argv.push_back(program.data());
  std::vector<std::string> args = spec.args;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<std::string> environment = spec.environment;
  std::vector<char*> envp;
  for (auto& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);

  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  CloseFd(out[1]);
  CloseFd(err[1]);
  if (rc != 0) return fail(rc, "");

  for (int fd : {out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return std::unique_ptr<ChildProcess>(
      new ChildProcess(pid, out[0], err[0], wake, std::move(on_line), std::move(on_exit)));
}

ChildProcess::ChildProcess(pid_t pid, int stdout_fd, int stderr_fd, int wake_fd,
                           LineCallback on_line, ExitCallback on_exit)
    : pid_(pid),
      fds_{stdout_fd, stderr_fd},
      wake_fd_(wake_fd),
      on_line_(std::move(on_line)),
      on_exit_(std::move(on_exit)) {
  reaper_ = std::thread([this] { ReapLoop(); });
  reader_ = std::thread([this] { ReadLoop(); });
}

ChildProcess::~ChildProcess() {
  SignalGroup(SIGKILL);
  reaper_.join();
  FlushOutput();  // keep what the process wrote before it died
  {
    std::lock_guard lock(mu_);
    stop_reader_ = true;
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof one);
  reader_.join();
  ::close(wake_fd_);
}

void ChildProcess::SignalGroup(int signal) {
  std::lock_guard lock(mu_);
  // Until the reaper sets reaping_, the leader is alive or a zombie, so its
  // pid still names this group and cannot have been reused.
  if (!reaping_) ::kill(-pid_, signal);
}

void ChildProcess::ReapLoop() {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR) {
  }
  {
    std::lock_guard lock(mu_);
    // The sandbox dies with its runtime: take down anything it left behind.
    ::kill(-pid_, SIGKILL);
    reaping_ = true;
  }
  int status = 0;
  rusage usage{};
  pid_t reaped;
  do {
    reaped = ::wait4(pid_, &status, 0, &usage);
  } while (reaped < 0 && errno == EINTR);
  ExitStatus exit_status;
  if (reaped == pid_) {
    if (WIFSIGNALED(status)) {
      exit_status.signaled = true;
      exit_status.code = WTERMSIG(status);
      exit_status.core_dumped = WCOREDUMP(status);
    } else {
      exit_status.code = WEXITSTATUS(status);
    }
    exit_status.max_rss_kb = usage.ru_maxrss;
  } else {
    exit_status.code = -1;  // someone else reaped it (a waitpid(-1) elsewhere)
  }
  // Before publishing: whoever sees the exit also sees the callback's effect.
  if (on_exit_) on_exit_(exit_status);
  {
    std::lock_guard lock(mu_);
    exit_ = exit_status;
  }
  cv_.notify_all();
}

void ChildProcess::EmitLines(OutputStream stream, std::string& pending, bool flush) {
  std::size_t start = 0;
  for (;;) {
    std::size_t newline = pending.find('\n', start);
    if (newline == std::string::npos) break;
    std::size_t length = newline - start;
    while (length > kMaxLineBytes) {
      on_line_(stream, pending.substr(start, kMaxLineBytes));
      start += kMaxLineBytes;
      length -= kMaxLineBytes;
    }
    on_line_(stream, pending.substr(start, length));
    start = newline + 1;
  }
  while (pending.size() - start > kMaxLineBytes) {
    on_line_(stream, pending.substr(start, kMaxLineBytes));
    start += kMaxLineBytes;
  }
  pending.erase(0, start);
  if (flush && !pending.empty()) {
    on_line_(stream, std::move(pending));
    pending.clear();
  }
}

void ChildProcess::ReadLoop() {
  std::string pending[2];
  char buffer[64 * 1024];
  // Reads what is available now; closes the pipe at end of file.
  auto drain = [&](int index) {
    for (;;) {
      ssize_t n = ::read(fds_[index], buffer, sizeof buffer);
      if (n > 0) {
        pending[index].append(buffer, static_cast<std::size_t>(n));
        EmitLines(static_cast<OutputStream>(index), pending[index], false);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
      EmitLines(static_cast<OutputStream>(index), pending[index], true);
      CloseFd(fds_[index]);
      return;
    }
  };

  while (fds_[0] >= 0 || fds_[1] >= 0) {
    pollfd polled[3];
    int indexes[3];
    nfds_t count = 0;
    for (int i = 0; i < 2; ++i) {
      if (fds_[i] < 0) continue;
      polled[count] = pollfd{fds_[i], POLLIN, 0};
      indexes[count++] = i;
    }
    polled[count] = pollfd{wake_fd_, POLLIN, 0};
    indexes[count++] = -1;
    if (::poll(polled, count, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (nfds_t i = 0; i + 1 < count; ++i) {
      if (polled[i].revents != 0) drain(indexes[i]);
    }
    if (polled[count - 1].revents == 0) continue;

    std::uint64_t ignored;
    [[maybe_unused]] auto consumed = ::read(wake_fd_, &ignored, sizeof ignored);
    std::uint64_t target;
    {
      std::lock_guard lock(mu_);
      if (stop_reader_) break;
      target = flush_requested_;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds_[i] < 0) continue;
      drain(i);
      if (fds_[i] >= 0) EmitLines(static_cast<OutputStream>(i), pending[i], true);
    }
    {
      std::lock_guard lock(mu_);
      flush_done_ = target;
    }
    cv_.notify_all();
  }
  CloseFd(fds_[0]);
  CloseFd(fds_[1]);
  {
    std::lock_guard lock(mu_);
    reader_done_ = true;
  }
  cv_.notify_all();
}

bool ChildProcess::Exited() const {
  std::lock_guard lock(mu_);
  return exit_.has_value();
}

std::optional<ExitStatus> ChildProcess::WaitForExit(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return exit_.has_value(); });
  return exit_;
}

ExitStatus ChildProcess::Terminate(std::chrono::milliseconds grace) {
  SignalGroup(SIGTERM);
  if (auto status = WaitForExit(grace)) return *status;
  return Kill();
}

ExitStatus ChildProcess::Kill() {
  SignalGroup(SIGKILL);
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return exit_.has_value(); });
  return *exit_;
}

void ChildProcess::FlushOutput() {
  std::uint64_t target;
  {
    std::lock_guard lock(mu_);
    if (reader_done_) return;
    target = ++flush_requested_;
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto written = ::write(wake_fd_, &one, sizeof one);
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return flush_done_ >= target || reader_done_; });
}

long ChildProcess::PeakRssKb() const {
  std::lock_guard lock(mu_);
  if (exit_) return exit_->max_rss_kb;
  if (reaping_) return 0;
  return ReadVmHwmKb(pid_);
}

}  // namespace sparta::local::detail
