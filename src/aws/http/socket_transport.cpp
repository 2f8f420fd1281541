// MakeHttpTransport: HTTP/1.1 and HTTPS over POSIX sockets and OpenSSL.
//
// Why not Beast and Asio, which the servers use: this transport is in every
// Lambda artifact that calls AWS, where size is a measured goal (Beast's
// composed TLS operations cost about 300 KB of code and 600 KB of symbol
// names), and a client making one blocking request at a time needs only
// non-blocking sockets and poll() to keep its deadline. Sockets are
// non-blocking; every wait is a poll() bounded by the request's deadline.
// TLS goes through a small BIO of our own that writes with MSG_NOSIGNAL, so a
// peer that hangs up never raises SIGPIPE in the caller's process.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

#include "sparta/aws/http_transport.hpp"
#include "sparta/util/ascii.hpp"

#include "aws/http/ca_bundle.hpp"

namespace sparta::aws {
namespace {

using Clock = std::chrono::steady_clock;

std::string HostPort(const std::string& host, uint16_t port) {
  std::string out;
  if (host.find(':') != std::string::npos) {
    out += '[';
    out += host;
    out += ']';
  } else {
    out = host;
  }
  out += ':';
  out += std::to_string(port);
  return out;
}

bool IsIpLiteral(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// Verification failures that a different CA bundle could fix.
bool IsUnknownIssuer(long verify_result) {
  switch (verify_result) {
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
      return true;
    default:
      return false;
  }
}

std::string OpenSslReason() {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  const char* reason = ERR_reason_error_string(code);
  return reason != nullptr ? reason : "error " + std::to_string(code);
}

// ---- A socket BIO that never raises SIGPIPE ---------------------------------

int BioFd(BIO* bio) { return static_cast<int>(reinterpret_cast<intptr_t>(BIO_get_data(bio))); }

int BioWrite(BIO* bio, const char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n = ::send(BioFd(bio), data, static_cast<size_t>(size), MSG_NOSIGNAL);
  if (n >= 0) return static_cast<int>(n);
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) BIO_set_retry_write(bio);
  return -1;
}

int BioRead(BIO* bio, char* data, int size) {
  BIO_clear_retry_flags(bio);
  ssize_t n = ::recv(BioFd(bio), data, static_cast<size_t>(size), 0);
  if (n >= 0) return static_cast<int>(n);
  if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) BIO_set_retry_read(bio);
  return -1;
}

long BioCtrl(BIO*, int command, long, void*) { return command == BIO_CTRL_FLUSH ? 1 : 0; }

int BioCreate(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

BIO_METHOD* SocketBioMethod() {
  static BIO_METHOD* method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "sparta socket");
    BIO_meth_set_write(m, BioWrite);
    BIO_meth_set_read(m, BioRead);
    BIO_meth_set_ctrl(m, BioCtrl);
    BIO_meth_set_create(m, BioCreate);
    return m;
  }();
  return method;
}

// ---- Connections -------------------------------------------------------------

enum class IoStatus { kOk, kEof, kTimeout, kError };

struct IoResult {
  IoStatus status = IoStatus::kOk;
  size_t bytes = 0;
  std::string reason;  // for kError
};

// One open connection, used by one thread at a time (the pool hands it out
// exclusively).
struct Connection {
  int fd = -1;
  SSL* ssl = nullptr;
  std::string buffer;  // received bytes not yet consumed
  Clock::time_point idle_since;

  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() {
    if (ssl != nullptr) SSL_free(ssl);
    if (fd >= 0) ::close(fd);
  }

