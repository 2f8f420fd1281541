// FaultProxy: blocking sockets, one thread per client connection, poll() on
// the client, the target and a stop pipe so Stop() wakes every thread.

#include "support/fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <deque>
#include <mutex>
#include <set>
#include <thread>

namespace sparta::testing {
namespace {

constexpr int kMaxConnections = 64;
using Clock = std::chrono::steady_clock;

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A complete request at the front of `buffer`: its size in bytes (head plus
// Content-Length body) and its request line, or size 0 if more bytes are needed.
struct RequestFrame {
  size_t size = 0;
  std::string method;
  std::string line;  // "METHOD target"
};

RequestFrame NextRequest(const std::string& buffer) {
  RequestFrame frame;
  size_t head_end = buffer.find("\r\n\r\n");
  if (head_end == std::string::npos) return frame;
  std::string head = buffer.substr(0, head_end + 2);
  size_t line_end = head.find("\r\n");
  std::string request_line = head.substr(0, line_end);
  frame.method = request_line.substr(0, request_line.find(' '));
  frame.line = request_line.substr(0, request_line.rfind(' '));
  size_t body = 0;
  std::string lower = Lower(head);
  size_t pos = lower.find("\r\ncontent-length:");
  if (pos != std::string::npos) {
    body = std::strtoull(lower.c_str() + pos + std::strlen("\r\ncontent-length:"), nullptr, 10);
  }
  if (buffer.size() < head_end + 4 + body) return frame;
  frame.size = head_end + 4 + body;
  return frame;
}

std::string ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return "Status";
  }
}

std::string CannedResponse(const Fault& fault, const std::string& method, int serial) {
  std::string out =
      "HTTP/1.1 " + std::to_string(fault.status) + " " + ReasonPhrase(fault.status) + "\r\n";
  bool xml = !fault.body.empty() && fault.body.front() == '<';
  out += std::string("Content-Type: ") + (xml ? "text/xml" : "application/json") + "\r\n";
  out += "Content-Length: " + std::to_string(fault.body.size()) + "\r\n";
  out += "x-amzn-RequestId: fault-proxy-" + std::to_string(serial) + "\r\n";
  for (const auto& [name, value] : fault.headers) out += name + ": " + value + "\r\n";
  out += "\r\n";
  if (method != "HEAD") out += fault.body;
  return out;
}

int ConnectTo(const std::string& host, uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* ai = found; ai && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd >= 0 && ::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd >= 0) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  return fd;
}

}  // namespace

Fault Fault::Pass() { return Fault{}; }

Fault Fault::Respond(int status, std::string body,
                     std::vector<std::pair<std::string, std::string>> headers) {
  Fault fault;
  fault.kind = Kind::kRespond;
  fault.status = status;
  fault.body = std::move(body);
  fault.headers = std::move(headers);
  return fault;
}

Fault Fault::Throttle() {
  return Respond(400,
                 "<ErrorResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">"
                 "<Error><Type>Sender</Type><Code>Throttling</Code>"
                 "<Message>Rate exceeded</Message></Error>"
                 "<RequestId>fault-proxy-throttle</RequestId></ErrorResponse>");
}

Fault Fault::CloseMidResponse(size_t forward_bytes) {
  Fault fault;
  fault.kind = Kind::kCloseMidResponse;
  fault.forward_bytes = forward_bytes;
  return fault;
}

Fault Fault::Delay(std::chrono::milliseconds delay) {
  Fault fault;
  fault.kind = Kind::kDelay;
  fault.delay = delay;
  return fault;
}

struct FaultProxy::State {
  std::string target_host;
  uint16_t target_port = 0;
  int listen_fd = -1;
  int stop_read = -1;
  int stop_write = -1;
  uint16_t port = 0;

  mutable std::mutex mu;
  std::deque<Fault> faults;          // GUARDED_BY(mu)
  std::vector<std::string> lines;    // GUARDED_BY(mu)
  std::set<int> open_fds;            // GUARDED_BY(mu)
  std::vector<std::thread> workers;  // GUARDED_BY(mu)
  std::atomic<int> live{0};
  std::atomic<int> requests{0};
  std::atomic<int> applied{0};
  std::atomic<int> accepted{0};
  std::atomic<bool> stopping{false};
  std::thread acceptor;

  void Track(int fd) {
    std::lock_guard lock(mu);
    open_fds.insert(fd);
  }
  void CloseFd(int& fd) {
    if (fd < 0) return;
    {
      std::lock_guard lock(mu);
      open_fds.erase(fd);
    }
    ::close(fd);
    fd = -1;
  }

  void AcceptLoop() {
    for (;;) {
      pollfd fds[2] = {{listen_fd, POLLIN, 0}, {stop_read, POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0 && errno != EINTR) return;
      if (fds[1].revents != 0 || stopping) return;
      if ((fds[0].revents & POLLIN) == 0) continue;
      int client = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) continue;
      if (live >= kMaxConnections) {
        ::close(client);
        continue;
      }
      ++accepted;
      ++live;
      Track(client);
      std::lock_guard lock(mu);
      workers.emplace_back([this, client] {
        Serve(client);
        --live;
      });
    }
  }

  Fault NextFault(const RequestFrame& frame) {
    std::lock_guard lock(mu);
    lines.push_back(frame.line);
    if (faults.empty()) return Fault{};
    Fault fault = std::move(faults.front());
    faults.pop_front();
    return fault;
  }

