// HttpConnection against a raw scripted server: framing, keep-alive, reconnects.
#include "runtime/http_connection.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

namespace sparta::runtime::internal {
namespace {

// Answers each request (head up to the blank line, plus a Content-Length
// body) with the next canned response. A canned response of "" closes the
// connection instead (the server dropping an idle keep-alive connection).
// Records each request's raw bytes and which connection it came on.
class RawServer {
 public:
  explicit RawServer(std::vector<std::string> responses) : responses_(std::move(responses)) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 4), 0);
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~RawServer() {
    Finish();
    ::close(listen_fd_);
  }
  Endpoint endpoint() const {
    auto e = ParseEndpoint("127.0.0.1:" + std::to_string(port_));
    return *e;
  }
  // Valid once the client is done (joined via the destructor or Finish).
  void Finish() {
    ::shutdown(listen_fd_, SHUT_RDWR);
    if (thread_.joinable()) thread_.join();
  }
  std::vector<std::string> requests;
  std::vector<int> connections;

 private:
  void Serve() {
    size_t next = 0;
    int connection = 0;
    while (next < responses_.size()) {
      int fd = ::accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      ++connection;
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      timeval timeout{5, 0};
      ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      std::string buffer;
      while (next < responses_.size()) {
        size_t end;
        while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
          char c[4096];
          ssize_t n = ::recv(fd, c, sizeof c, 0);
          if (n <= 0) break;
          buffer.append(c, static_cast<size_t>(n));
        }
        if (end == std::string::npos) break;
        size_t body = 0;
        if (size_t cl = buffer.find("Content-Length: "); cl != std::string::npos && cl < end) {
          body = std::stoul(buffer.substr(cl + 16));
        }
        while (buffer.size() < end + 4 + body) {
          char c[4096];
          ssize_t n = ::recv(fd, c, sizeof c, 0);
          if (n <= 0) break;
          buffer.append(c, static_cast<size_t>(n));
        }
        requests.push_back(buffer.substr(0, end + 4 + body));
        connections.push_back(connection);
        buffer.erase(0, end + 4 + body);
        const std::string& response = responses_[next++];
        if (response.empty()) break;  // drop the connection unanswered
        ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
        if (response.find("Connection: close") != std::string::npos) break;
      }
      ::close(fd);
    }
  }

  std::vector<std::string> responses_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST(HttpConnection, ContentLengthResponseAndCaseInsensitiveHeaders) {
  RawServer server(
      {"HTTP/1.1 200 OK\r\ncontent-LENGTH: 5\r\nX-Thing:   spaced value  \r\n\r\nhello"});
  HttpConnection http(server.endpoint());
  auto r = http.RoundTrip({"GET / HTTP/1.1\r\nHost: x\r\n\r\n"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->status(), 200);
  EXPECT_EQ((*r)->body(), "hello");
  EXPECT_EQ((*r)->Header("x-thing"), "spaced value");
  EXPECT_EQ((*r)->Header("Content-Length"), "5");
  EXPECT_EQ((*r)->Header("Absent"), "");
  EXPECT_EQ((*r)->header_count(), 2u);
}

TEST(HttpConnection, SendsAllPartsAsOneRequest) {
  RawServer server({"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n"});
  HttpConnection http(server.endpoint());
  auto r = http.RoundTrip({"POST /x HTTP/1.1\r\n", "Content-Length: 3\r\n\r\n", "", "abc"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->status(), 202);
  EXPECT_EQ((*r)->body(), "");
  server.Finish();
  ASSERT_EQ(server.requests.size(), 1u);
  EXPECT_EQ(server.requests[0], "POST /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
}

TEST(HttpConnection, LargeBodiesSpanManyReads) {
  std::string big(300000, 'x');
  for (size_t i = 0; i < big.size(); i += 7) big[i] = static_cast<char>('a' + i % 26);
  RawServer server(
      {"HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(big.size()) + "\r\n\r\n" + big,
       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"});
  HttpConnection http(server.endpoint());
  auto r = http.RoundTrip({"GET /big HTTP/1.1\r\n\r\n"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->body(), big);
  auto again = http.RoundTrip({"GET /small HTTP/1.1\r\n\r\n"});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)->body(), "ok");
  server.Finish();
  EXPECT_EQ(server.connections, (std::vector<int>{1, 1})) << "keep-alive: one connection";
}

TEST(HttpConnection, DecodesChunkedBodiesWithExtensionsAndTrailers) {
  std::string big(70000, 'q');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zX\r\n", big.size());
  RawServer server(
      {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-After: 1\r\n\r\n"
       "5;ext=1\r\nhello\r\n" +
           std::string(size_line) + big + "\r\n1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n",
       "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"});
  HttpConnection http(server.endpoint());
  auto r = http.RoundTrip({"GET / HTTP/1.1\r\n\r\n"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->body(), "hello" + big + "!");
  EXPECT_EQ((*r)->Header("X-After"), "1");
  auto again = http.RoundTrip({"GET / HTTP/1.1\r\n\r\n"});
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ((*again)->body(), "next");
}

TEST(HttpConnection, SkipsInterimResponsesAndReadsUnframedBodiesToClose) {
  RawServer server({"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 200 OK\r\n\r\nuntil the end"});
  HttpConnection http(server.endpoint());
  auto r = http.RoundTrip({"GET / HTTP/1.1\r\n\r\n"});
  // The server closes after its only response: the body runs to that close.
  server.Finish();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ((*r)->status(), 200);
  EXPECT_EQ((*r)->body(), "until the end");
  EXPECT_FALSE(http.connected());
}

TEST(HttpConnection, HonoursConnectionClose) {
  RawServer server({"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na",
                    "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"});
  HttpConnection http(server.endpoint());
  auto first = http.RoundTrip({"GET /1 HTTP/1.1\r\n\r\n"});
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ((*first)->body(), "a");
  EXPECT_FALSE(http.connected());
  EXPECT_EQ((*first)->body(), "a") << "views survive Close()";
  auto second = http.RoundTrip({"GET /2 HTTP/1.1\r\n\r\n"});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ((*second)->body(), "b");
  server.Finish();
  EXPECT_EQ(server.connections, (std::vector<int>{1, 2}));
}

TEST(HttpConnection, RetriesOnceWhenAnIdleKeepAliveConnectionWasDropped) {
  // Second request: the server drops the connection without answering;
  // the client resends it on a new connection.
  RawServer server({"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na", "",
                    "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nb"});
  HttpConnection http(server.endpoint());
  ASSERT_TRUE(http.RoundTrip({"GET /1 HTTP/1.1\r\n\r\n"}).ok());
  auto second = http.RoundTrip({"GET /2 HTTP/1.1\r\n\r\n"});
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ((*second)->body(), "b");
  server.Finish();
  ASSERT_EQ(server.requests.size(), 3u);
  EXPECT_EQ(server.requests[1], server.requests[2]);
  EXPECT_EQ(server.connections, (std::vector<int>{1, 1, 2}));
}

TEST(HttpConnection, ReportsARefusedConnection) {
  Endpoint endpoint;
  {
    RawServer server({});
    endpoint = server.endpoint();
  }  // closed: nothing listens there now
  HttpConnection http(endpoint);
  auto r = http.RoundTrip({"GET / HTTP/1.1\r\n\r\n"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "Connect");
  EXPECT_NE(r.error().message.find("Connection refused"), std::string::npos) << r.error().message;
}

TEST(HttpConnection, RejectsMalformedResponses) {
  RawServer server({"SMTP ready\r\n\r\n"});
  HttpConnection http(server.endpoint());
  auto r = http.RoundTrip({"GET / HTTP/1.1\r\n\r\n"});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "BadResponse");
  EXPECT_FALSE(http.connected());
}

}  // namespace
}  // namespace sparta::runtime::internal