  // Waits for `events` on the socket until `deadline`: true when ready.
  bool Wait(short events, Clock::time_point deadline) const {
    for (;;) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd, events, 0};
      int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30)));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return true;  // let the next call report the error
    }
  }

  // Waits as OpenSSL asks after a failed call; false on timeout.
  bool WaitForTls(int ret, Clock::time_point deadline, IoResult& failure) const {
    int error = SSL_get_error(ssl, ret);
    if (error == SSL_ERROR_WANT_READ) return Wait(POLLIN, deadline) || Timeout(failure);
    if (error == SSL_ERROR_WANT_WRITE) return Wait(POLLOUT, deadline) || Timeout(failure);
    if (error == SSL_ERROR_ZERO_RETURN ||
        (error == SSL_ERROR_SYSCALL && ERR_peek_error() == 0 && errno == 0)) {
      failure.status = IoStatus::kEof;
    } else {
      failure.status = IoStatus::kError;
      failure.reason =
          error == SSL_ERROR_SYSCALL && errno != 0 ? std::strerror(errno) : OpenSslReason();
    }
    return false;
  }

  static bool Timeout(IoResult& failure) {
    failure.status = IoStatus::kTimeout;
    return false;
  }

  IoResult WriteAll(std::string_view data, Clock::time_point deadline) {
    IoResult r;
    while (!data.empty()) {
      if (ssl != nullptr) {
        ERR_clear_error();
        errno = 0;
        size_t written = 0;
        int ret = SSL_write_ex(ssl, data.data(), data.size(), &written);
        if (ret == 1) {
          data.remove_prefix(written);
          r.bytes += written;
          continue;
        }
        if (!WaitForTls(ret, deadline, r)) return r;
        continue;
      }
      ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
      if (n > 0) {
        data.remove_prefix(static_cast<size_t>(n));
        r.bytes += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        if (!Wait(POLLOUT, deadline)) return {IoStatus::kTimeout, r.bytes, {}};
        continue;
      }
      return {IoStatus::kError, r.bytes, std::strerror(errno)};
    }
    return r;
  }

  // Appends what arrives next (at least one byte) to `buffer`.
  IoResult ReadMore(Clock::time_point deadline) {
    char chunk[16384];
    for (;;) {
      if (ssl != nullptr) {
        ERR_clear_error();
        errno = 0;
        size_t got = 0;
        int ret = SSL_read_ex(ssl, chunk, sizeof chunk, &got);
        if (ret == 1) {
          buffer.append(chunk, got);
          return {IoStatus::kOk, got, {}};
        }
        IoResult r;
        if (!WaitForTls(ret, deadline, r)) return r;
        continue;
      }
      ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n > 0) {
        buffer.append(chunk, static_cast<size_t>(n));
        return {IoStatus::kOk, static_cast<size_t>(n), {}};
      }
      if (n == 0) return {IoStatus::kEof, 0, {}};
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        if (!Wait(POLLIN, deadline)) return {IoStatus::kTimeout, 0, {}};
        continue;
      }
      return {IoStatus::kError, 0, std::strerror(errno)};
    }
  }

  // An idle connection with readable data or EOF was closed (or spoken to)
  // by the server: it must not carry a new request.
  bool LooksAlive() const {
    if (fd < 0 || !buffer.empty()) return false;
    char byte;
    ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

// ---- Reading a response ---------------------------------------------------------

constexpr size_t kHeaderLimit = 64 * 1024;

// The outcome of one request/response exchange on a connection.
struct ExchangeResult {
  std::optional<HttpResponse> response;
  Error error;
  bool nothing_received = false;  // failed before any byte of a response
  bool reusable = false;
};

class ResponseReader {
 public:
  ResponseReader(Connection& conn, std::string where, Clock::time_point deadline,
                 std::string waited, uint64_t max_body)
      : conn_(conn),
        where_(std::move(where)),
        deadline_(deadline),
        waited_(std::move(waited)),
        max_body_(max_body) {}

  ExchangeResult Read(bool head) {
    ExchangeResult result;
    for (;;) {
      size_t end = 0;
      if (!ReadUntil("\r\n\r\n", kHeaderLimit, end, result, true)) return result;
      HttpResponse response;
      bool http10 = false;
      if (!ParseHead(std::string_view(conn_.buffer).substr(0, end), response, http10)) {
        result.error = MakeError("Io", "malformed HTTP response from " + where_);
        return result;
      }
      conn_.buffer.erase(0, end + 4);
      if (response.status >= 100 && response.status < 200 && response.status != 101) continue;

      const std::string* connection = FindHeader(response.headers, "connection");
      bool keep_alive = http10 ? connection != nullptr && util::HasToken(*connection, "keep-alive")
                               : connection == nullptr || !util::HasToken(*connection, "close");
      bool until_eof = false;
      const bool no_body = head || response.status == 204 || response.status == 304;
      if (!no_body) {
        const std::string* encoding = FindHeader(response.headers, "transfer-encoding");
        const std::string* length = FindHeader(response.headers, "content-length");
        bool ok = true;
        if (encoding != nullptr && util::HasToken(*encoding, "chunked")) {
          ok = ReadChunked(response.body, result);
        } else if (length != nullptr) {
          uint64_t size = 0;
          auto [ptr, ec] = std::from_chars(length->data(), length->data() + length->size(), size);
          if (ec != std::errc{} || ptr != length->data() + length->size()) {
            result.error =
                MakeError("Io", "malformed HTTP response from " + where_ + ": bad Content-Length");
            return result;
          }
          if (!CheckBodyLimit(size, result)) return result;
          ok = ReadExactly(static_cast<size_t>(size), response.body, result);
        } else {
          until_eof = true;
          ok = ReadToEof(response.body, result);
        }
        if (!ok) return result;
      }
      result.reusable = keep_alive && !until_eof && conn_.buffer.empty();
      result.response = std::move(response);
      return result;
    }
  }

 private:
  bool Fail(ExchangeResult& result, const IoResult& io) {
    if (io.status == IoStatus::kTimeout) {
      result.error =
          MakeError("Timeout", "no complete response from " + where_ + " within " + waited_);
    } else {
      result.error =
          MakeError("Io", "connection to " + where_ + " closed before the response was complete: " +
                              (io.status == IoStatus::kEof ? "end of stream" : io.reason));
    }
    return false;
  }

  // Reads until `delimiter` is in the buffer (its offset in `at`), reading
  // at most `limit` bytes before it.
  bool ReadUntil(std::string_view delimiter, size_t limit, size_t& at, ExchangeResult& result,
                 bool first) {
    size_t searched = 0;
    for (;;) {
      size_t found = conn_.buffer.find(delimiter, searched);
      if (found != std::string::npos) {
        at = found;
        return true;
      }
      if (conn_.buffer.size() > limit) {
        result.error = MakeError("Io", "malformed HTTP response from " + where_ +
                                           ": header exceeds " + std::to_string(limit) + " bytes");
        return false;
      }
      searched =
          conn_.buffer.size() >= delimiter.size() ? conn_.buffer.size() - delimiter.size() : 0;
      const bool empty = conn_.buffer.empty();
      IoResult io = conn_.ReadMore(deadline_);
      if (io.status != IoStatus::kOk) {
        result.nothing_received = first && empty && received_ == 0;
        return Fail(result, io);
      }
      received_ += io.bytes;
    }
  }

  bool ReadExactly(size_t size, std::string& body, ExchangeResult& result) {
    while (conn_.buffer.size() < size) {
      IoResult io = conn_.ReadMore(deadline_);
      if (io.status != IoStatus::kOk) return Fail(result, io);
    }
    body.append(conn_.buffer, 0, size);
    conn_.buffer.erase(0, size);
    return true;
  }

  bool ReadToEof(std::string& body, ExchangeResult& result) {
    for (;;) {
      if (!CheckBodyLimit(conn_.buffer.size(), result)) return false;
      IoResult io = conn_.ReadMore(deadline_);
      if (io.status == IoStatus::kEof) break;
      if (io.status != IoStatus::kOk) return Fail(result, io);
    }
    body = std::move(conn_.buffer);
    conn_.buffer.clear();
    return true;
  }

  bool ReadChunked(std::string& body, ExchangeResult& result) {
    for (;;) {
      size_t line_end = 0;
      if (!ReadUntil("\r\n", 4096, line_end, result, false)) return false;
      std::string_view line(conn_.buffer.data(), line_end);
      line = line.substr(0, line.find(';'));
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
      uint64_t size = 0;
      auto [ptr, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
      if (line.empty() || ec != std::errc{} || ptr != line.data() + line.size()) {
        result.error =
            MakeError("Io", "malformed HTTP response from " + where_ + ": bad chunk size");
        return false;
      }
      conn_.buffer.erase(0, line_end + 2);
      if (size == 0) {
        // Trailers, if any, end with an empty line.
        for (;;) {
          size_t trailer_end = 0;
          if (!ReadUntil("\r\n", kHeaderLimit, trailer_end, result, false)) return false;
          conn_.buffer.erase(0, trailer_end + 2);
          if (trailer_end == 0) return true;
        }
      }
      if (!CheckBodyLimit(body.size() + size, result)) return false;
      if (!ReadExactly(static_cast<size_t>(size), body, result)) return false;
      size_t crlf = 0;
      if (!ReadUntil("\r\n", 2, crlf, result, false)) return false;
      if (crlf != 0) {
        result.error =
            MakeError("Io", "malformed HTTP response from " + where_ + ": bad chunk end");
        return false;
      }
      conn_.buffer.erase(0, 2);
    }
  }

  bool CheckBodyLimit(uint64_t size, ExchangeResult& result) {
    if (size <= max_body_) return true;
    result.error = MakeError("Io", "the response body from " + where_ + " exceeds " +
                                       std::to_string(max_body_) + " bytes");
    return false;
  }

  static bool ParseHead(std::string_view head, HttpResponse& response, bool& http10) {
    size_t line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    if (!status_line.starts_with("HTTP/1.") || status_line.size() < 12 || status_line[8] != ' ') {
      return false;
    }
    http10 = status_line[7] == '0';
    auto [ptr, ec] =
        std::from_chars(status_line.data() + 9, status_line.data() + 12, response.status);
    if (ec != std::errc{} || ptr != status_line.data() + 12 || response.status < 100) {
      return false;
    }
    if (line_end == std::string_view::npos) return true;
    head.remove_prefix(line_end + 2);
    while (!head.empty()) {
      line_end = head.find("\r\n");
      std::string_view line = head.substr(0, line_end);
      size_t colon = line.find(':');
      if (colon == 0 || colon == std::string_view::npos || line.front() == ' ' ||
          line.front() == '\t') {
        return false;
      }
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
        value.remove_prefix(1);
      }
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) {
        value.remove_suffix(1);
      }
      response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
      if (line_end == std::string_view::npos) break;
      head.remove_prefix(line_end + 2);
    }
    return true;
  }

  Connection& conn_;
  const std::string where_;
  const Clock::time_point deadline_;
  const std::string waited_;
  const uint64_t max_body_;
  size_t received_ = 0;
};

