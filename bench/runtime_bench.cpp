// Runtime benchmarks (printed figures, not timed tests):
//   1. warm invocations/s through the Runtime API on loopback: the hello
//      bootstrap vs a minimal C keep-alive ping-pong of the same two requests,
//      both against the same in-process server, in the same run;
//   2. cold start: exec -> first `/next` request, median, for the hello
//      bootstrap and for the minimal C client;
//   3. the hello artifact zip size.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace {
using Clock = std::chrono::steady_clock;

[[noreturn]] void Die(const char* why) {
  std::fprintf(stderr, "bench_runtime: %s\n", why);
  std::exit(1);
}

// A minimal Runtime API server: one client at a time, canned events.
class BenchServer {
 public:
  BenchServer() {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(listen_fd_, 16);
    // Bounded: a client that stops talking fails the run instead of hanging it.
    timeval limit{10, 0};
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~BenchServer() { ::close(listen_fd_); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  // Accepts one client and times its first request.
  Clock::time_point AcceptFirstRequest() {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) Die("no client connected within 10 s");
    char c;
    if (::read(fd, &c, 1) != 1) Die("the client sent nothing");  // first byte of the first request
    auto t = Clock::now();
    ::close(fd);
    return t;
  }

  // Serves `warmup + n` invocations; returns the seconds taken by the last n.
  double Serve(int warmup, int n) {
    int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) Die("no client connected within 10 s");
    timeval limit{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    have_ = 0;
    Clock::time_point start{};
    for (int i = 0; i < warmup + n; ++i) {
      if (i == warmup) start = Clock::now();
      if (!ReadRequest(fd)) Die("the client stopped before the run ended");  // GET next
      char head[512];
      static const char kEvent[] = "{\"name\":\"bench\"}";
      int len = std::snprintf(head, sizeof head,
                              "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Lambda-Runtime-Aws-Request-Id: req-%d\r\n"
                              "Lambda-Runtime-Deadline-Ms: 99999999999999\r\n"
                              "Lambda-Runtime-Invoked-Function-Arn: "
                              "arn:aws:lambda:us-east-1:123456789012:function:bench\r\n"
                              "Lambda-Runtime-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793\r\n"
                              "Content-Length: %zu\r\n\r\n%s",
                              i, sizeof kEvent - 1, kEvent);
      if (::write(fd, head, static_cast<size_t>(len)) != len) Die("write failed");
      if (!ReadRequest(fd)) Die("the client stopped before the run ended");  // POST response
      static const char kAccepted[] =
          "HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: "
          "15\r\n\r\n{\"status\":\"OK\"}";
      if (::write(fd, kAccepted, sizeof kAccepted - 1) != sizeof kAccepted - 1) Die("write failed");
    }
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    ::close(fd);
    return seconds;
  }

 private:
  bool ReadRequest(int fd) {
    for (;;) {
      char* end = static_cast<char*>(::memmem(buf_, have_, "\r\n\r\n", 4));
      if (end != nullptr) {
        size_t head = static_cast<size_t>(end - buf_) + 4;
        size_t body = 0;
        for (const char* name : {"Content-Length: ", "content-length: "}) {
          char* cl = static_cast<char*>(::memmem(buf_, head, name, std::strlen(name)));
          if (cl != nullptr) body = std::strtoul(cl + std::strlen(name), nullptr, 10);
        }
        while (have_ < head + body) {
          ssize_t r = ::read(fd, buf_ + have_, sizeof buf_ - have_);
          if (r <= 0) return false;
          have_ += static_cast<size_t>(r);
        }
        std::memmove(buf_, buf_ + head + body, have_ - head - body);
        have_ -= head + body;
        return true;
      }
      ssize_t r = ::read(fd, buf_ + have_, sizeof buf_ - have_);
      if (r <= 0) return false;
      have_ += static_cast<size_t>(r);
    }
  }

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  char buf_[1 << 16];
  size_t have_ = 0;
};

pid_t Spawn(const std::string& program, const std::string& api, const char* handler) {
  std::string api_var = "AWS_LAMBDA_RUNTIME_API=" + api;
  std::string handler_var = std::string("_HANDLER=") + handler;
  char* envp[] = {api_var.data(), handler_var.data(), nullptr};
  char* argv[] = {const_cast<char*>(program.c_str()), nullptr};
  pid_t pid = -1;
  if (::posix_spawn(&pid, program.c_str(), nullptr, nullptr, argv, envp) != 0) {
    std::perror("posix_spawn");
    std::exit(1);
  }
  return pid;
}

void Reap(pid_t pid) {
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

double WarmRate(BenchServer& server, const std::string& program, int n) {
  pid_t pid = Spawn(program, server.address(), "Echo");
  double seconds = server.Serve(2000, n);
  Reap(pid);
  return seconds > 0 ? n / seconds : 0;
}

double MedianColdStartMs(BenchServer& server, const std::string& program, int runs) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    auto t0 = Clock::now();
    pid_t pid = Spawn(program, server.address(), "Echo");
    auto t1 = server.AcceptFirstRequest();
    Reap(pid);
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string bootstrap = BENCH_BOOTSTRAP;
  const std::string pingpong = BENCH_PINGPONG;
  const std::string hello = BENCH_HELLO;
  const int n = argc > 1 ? std::atoi(argv[1]) : 50000;
  ::signal(SIGPIPE, SIG_IGN);
  BenchServer server;

  // Interleave the two clients so both see the same machine state.
  double c_rate = 0, sparta_rate = 0;
  for (int round = 0; round < 5; ++round) {
    c_rate = std::max(c_rate, WarmRate(server, pingpong, n));
    sparta_rate = std::max(sparta_rate, WarmRate(server, bootstrap, n));
  }
  std::printf("warm invoke, Runtime API on loopback (%d invocations, best of 5)\n", n);
  std::printf("  minimal C ping-pong (loopback limit)  %10.0f invocations/s\n", c_rate);
  std::printf("  sparta bootstrap (hello, Echo)        %10.0f invocations/s  = %.1f %% of the limit\n",
              sparta_rate, 100.0 * sparta_rate / c_rate);

  const int runs = 51;
  double c_cold = MedianColdStartMs(server, pingpong, runs);
  double sparta_cold = MedianColdStartMs(server, bootstrap, runs);
  std::printf("cold start, exec -> first /next request (median of %d)\n", runs);
  std::printf("  minimal C client (static)             %10.3f ms\n", c_cold);
  std::printf("  sparta bootstrap (hello)              %10.3f ms  = %.2fx the C client\n",
              sparta_cold, sparta_cold / c_cold);

  char dir_template[] = "/tmp/sparta-bench-XXXXXX";
  std::string dir = ::mkdtemp(dir_template);
  std::string cmd = "'" + hello + "' build --output-dir '" + dir + "' >/dev/null";
  if (std::system(cmd.c_str()) != 0) {
    std::fprintf(stderr, "hello build failed\n");
    return 1;
  }
  auto zip = std::filesystem::path(dir) / "SpartaHello-code.zip";
  auto zip_bytes = std::filesystem::file_size(zip);
  auto boot_bytes = std::filesystem::file_size(bootstrap);
  std::printf("artifact size\n");
  std::printf("  hello bootstrap                        %10ju bytes\n", static_cast<uintmax_t>(boot_bytes));
  std::printf("  hello artifact zip                     %10ju bytes = %.2f MB\n",
              static_cast<uintmax_t>(zip_bytes), zip_bytes / 1e6);
  std::filesystem::remove_all(dir);
  return 0;
}
