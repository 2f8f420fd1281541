#pragma once
// The HTTP message types every part of the AWS client layer shares, and the
// transport interface that sends them. Signing (sigv4.hpp) edits an
// HttpRequest; a transport (http_transport.hpp: plain HTTP and HTTPS) sends it.
// Tests substitute their own HttpTransport.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::aws {

/// Header names compare case-insensitively; order and duplicates are kept.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

/// Returns the first header named `name` (any case), or nullptr.
const std::string* FindHeader(const HeaderList& headers, std::string_view name);
/// Replaces every header named `name` (any case) by one with `value`.
void SetHeader(HeaderList& headers, std::string_view name, std::string value);

struct HttpRequest {
  std::string method = "GET";
  std::string scheme = "https";  // "https" or "http"
  std::string host;              // without the port
  uint16_t port = 0;             // 0: the scheme's default
  /// The path exactly as it goes on the wire, already percent-encoded
  /// (e.g. "/my%20bucket/key"). Signing uses it as given.
  std::string path = "/";
  /// The query string as it goes on the wire, without '?', already
  /// percent-encoded; empty for none.
  std::string query;
  HeaderList headers;
  std::string body;

  /// "host" or "host:port" when the port is not the scheme's default: the
  /// value of the Host header.
  std::string HostHeader() const;
  /// scheme://host[:port]path[?query]
  std::string Url() const;
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;
  std::string body;
};

/// Sends one request and returns the response, whatever its status. Errors
/// are transport failures only: code "Connect" (refused, unreachable, DNS),
/// "Tls" (handshake or certificate verification failed), "Timeout", "Io"
/// (connection closed or reset mid-exchange). Every error message names the
/// host. Implementations reuse connections and are thread-safe.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request,
                                    std::chrono::milliseconds timeout) = 0;
};

}  // namespace sparta::aws