// ---- The transport ---------------------------------------------------------------

bool MethodTakesBody(std::string_view method) {
  return !(method == "GET" || method == "HEAD" || method == "DELETE" || method == "OPTIONS" ||
           method == "TRACE");
}

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

class SocketTransport final : public HttpTransport {
 public:
  explicit SocketTransport(TransportOptions options) : options_(std::move(options)) {}

  ~SocketTransport() override {
    if (tls_ctx_ != nullptr) SSL_CTX_free(tls_ctx_);
  }

  Result<HttpResponse> Send(const HttpRequest& request,
                            std::chrono::milliseconds timeout) override {
    const Clock::time_point deadline = Clock::now() + timeout;
    const bool https = request.scheme == "https";
    if (!https && request.scheme != "http") {
      return MakeError("Connect", "unsupported URL scheme \"" + request.scheme + "\" for host " +
                                      request.host + ": use http or https");
    }
    if (request.host.empty()) return MakeError("Connect", "the request has no host");
    const uint16_t port = request.port != 0 ? request.port : (https ? 443 : 80);
    const std::string where = HostPort(request.host, port);
    auto head = RequestHead(request);
    if (!head.ok()) return head.error();
    const std::string key = request.scheme + "://" + where;

    std::unique_ptr<Connection> conn = TakeIdle(key);
    const bool reused = conn != nullptr;
    if (!conn) {
      auto fresh = Open(request.host, where, port, https, deadline, timeout);
      if (!fresh.ok()) return fresh.error();
      conn = std::move(fresh.value());
    }
    ExchangeResult result = Exchange(*conn, request, *head, where, deadline, timeout);
    if (!result.response && reused && result.nothing_received && Clock::now() < deadline) {
      // The server closed the idle connection as we reused it, so it did not
      // act on the request: sending it again on a new connection is safe
      // (what every HTTP client library does for idempotent and AWS calls).
      auto fresh = Open(request.host, where, port, https, deadline, timeout);
      if (!fresh.ok()) return fresh.error();
      conn = std::move(fresh.value());
      result = Exchange(*conn, request, *head, where, deadline, timeout);
    }
    if (!result.response) return result.error;
    if (result.reusable) PutIdle(key, std::move(conn));
    return std::move(*result.response);
  }

