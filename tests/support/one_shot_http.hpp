#pragma once
// A loopback HTTP endpoint for one request: it accepts one connection,
// reads one request (head and Content-Length body), answers 200 and hands
// the request's bytes to the test. For clients that must PUT somewhere
// (custom resource responses).

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>

namespace sparta::testing {

class OneShotServer {
 public:
  OneShotServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 1);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    received_ = std::async(std::launch::async, [fd = fd_] {
      int conn = ::accept(fd, nullptr, nullptr);
      std::string data;
      char buffer[4096];
      for (;;) {
        const auto head_end = data.find("\r\n\r\n");
        if (head_end != std::string::npos) {
          const auto cl = data.find("Content-Length: ");
          const std::size_t length = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
          if (data.size() >= head_end + 4 + length) break;
        }
        ssize_t n = ::recv(conn, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        data.append(buffer, static_cast<std::size_t>(n));
      }
      const std::string ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      ::send(conn, ok.data(), ok.size(), MSG_NOSIGNAL);
      ::close(conn);
      return data;
    });
  }
  ~OneShotServer() { ::close(fd_); }
  int port() const { return port_; }
  std::string Received() {
    return received_.wait_for(std::chrono::seconds(20)) == std::future_status::ready
               ? received_.get()
               : std::string("<nothing received>");
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::future<std::string> received_;
};

}  // namespace sparta::testing