  // Forwards between one client and the target until either side closes,
  // a fault ends the connection, or the proxy stops.
  void Serve(int client) {
    int upstream = -1;
    std::string pending;            // client bytes not yet framed into a request
    size_t close_after = SIZE_MAX;  // response bytes still to forward before closing
    Clock::time_point hold_until{};
    char buf[16384];
    bool open = true;
    while (open && !stopping) {
      pollfd fds[3] = {{client, POLLIN, 0}, {stop_read, POLLIN, 0}, {-1, 0, 0}};
      const auto now = Clock::now();
      const bool held = now < hold_until;
      if (upstream >= 0 && !held) fds[2] = {upstream, POLLIN, 0};
      int wait_ms =
          held ? static_cast<int>(
                     std::chrono::ceil<std::chrono::milliseconds>(hold_until - now).count())
               : -1;
      if (::poll(fds, 3, wait_ms) < 0 && errno != EINTR) break;
      if (fds[1].revents != 0) break;

      if (fds[2].revents != 0) {
        ssize_t n = ::recv(upstream, buf, sizeof buf, 0);
        if (n <= 0) break;  // the target closed: so does the client's connection
        size_t forward = std::min(static_cast<size_t>(n), close_after);
        if (!SendAll(client, std::string_view(buf, forward))) break;
        if (close_after != SIZE_MAX) {
          close_after -= forward;
          if (close_after == 0) break;  // the injected mid-response drop
        }
      }

      if (fds[0].revents != 0) {
        ssize_t n = ::recv(client, buf, sizeof buf, 0);
        if (n <= 0) break;
        pending.append(buf, static_cast<size_t>(n));
        for (RequestFrame frame = NextRequest(pending); frame.size != 0 && open;
             frame = NextRequest(pending)) {
          std::string request = pending.substr(0, frame.size);
          pending.erase(0, frame.size);
          const int serial = ++requests;
          Fault fault = NextFault(frame);
          if (fault.kind != Fault::Kind::kPass) ++applied;
          if (fault.kind == Fault::Kind::kRespond) {
            open = SendAll(client, CannedResponse(fault, frame.method, serial));
            continue;
          }
          if (upstream < 0) {
            upstream = ConnectTo(target_host, target_port);
            if (upstream < 0) {
              open = false;
              break;
            }
            Track(upstream);
          }
          if (fault.kind == Fault::Kind::kCloseMidResponse) close_after = fault.forward_bytes;
          if (fault.kind == Fault::Kind::kDelay) hold_until = Clock::now() + fault.delay;
          open = SendAll(upstream, request);
        }
      }
    }
    CloseFd(upstream);
    CloseFd(client);
  }
};

FaultProxy::FaultProxy(std::unique_ptr<State> state) : state_(std::move(state)) {}

FaultProxy::~FaultProxy() { Stop(); }

Result<std::unique_ptr<FaultProxy>> FaultProxy::Start(const std::string& target_host,
                                                      uint16_t target_port) {
  auto state = std::make_unique<State>();
  state->target_host = target_host;
  state->target_port = target_port;
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return MakeError("Io", "pipe failed");
  state->stop_read = pipe_fds[0];
  state->stop_write = pipe_fds[1];
  state->listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (state->listen_fd < 0 ||
      ::bind(state->listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(state->listen_fd, 64) != 0 ||
      ::getsockname(state->listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    std::string reason = std::strerror(errno);
    if (state->listen_fd >= 0) ::close(state->listen_fd);
    ::close(state->stop_read);
    ::close(state->stop_write);
    return MakeError("Io", "fault proxy cannot listen on 127.0.0.1: " + reason);
  }
  state->port = ntohs(addr.sin_port);
  State* raw = state.get();
  state->acceptor = std::thread([raw] { raw->AcceptLoop(); });
  return std::unique_ptr<FaultProxy>(new FaultProxy(std::move(state)));
}

void FaultProxy::Stop() {
  State& s = *state_;
  if (s.stopping.exchange(true)) return;
  char byte = 1;
  [[maybe_unused]] ssize_t n = ::write(s.stop_write, &byte, 1);
  if (s.acceptor.joinable()) s.acceptor.join();
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(s.mu);
    // Wakes a worker blocked in send() to a client that stopped reading.
    for (int fd : s.open_fds) ::shutdown(fd, SHUT_RDWR);
    workers.swap(s.workers);
  }
  for (auto& worker : workers) worker.join();
  ::close(s.listen_fd);
  ::close(s.stop_read);
  ::close(s.stop_write);
}

uint16_t FaultProxy::port() const { return state_->port; }

std::string FaultProxy::url() const { return "http://127.0.0.1:" + std::to_string(port()); }

void FaultProxy::Enqueue(Fault fault, int times) {
  std::lock_guard lock(state_->mu);
  for (int i = 0; i < times; ++i) state_->faults.push_back(fault);
}

void FaultProxy::ClearFaults() {
  std::lock_guard lock(state_->mu);
  state_->faults.clear();
}

int FaultProxy::requests() const { return state_->requests; }
int FaultProxy::faults_applied() const { return state_->applied; }
int FaultProxy::connections() const { return state_->accepted; }

std::vector<std::string> FaultProxy::request_lines() const {
  std::lock_guard lock(state_->mu);
  return state_->lines;
}

}  // namespace sparta::testing