 private:
  static std::string Millis(std::chrono::milliseconds d) {
    return std::to_string(static_cast<long long>(d.count())) + " ms";
  }

  // The request line and headers, with Host and Content-Length set.
  static Result<std::string> RequestHead(const HttpRequest& request) {
    std::string head;
    head.reserve(256 + request.path.size() + request.query.size());
    head += request.method;
    head += ' ';
    head += request.path.empty() ? "/" : request.path;
    if (!request.query.empty()) {
      head += '?';
      head += request.query;
    }
    head += " HTTP/1.1\r\n";
    if (HasLineBreak(head.substr(0, head.size() - 2)) || request.method.empty()) {
      return MakeError("Io", "the request line for " + request.host + " is malformed");
    }
    if (!FindHeader(request.headers, "host")) {
      head += "Host: ";
      head += request.HostHeader();
      head += "\r\n";
    }
    for (const auto& [name, value] : request.headers) {
      if (util::EqualsIgnoreCase(name, "content-length") ||
          util::EqualsIgnoreCase(name, "transfer-encoding")) {
        continue;  // set below from the body
      }
      if (name.empty() || HasLineBreak(name) || HasLineBreak(value)) {
        return MakeError("Io", "a header of the request to " + request.host +
                                   " has an empty name or a line break (not sent)");
      }
      head += name;
      head += ": ";
      head += value;
      head += "\r\n";
    }
    if (!request.body.empty() || MethodTakesBody(request.method)) {
      head += "Content-Length: ";
      head += std::to_string(request.body.size());
      head += "\r\n";
    }
    head += "\r\n";
    return head;
  }

