#include "runtime/mock_runtime_api.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace sparta::runtime::testing {
namespace {

constexpr int kTimeoutMs = 5000;

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

std::string Find(const HeaderList& list, std::string_view name) {
  for (const auto& [k, v] : list) {
    if (SameName(k, name)) return v;
  }
  return {};
}

void SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

// Reads into `buffer` until it holds `until` (a delimiter) past `from`;
// returns its offset or npos on EOF/timeout.
size_t ReadUntil(int fd, std::string& buffer, size_t from, std::string_view until) {
  for (;;) {
    size_t at = buffer.find(until, from);
    if (at != std::string::npos) return at;
    char chunk[65536];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return std::string::npos;
    buffer.append(chunk, static_cast<size_t>(n));
  }
}

bool ReadBytes(int fd, std::string& buffer, size_t size) {
  while (buffer.size() < size) {
    char chunk[65536];
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buffer.append(chunk, static_cast<size_t>(n));
  }
  return true;
}

HeaderList ParseFields(std::string_view text) {
  HeaderList fields;
  while (!text.empty()) {
    size_t eol = text.find("\r\n");
    std::string_view line = text.substr(0, eol);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      fields.emplace_back(std::string(line.substr(0, colon)), std::string(value));
    }
    if (eol == std::string_view::npos) break;
    text.remove_prefix(eol + 2);
  }
  return fields;
}

// Reads one request from `buffer`/`fd`; false on EOF or a malformed request.
bool ReadRequest(int fd, std::string& buffer, RecordedRequest* out) {
  size_t head_end = ReadUntil(fd, buffer, 0, "\r\n\r\n");
  if (head_end == std::string::npos) return false;
  out->head = buffer.substr(0, head_end + 4);
  std::string_view head(out->head);
  size_t line_end = head.find("\r\n");
  std::string_view line = head.substr(0, line_end);
  size_t sp1 = line.find(' ');
  size_t sp2 = line.rfind(' ');
  if (sp1 == std::string_view::npos || sp2 == sp1) return false;
  out->method = std::string(line.substr(0, sp1));
  out->target = std::string(line.substr(sp1 + 1, sp2 - sp1 - 1));
  out->headers = ParseFields(head.substr(line_end + 2, head.size() - line_end - 4));
  size_t pos = head_end + 4;
  if (Find(out->headers, "Transfer-Encoding") == "chunked") {
    out->chunked = true;
    for (;;) {
      size_t eol = ReadUntil(fd, buffer, pos, "\r\n");
      if (eol == std::string::npos) return false;
      size_t size = std::stoul(buffer.substr(pos, eol - pos), nullptr, 16);
      pos = eol + 2;
      if (size == 0) {
        size_t end = ReadUntil(fd, buffer, pos - 2, "\r\n\r\n");
        if (end == std::string::npos) return false;
        out->trailers = ParseFields(std::string_view(buffer).substr(pos, end + 2 - pos));
        pos = end + 4;
        break;
      }
      if (!ReadBytes(fd, buffer, pos + size + 2)) return false;
      out->chunks.push_back(buffer.substr(pos, size));
      out->body += out->chunks.back();
      pos += size + 2;
    }
  } else {
    std::string length = Find(out->headers, "Content-Length");
    size_t size = length.empty() ? 0 : std::stoul(length);
    if (!ReadBytes(fd, buffer, pos + size)) return false;
    out->body = buffer.substr(pos, size);
    pos += size;
  }
  buffer.erase(0, pos);
  return true;
}

std::string Response(int status, std::string_view body) {
  const char* reason = status == 200   ? "OK"
                       : status == 202 ? "Accepted"
                       : status == 413 ? "Request Entity Too Large"
                                       : "Status";
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

}  // namespace

std::string RecordedRequest::Header(std::string_view name) const { return Find(headers, name); }

bool RecordedRequest::HasHeader(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (SameName(k, name)) return true;
  }
  return false;
}

std::string RecordedRequest::Trailer(std::string_view name) const { return Find(trailers, name); }

MockRuntimeApi::MockRuntimeApi() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t length = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::listen(fd, 8) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    throw std::runtime_error("mock Runtime API: cannot listen on 127.0.0.1");
  }
  listen_fd_ = fd;
  port_ = ntohs(addr.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

MockRuntimeApi::~MockRuntimeApi() {
  // Only on early test exits: wake the server if it still waits for clients.
  if (int fd = listen_fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
}

std::string MockRuntimeApi::address() const { return "127.0.0.1:" + std::to_string(port_); }

void MockRuntimeApi::Add(MockInvocation invocation) {
  std::lock_guard<std::mutex> lock(mutex_);
  script_.push_back(std::move(invocation));
}

std::vector<RecordedRequest> MockRuntimeApi::Finish() {
  // The client is done: stop waiting for it if the script did not run out.
  if (int fd = listen_fd_.load(); fd >= 0) ::shutdown(fd, SHUT_RDWR);
  if (thread_.joinable()) thread_.join();
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void MockRuntimeApi::Serve() {
  int connection = 0;
  for (;;) {
    pollfd p{listen_fd_.load(), POLLIN, 0};
    if (::poll(&p, 1, kTimeoutMs) <= 0 || (p.revents & POLLIN) == 0) break;
    int fd = ::accept4(listen_fd_.load(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) break;
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval timeout{kTimeoutMs / 1000, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    bool go_on = ServeConnection(fd, ++connection);
    ::close(fd);
    if (!go_on) break;
  }
  // Gone: clients now get "connection refused".
  ::close(listen_fd_.exchange(-1));
}

bool MockRuntimeApi::ServeConnection(int fd, int connection) {
  std::string buffer;
  int post_status = 202;
  for (;;) {
    RecordedRequest request;
    request.connection = connection;
    if (!ReadRequest(fd, buffer, &request)) return true;  // client closed: accept the next
    std::string method = request.method;
    std::string target = request.target;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(std::move(request));
    }
    if (method == "GET" && target == "/2018-06-01/runtime/invocation/next") {
      MockInvocation next;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (script_.empty()) return false;
        next = std::move(script_.front());
        script_.pop_front();
      }
      post_status = next.post_status;
      std::string head =
          "HTTP/1.1 200 OK\r\nLambda-Runtime-Aws-Request-Id: " + next.request_id + "\r\n";
      for (const auto& [k, v] : next.headers) head += k + ": " + v + "\r\n";
      if (next.chunked_event) {
        head += "Transfer-Encoding: chunked\r\n\r\n";
        size_t half = next.payload.size() / 2;
        for (std::string_view piece : {std::string_view(next.payload).substr(0, half),
                                       std::string_view(next.payload).substr(half)}) {
          if (piece.empty()) continue;
          char size[32];
          std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
          head += size;
          head += piece;
          head += "\r\n";
        }
        head += "0\r\n\r\n";
        SendAll(fd, head);
      } else {
        head += "Content-Length: " + std::to_string(next.payload.size()) + "\r\n\r\n";
        SendAll(fd, head + next.payload);
      }
      if (next.close_after_next) return true;
    } else if (method == "POST" && target.starts_with("/2018-06-01/runtime/")) {
      bool init = target == "/2018-06-01/runtime/init/error";
      int status = init ? 202 : post_status;
      SendAll(fd, status == 202 ? Response(202, R"({"status":"OK"})")
                                : Response(status, R"({"errorMessage":"refused by the mock",)"
                                                   R"("errorType":"MockRefusal"})"));
    } else {
      SendAll(fd, Response(404, R"({"errorMessage":"unknown path"})"));
    }
  }
}

}  // namespace sparta::runtime::testing
