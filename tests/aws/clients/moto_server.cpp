#include "aws/clients/moto_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

#include "sparta/aws/http_transport.hpp"

namespace sparta::aws::testing {
namespace {

class TestCredentials : public CredentialsProvider {
 public:
  Result<Credentials> GetCredentials() override {
    return Credentials{"test", "test", "", {}, "test"};
  }
};

/// A port the kernel just gave out and took back; another process could take
/// it in between, which Start reports as the server not coming up.
uint16_t FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

bool Accepts(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

std::string MotoServer::Find() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return "";
  std::string paths = path;
  std::size_t start = 0;
  while (start <= paths.size()) {
    std::size_t end = paths.find(':', start);
    if (end == std::string::npos) end = paths.size();
    const std::string candidate = paths.substr(start, end - start) + "/moto_server";
    struct stat info {};
    if (end > start && ::stat(candidate.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return "";
}

Result<std::unique_ptr<MotoServer>> MotoServer::Start() {
  const std::string program = Find();
  if (program.empty()) return MakeError("Unavailable", "moto_server is not on PATH");
  const uint16_t port = FreeLoopbackPort();
  if (port == 0) return MakeError("Unavailable", "no free loopback port");
  const std::string port_text = std::to_string(port);

  const pid_t pid = ::fork();
  if (pid < 0) return MakeError("Unavailable", "fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group, so the test can stop it and nothing else
    // Quiet: moto logs every request on stderr.
    const int null_fd = ::open("/dev/null", O_WRONLY);
    if (null_fd >= 0) {
      ::dup2(null_fd, STDOUT_FILENO);
      ::dup2(null_fd, STDERR_FILENO);
    }
    std::vector<char*> argv = {const_cast<char*>(program.c_str()),   const_cast<char*>("-H"),
                               const_cast<char*>("127.0.0.1"),       const_cast<char*>("-p"),
                               const_cast<char*>(port_text.c_str()), nullptr};
    ::execv(program.c_str(), argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);
  std::unique_ptr<MotoServer> server(new MotoServer(pid, port));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (Accepts(port)) return server;
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      server->pid_ = 0;
      return MakeError("Unavailable", "moto_server exited at start (port " + port_text + ")");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return MakeError("Unavailable", "moto_server did not accept connections within 20 s");
}

MotoServer::~MotoServer() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);  // the group this test created for the server
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

std::shared_ptr<const AwsClient> MotoServer::Client(const std::string& service) const {
  AwsClientOptions options;
  options.endpoint.scheme = "http";
  options.endpoint.host = "127.0.0.1";
  options.endpoint.port = port_;
  options.endpoint.signing_region = "us-east-1";
  options.endpoint.signing_name = service;
  options.endpoint.s3_path_style = true;
  options.credentials = std::make_shared<TestCredentials>();
  options.transport = MakeHttpTransport();
  options.retry.max_attempts = 2;
  options.timeout = std::chrono::seconds(20);
  return std::make_shared<AwsClient>(std::move(options));
}

}  // namespace sparta::aws::testing