  // Loads the CA certificates on the first HTTPS request, so plain-HTTP use
  // (the local cloud) never reads the system bundle.
  Result<SSL_CTX*> TlsContext() {
    std::lock_guard lock(tls_mu_);
    if (tls_ctx_ != nullptr) return tls_ctx_;
    if (!tls_error_.code.empty()) return tls_error_;
    bundle_ = internal::ChooseCaBundle(options_.ca_file);
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == nullptr) {
      tls_error_ = MakeError("Tls", "cannot set up TLS: " + OpenSslReason());
      return tls_error_;
    }
    SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    // A body read until the connection closes ends without close_notify on
    // many servers: that is the end of the body, not an attack.
    SSL_CTX_set_options(ctx, SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    ERR_clear_error();
    int loaded = bundle_.file.empty()
                     ? SSL_CTX_set_default_verify_paths(ctx)
                     : SSL_CTX_load_verify_locations(ctx, bundle_.file.c_str(), nullptr);
    if (loaded != 1) {
      SSL_CTX_free(ctx);
      tls_error_ = MakeError("Tls", "cannot load CA certificates from " +
                                        internal::Describe(bundle_) + ": " + OpenSslReason() +
                                        "; point AWS_CA_BUNDLE at a readable PEM file");
      return tls_error_;
    }
    tls_ctx_ = ctx;
    return tls_ctx_;
  }

