// The artifact is self-contained: its `bootstrap`, unpacked alone into an
// empty directory and run there under chroot (no host library visible, not
// even the dynamic loader), serves real invocations.

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "program_test_util.hpp"
#include "sparta/local/runtime_api_server.hpp"
#include "sparta/util/files.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::testing {
namespace {
using namespace std::chrono_literals;

// In the child: become root of a new user namespace when not root already,
// so chroot is allowed without privileges.
bool EnterChroot(const std::string& root) {
  if (::geteuid() != 0) {
    uid_t uid = ::geteuid();
    gid_t gid = ::getegid();
    if (::unshare(CLONE_NEWUSER) != 0) return false;
    std::ofstream("/proc/self/setgroups") << "deny";
    std::ofstream("/proc/self/uid_map") << "0 " << uid << " 1";
    std::ofstream("/proc/self/gid_map") << "0 " << gid << " 1";
  }
  return ::chroot(root.c_str()) == 0 && ::chdir("/") == 0;
}

TEST(Chroot, PackagedBootstrapRunsWithNoHostFilesVisible) {
  TempDir dir;
  auto out = dir.path() / "out";
  auto build = RunProcess({HELLO_PROGRAM, "build", "--output-dir", out.string()});
  ASSERT_EQ(build.exit_code, 0) << build.err;
  auto zip = util::ReadFile(out / "SpartaHello-code.zip");
  ASSERT_TRUE(zip.ok());
  auto root = dir.path() / "root";
  ASSERT_TRUE(util::ExtractZip(*zip, root).ok());
  int entries = 0;
  for ([[maybe_unused]] auto& e : std::filesystem::directory_iterator(root)) ++entries;
  ASSERT_EQ(entries, 1) << "the artifact holds more than bootstrap";

  auto server = local::RuntimeApiServer::Start();
  ASSERT_TRUE(server.ok());
  std::string api = "AWS_LAMBDA_RUNTIME_API=" + (*server)->address();
  std::string handler = "_HANDLER=Hello";
  std::string root_str = root.string();

  int status_pipe[2];
  ASSERT_EQ(::pipe2(status_pipe, O_CLOEXEC), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    char* argv[] = {const_cast<char*>("/bootstrap"), nullptr};
    char* envp[] = {api.data(), handler.data(), nullptr};
    if (!EnterChroot(root_str)) {
      (void)!::write(status_pipe[1], "c", 1);
      _exit(120);
    }
    ::execve("/bootstrap", argv, envp);
    (void)!::write(status_pipe[1], "e", 1);
    _exit(121);
  }
  ::close(status_pipe[1]);

  auto init = (*server)->WaitForInit(10s);
  char why = 0;
  if (init != local::InitStatus::kReady && ::read(status_pipe[0], &why, 1) == 1) {
    ::close(status_pipe[0]);
    ::waitpid(pid, nullptr, 0);
    FAIL() << (why == 'c' ? "could not chroot (neither root nor user namespaces available)"
                          : "exec of /bootstrap inside the chroot failed: not self-contained");
  }
  ::close(status_pipe[0]);
  ASSERT_EQ(init, local::InitStatus::kReady);
  auto outcome = (*server)->Invoke({.payload = R"({"name":"chroot"})"}, 5s);
  EXPECT_EQ(outcome.kind, local::InvocationOutcome::Kind::kSuccess) << outcome.body;
  EXPECT_NE(outcome.body.find("Hello, chroot!"), std::string::npos) << outcome.body;

  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

}  // namespace
}  // namespace sparta::testing
