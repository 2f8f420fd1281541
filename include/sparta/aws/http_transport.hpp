#pragma once
// The real HttpTransport: HTTP/1.1 over TCP, and HTTPS over TLS 1.2+ with
// certificate and hostname verification always on.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "sparta/aws/http.hpp"

namespace sparta::aws {

struct TransportOptions {
  /// PEM file of trusted CA certificates. Empty: the file named by
  /// `AWS_CA_BUNDLE`, else by `SSL_CERT_FILE`, else OpenSSL's default
  /// locations (on Debian /etc/ssl/certs/ca-certificates.crt).
  std::string ca_file;
  /// Idle keep-alive connections kept per (scheme, host, port).
  size_t max_idle_per_host = 4;
  /// A pooled connection idle for longer is closed instead of reused (AWS
  /// front ends drop idle connections after about a minute).
  std::chrono::seconds max_idle_time{20};
  /// Larger response bodies fail the request with "Io".
  uint64_t max_response_body = uint64_t{1} << 32;
};

/// Returns a thread-safe transport implementing the HttpTransport contract
/// (see http.hpp). Each Send's timeout bounds the whole exchange: name
/// resolution, connect, TLS handshake, writing the request and reading the
/// response. Responses with Content-Length, chunked or read-until-close
/// bodies are supported; HEAD responses have no body.
///
/// Connections are kept alive and reused; a reused connection that fails
/// before any byte of the response arrived (the server had closed it while
/// idle) is replaced by a fresh one and the request sent again, once.
///
/// A CA file that cannot be loaded makes every HTTPS request fail with
/// "Tls" (the message names the file); plain HTTP is unaffected.
/// Error messages name the host and port, never a header value.
std::shared_ptr<HttpTransport> MakeHttpTransport(TransportOptions options = {});

}  // namespace sparta::aws