  Result<std::unique_ptr<Connection>> Open(const std::string& host, const std::string& where,
                                           uint16_t port, bool https, Clock::time_point deadline,
                                           std::chrono::milliseconds timeout) {
    SSL_CTX* ctx = nullptr;
    if (https) {
      auto loaded = TlsContext();
      if (!loaded.ok()) return loaded.error();
      ctx = *loaded;
    }
    // Name resolution is synchronous: getaddrinfo cannot be cancelled, so
    // it is bounded by the system resolver's own timeouts.
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
      return MakeError("Connect",
                       "cannot resolve host " + host + ": " +
                           (rc == EAI_SYSTEM ? std::strerror(errno) : ::gai_strerror(rc)));
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
    auto conn = std::make_unique<Connection>();
    std::string last_error = "no address";
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
      int fd =
          ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
      if (fd < 0) {
        last_error = std::strerror(errno);
        continue;
      }
      conn->fd = fd;
      if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
        if (errno != EINPROGRESS) {
          last_error = std::strerror(errno);
          ::close(fd);
          conn->fd = -1;
          continue;
        }
        if (!conn->Wait(POLLOUT, deadline)) {
          return MakeError("Timeout",
                           "connecting to " + where + " timed out after " + Millis(timeout));
        }
        int error = 0;
        socklen_t size = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0) {
          last_error = std::strerror(error);
          ::close(fd);
          conn->fd = -1;
          continue;
        }
      }
      break;
    }
    if (conn->fd < 0) return MakeError("Connect", "cannot connect to " + where + ": " + last_error);
    int one = 1;
    ::setsockopt(conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (ctx != nullptr) {
      auto status = Handshake(*conn, ctx, host, where, deadline, timeout);
      if (!status.ok()) return status.error();
    }
    return conn;
  }

  Status Handshake(Connection& conn, SSL_CTX* ctx, const std::string& host,
                   const std::string& where, Clock::time_point deadline,
                   std::chrono::milliseconds timeout) {
    conn.ssl = SSL_new(ctx);
    BIO* bio = conn.ssl != nullptr ? BIO_new(SocketBioMethod()) : nullptr;
    if (bio == nullptr) return MakeError("Tls", "cannot set up TLS: " + OpenSslReason());
    BIO_set_data(bio, reinterpret_cast<void*>(static_cast<intptr_t>(conn.fd)));
    SSL_set_bio(conn.ssl, bio, bio);
    X509_VERIFY_PARAM* param = SSL_get0_param(conn.ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int set_ok;
    if (IsIpLiteral(host)) {
      set_ok = X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    } else {
      // SNI carries names only, never addresses (RFC 6066).
      SSL_set_tlsext_host_name(conn.ssl, host.c_str());
      set_ok = X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    }
    if (set_ok != 1) return MakeError("Tls", "cannot verify certificates for host " + host);
    for (;;) {
      ERR_clear_error();
      errno = 0;
      int ret = SSL_connect(conn.ssl);
      if (ret == 1) return {};
      IoResult failure;
      if (conn.WaitForTls(ret, deadline, failure)) continue;
      if (failure.status == IoStatus::kTimeout) {
        return MakeError("Timeout",
                         "TLS handshake with " + where + " timed out after " + Millis(timeout));
      }
      const long verify = SSL_get_verify_result(conn.ssl);
      if (verify != X509_V_OK) {
        std::string message = "certificate verification failed for " + host + ": " +
                              X509_verify_cert_error_string(verify);
        if (IsUnknownIssuer(verify)) {
          std::lock_guard lock(tls_mu_);
          message += " (trusted: " + internal::Describe(bundle_) +
                     "; set AWS_CA_BUNDLE to a bundle with the issuing CA)";
        }
        return MakeError("Tls", message);
      }
      return MakeError(
          "Tls", "TLS handshake with " + where + " failed: " +
                     (failure.status == IoStatus::kEof ? "connection closed" : failure.reason));
    }
  }

  ExchangeResult Exchange(Connection& conn, const HttpRequest& request, const std::string& head,
                          const std::string& where, Clock::time_point deadline,
                          std::chrono::milliseconds timeout) {
    conn.buffer.clear();
    ExchangeResult result;
    // Small bodies go with the head in one write; large ones are not copied.
    IoResult sent;
    if (request.body.size() <= 16384) {
      std::string message = head;
      message += request.body;
      sent = conn.WriteAll(message, deadline);
    } else {
      sent = conn.WriteAll(head, deadline);
      if (sent.status == IoStatus::kOk) sent = conn.WriteAll(request.body, deadline);
    }
    if (sent.status == IoStatus::kTimeout) {
      result.error = MakeError(
          "Timeout", "sending the request to " + where + " timed out after " + Millis(timeout));
      return result;
    }
    if (sent.status != IoStatus::kOk) {
      result.nothing_received = true;
      result.error =
          MakeError("Io", "connection to " + where + " failed while sending the request: " +
                              (sent.status == IoStatus::kEof ? "end of stream" : sent.reason));
      return result;
    }
    ResponseReader reader(conn, where, deadline, Millis(timeout), options_.max_response_body);
    return reader.Read(request.method == "HEAD");
  }

  std::unique_ptr<Connection> TakeIdle(const std::string& key) {
    std::unique_ptr<Connection> conn;
    {
      std::lock_guard lock(pool_mu_);
      auto it = idle_.find(key);
      if (it == idle_.end()) return nullptr;
      auto& list = it->second;
      const auto now = Clock::now();
      while (!list.empty() && !conn) {
        std::unique_ptr<Connection> candidate = std::move(list.back());
        list.pop_back();
        if (now - candidate->idle_since < options_.max_idle_time) conn = std::move(candidate);
      }
    }
    if (conn && !conn->LooksAlive()) return nullptr;
    return conn;
  }

  void PutIdle(const std::string& key, std::unique_ptr<Connection> conn) {
    if (options_.max_idle_per_host == 0) return;
    conn->idle_since = Clock::now();
    std::lock_guard lock(pool_mu_);
    auto& list = idle_[key];
    if (list.size() >= options_.max_idle_per_host) list.erase(list.begin());  // the oldest
    list.push_back(std::move(conn));
  }

  const TransportOptions options_;

  std::mutex tls_mu_;
  SSL_CTX* tls_ctx_ = nullptr;  // GUARDED_BY(tls_mu_) until set, then immutable
  Error tls_error_;             // GUARDED_BY(tls_mu_)
  internal::CaBundle bundle_;   // GUARDED_BY(tls_mu_)

  std::mutex pool_mu_;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;  // GUARDED_BY(pool_mu_)
};

}  // namespace

std::shared_ptr<HttpTransport> MakeHttpTransport(TransportOptions options) {
  return std::make_shared<SocketTransport>(std::move(options));
}

}  // namespace sparta::aws
