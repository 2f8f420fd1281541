// MakeHttpTransport: HTTP/1.1 and HTTPS with Boost.Beast, Asio and OpenSSL.
//
// Each connection owns a private io_context that only the thread currently
// holding the connection runs, so the asynchronous operations (which are
// what make a deadline enforceable) read like blocking calls and no thread
// is shared between requests. This is the only file that includes Beast.

#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/http/span_body.hpp>
#include <cerrno>
#include <map>
#include <mutex>
#include <optional>

#include "sparta/aws/http_transport.hpp"

#include "aws/http/ca_bundle.hpp"

namespace sparta::aws {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

std::string HostPort(const HttpRequest& request, uint16_t port) {
  std::string host =
      request.host.find(':') != std::string::npos ? "[" + request.host + "]" : request.host;
  return host + ":" + std::to_string(port);
}

bool IsIpLiteral(const std::string& host) {
  error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
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

long long Millis(std::chrono::milliseconds d) { return static_cast<long long>(d.count()); }

// One open connection. Used by one thread at a time: the pool hands it out
// exclusively.
struct Connection {
  net::io_context ioc{1};
  std::optional<tcp::socket> plain;
  std::optional<ssl::stream<tcp::socket>> tls;
  beast::flat_buffer buffer;
  Clock::time_point idle_since;

  tcp::socket& Socket() { return tls ? tls->next_layer() : *plain; }

  // Runs this connection's io_context until the started operation sets
  // `done` or `deadline` passes; on the deadline, closes the socket (which
  // aborts the operation) and returns false. The connection is then unusable.
  bool Wait(const bool& done, Clock::time_point deadline) {
    ioc.restart();
    ioc.run_until(deadline);
    if (done) return true;
    error_code ignored;
    Socket().close(ignored);
    ioc.restart();
    ioc.run();
    return false;
  }

  // An idle connection with readable data or EOF was closed (or spoken to)
  // by the server: it must not carry a new request.
  bool LooksAlive() {
    if (!Socket().is_open() || buffer.size() != 0) return false;
    char byte;
    ssize_t n = ::recv(Socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }
};

// The outcome of one request/response exchange on a connection.
struct ExchangeResult {
  std::optional<HttpResponse> response;
  Error error;
  bool nothing_received = false;  // failed before any byte of a response
  bool reusable = false;
};

class BeastTransport final : public HttpTransport {
 public:
  explicit BeastTransport(TransportOptions options) : options_(std::move(options)) {}

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
    const std::string key = request.scheme + "://" + HostPort(request, port);

    std::unique_ptr<Connection> conn = TakeIdle(key);
    const bool reused = conn != nullptr;
    if (!conn) {
      auto fresh = Open(request, port, https, deadline, timeout);
      if (!fresh.ok()) return fresh.error();
      conn = std::move(fresh.value());
    }
    ExchangeResult result = Exchange(*conn, request, port, deadline, timeout);
    if (!result.response && reused && result.nothing_received && Clock::now() < deadline) {
      // The server closed the idle connection as we reused it, so it did not
      // act on the request: sending it again on a new connection is safe
      // (what every HTTP client library does for idempotent and AWS calls).
      auto fresh = Open(request, port, https, deadline, timeout);
      if (!fresh.ok()) return fresh.error();
      conn = std::move(fresh.value());
      result = Exchange(*conn, request, port, deadline, timeout);
    }
    if (!result.response) return result.error;
    if (result.reusable) PutIdle(key, std::move(conn));
    return std::move(*result.response);
  }

 private:
  // Loads the CA certificates on the first HTTPS request, so plain-HTTP use
  // (the local cloud) never reads the system bundle.
  Result<ssl::context*> TlsContext() {
    std::lock_guard lock(tls_mu_);
    if (tls_ctx_) return tls_ctx_.get();
    if (!tls_error_.code.empty()) return tls_error_;
    bundle_ = internal::ChooseCaBundle(options_.ca_file);
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    ctx->set_verify_mode(ssl::verify_peer);
    error_code ec;
    if (bundle_.file.empty()) {
      ctx->set_default_verify_paths(ec);
    } else {
      ctx->load_verify_file(bundle_.file, ec);
    }
    if (ec) {
      tls_error_ = MakeError("Tls", "cannot load CA certificates from " +
                                        internal::Describe(bundle_) + ": " + ec.message() +
                                        "; point AWS_CA_BUNDLE at a readable PEM file");
      return tls_error_;
    }
    tls_ctx_ = std::move(ctx);
    return tls_ctx_.get();
  }

  Result<std::unique_ptr<Connection>> Open(const HttpRequest& request, uint16_t port, bool https,
                                           Clock::time_point deadline,
                                           std::chrono::milliseconds timeout) {
    ssl::context* ctx = nullptr;
    if (https) {
      auto loaded = TlsContext();
      if (!loaded.ok()) return loaded.error();
      ctx = *loaded;
    }
    auto conn = std::make_unique<Connection>();
    const std::string where = HostPort(request, port);

    // Name resolution is synchronous: getaddrinfo cannot be cancelled, so
    // it is bounded by the system resolver's own timeouts.
    error_code ec;
    tcp::resolver resolver(conn->ioc);
    auto endpoints =
        resolver.resolve(request.host, std::to_string(port), tcp::resolver::numeric_service, ec);
    if (ec) {
      return MakeError("Connect", "cannot resolve host " + request.host + ": " + ec.message());
    }
    if (ctx) {
      conn->tls.emplace(conn->ioc, *ctx);
    } else {
      conn->plain.emplace(conn->ioc);
    }
    bool done = false;
    net::async_connect(conn->Socket(), endpoints, [&](error_code e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    if (!conn->Wait(done, deadline)) {
      return MakeError("Timeout", "connecting to " + where + " timed out after " +
                                      std::to_string(Millis(timeout)) + " ms");
    }
    if (ec) return MakeError("Connect", "cannot connect to " + where + ": " + ec.message());
    conn->Socket().set_option(tcp::no_delay(true), ec);
    if (ctx) {
      auto status = Handshake(*conn, request.host, where, deadline, timeout);
      if (!status.ok()) return status.error();
    }
    return conn;
  }

  Status Handshake(Connection& conn, const std::string& host, const std::string& where,
                   Clock::time_point deadline, std::chrono::milliseconds timeout) {
    SSL* ssl_handle = conn.tls->native_handle();
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    int set_ok;
    if (IsIpLiteral(host)) {
      set_ok = X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str());
    } else {
      // SNI carries names only, never addresses (RFC 6066).
      SSL_set_tlsext_host_name(ssl_handle, host.c_str());
      set_ok = X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
    }
    if (set_ok != 1) return MakeError("Tls", "cannot verify certificates for host " + host);
    conn.tls->set_verify_mode(ssl::verify_peer);

    error_code ec;
    bool done = false;
    conn.tls->async_handshake(ssl::stream_base::client, [&](error_code e) {
      ec = e;
      done = true;
    });
    if (!conn.Wait(done, deadline)) {
      return MakeError("Timeout", "TLS handshake with " + where + " timed out after " +
                                      std::to_string(Millis(timeout)) + " ms");
    }
    if (!ec) return {};
    const long verify = SSL_get_verify_result(ssl_handle);
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
    return MakeError("Tls", "TLS handshake with " + where + " failed: " + ec.message());
  }

  // The body is referenced, not copied: uploads can be large.
  // REQUIRES: `request` outlives the returned message.
  static http::request<http::span_body<const char>> BuildMessage(const HttpRequest& request) {
    http::request<http::span_body<const char>> msg;
    msg.version(11);
    msg.method_string(request.method);
    std::string target = request.path.empty() ? "/" : request.path;
    if (!request.query.empty()) target += "?" + request.query;
    msg.target(target);
    for (const auto& [name, value] : request.headers) msg.insert(name, value);
    if (!FindHeader(request.headers, "host")) msg.set(http::field::host, request.HostHeader());
    msg.body() = {request.body.data(), request.body.size()};
    msg.prepare_payload();
    return msg;
  }

  template <class Stream>
  ExchangeResult ExchangeOn(Stream& stream, Connection& conn, const HttpRequest& request,
                            const std::string& where, Clock::time_point deadline,
                            std::chrono::milliseconds timeout) {
    ExchangeResult result;
    const std::string waited = std::to_string(Millis(timeout)) + " ms";
    auto msg = BuildMessage(request);
    error_code ec;
    bool done = false;
    http::async_write(stream, msg, [&](error_code e, size_t) {
      ec = e;
      done = true;
    });
    if (!conn.Wait(done, deadline)) {
      result.error =
          MakeError("Timeout", "sending the request to " + where + " timed out after " + waited);
      return result;
    }
    if (ec) {
      result.nothing_received = true;
      result.error = MakeError(
          "Io", "connection to " + where + " failed while sending the request: " + ec.message());
      return result;
    }

    const bool head = request.method == "HEAD";
    for (;;) {
      http::response_parser<http::string_body> parser;
      parser.header_limit(64 * 1024);
      parser.body_limit(options_.max_response_body);
      if (head) parser.skip(true);
      size_t consumed = 0;
      done = false;
      http::async_read(stream, conn.buffer, parser, [&](error_code e, size_t n) {
        ec = e;
        consumed = n;
        done = true;
      });
      if (!conn.Wait(done, deadline)) {
        result.error =
            MakeError("Timeout", "no complete response from " + where + " within " + waited);
        return result;
      }
      if (ec == http::error::body_limit) {
        result.error = MakeError("Io", "the response body from " + where + " exceeds " +
                                           std::to_string(options_.max_response_body) + " bytes");
        return result;
      }
      if (ec) {
        result.nothing_received = consumed == 0 && conn.buffer.size() == 0;
        // Beast's parse errors share one category with its end-of-stream
        // conditions; the latter mean the server hung up, not garbage.
        const error_code end_of_stream = http::error::end_of_stream;
        const error_code partial = http::error::partial_message;
        bool malformed =
            ec.category() == end_of_stream.category() && ec != end_of_stream && ec != partial;
        result.error = MakeError(
            "Io", malformed ? "malformed HTTP response from " + where + ": " + ec.message()
                            : "connection to " + where +
                                  " closed before the response was complete: " + ec.message());
        return result;
      }
      auto& res = parser.get();
      const int status = res.result_int();
      if (status >= 100 && status < 200 && status != 101) continue;  // interim response
      HttpResponse response;
      response.status = status;
      for (const auto& field : res) {
        response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      response.body = std::move(res.body());
      result.reusable = res.keep_alive() && !parser.need_eof() && conn.buffer.size() == 0;
      result.response = std::move(response);
      return result;
    }
  }

  ExchangeResult Exchange(Connection& conn, const HttpRequest& request, uint16_t port,
                          Clock::time_point deadline, std::chrono::milliseconds timeout) {
    conn.buffer.clear();
    const std::string where = HostPort(request, port);
    if (conn.tls) return ExchangeOn(*conn.tls, conn, request, where, deadline, timeout);
    return ExchangeOn(*conn.plain, conn, request, where, deadline, timeout);
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
  std::unique_ptr<ssl::context> tls_ctx_;  // GUARDED_BY(tls_mu_) until set, then immutable
  Error tls_error_;                        // GUARDED_BY(tls_mu_)
  internal::CaBundle bundle_;              // GUARDED_BY(tls_mu_)

  std::mutex pool_mu_;
  std::map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;  // GUARDED_BY(pool_mu_)
};

}  // namespace

std::shared_ptr<HttpTransport> MakeHttpTransport(TransportOptions options) {
  return std::make_shared<BeastTransport>(std::move(options));
}

}  // namespace sparta::aws
