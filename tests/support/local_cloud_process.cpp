#include "support/local_cloud_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "sparta/aws/http_transport.hpp"
#include "sparta/util/files.hpp"

namespace sparta::testing {
namespace fs = std::filesystem;
namespace {

class StaticCredentials : public aws::CredentialsProvider {
 public:
  StaticCredentials(std::string key, std::string secret)
      : key_(std::move(key)), secret_(std::move(secret)) {}
  Result<aws::Credentials> GetCredentials() override {
    return aws::Credentials{key_, secret_, "", {}, "test"};
  }

 private:
  std::string key_, secret_;
};

}  // namespace

Result<std::unique_ptr<LocalCloudProcess>> LocalCloudProcess::Start(const std::string& program,
                                                                    const fs::path& data_dir) {
  std::unique_ptr<LocalCloudProcess> cloud(new LocalCloudProcess());
  cloud->log_path_ = data_dir;
  cloud->log_path_ += ".log";
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return MakeError("Unavailable", "pipe failed");
  const std::string data = data_dir.string();
  const std::string log = cloud->log_path_.string();
  const pid_t pid = ::fork();
  if (pid < 0) return MakeError("Unavailable", "fork failed");
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd >= 0) ::dup2(log_fd, STDERR_FILENO);
    std::vector<char*> argv = {const_cast<char*>(program.c_str()), const_cast<char*>("--port"),
                               const_cast<char*>("0"), const_cast<char*>("--data-dir"),
                               const_cast<char*>(data.c_str()), nullptr};
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::close(out[1]);
  cloud->pid_ = pid;
  std::string line;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    line.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out[0]);
  const auto at = line.find(" ready on http://");
  const auto nl = line.find('\n');
  if (at == std::string::npos || nl == std::string::npos) {
    cloud->Kill();
    return MakeError("Unavailable", "sparta-local did not print its ready line within 20 s; "
                                    "stdout: '" + line + "'; log: " + cloud->Log());
  }
  cloud->ready_line_ = line.substr(0, nl);
  std::string url = cloud->ready_line_.substr(at + 10);
  url = url.substr(0, url.find(' '));
  cloud->endpoint_ = url;
  cloud->port_ = static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1)));
  return cloud;
}

LocalCloudProcess::~LocalCloudProcess() {
  Kill();
  std::error_code ec;
  fs::remove(log_path_, ec);
}

int LocalCloudProcess::Terminate(std::chrono::milliseconds grace) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = 0;
      return status;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Kill();
  return -1;
}

void LocalCloudProcess::Kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = 0;
}

std::string LocalCloudProcess::Log() const {
  auto text = util::ReadFile(log_path_);
  return text.ok() ? *text : std::string("(no log)");
}

std::shared_ptr<const aws::AwsClient> LocalCloudProcess::Client(const std::string& service,
                                                                const std::string& access_key,
                                                                const std::string& secret) const {
  aws::AwsClientOptions options;
  options.endpoint.scheme = "http";
  options.endpoint.host = "127.0.0.1";
  options.endpoint.port = port_;
  options.endpoint.signing_region = "us-east-1";
  options.endpoint.signing_name = service;
  options.endpoint.s3_path_style = true;
  options.credentials = std::make_shared<StaticCredentials>(access_key, secret);
  options.transport = aws::MakeHttpTransport();
  options.retry.max_attempts = 1;
  options.timeout = std::chrono::seconds(30);
  return std::make_shared<aws::AwsClient>(std::move(options));
}

bool ProcessesRunUnder(const fs::path& dir) {
  std::error_code ec;
  const std::string prefix = fs::weakly_canonical(dir, ec).string();
  for (const auto& entry : fs::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    for (const char* link : {"cwd", "exe"}) {
      std::error_code link_ec;
      const fs::path target = fs::read_symlink(entry.path() / link, link_ec);
      if (!link_ec && target.string().rfind(prefix, 0) == 0) return true;
    }
  }
  return false;
}

}  // namespace sparta::testing
