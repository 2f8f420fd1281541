#pragma once
// A small loopback HTTP/1.1 (optionally HTTPS) server for transport and
// AwsClient tests: a handler decides the exact bytes of each reply, so tests
// can send chunked bodies, drop connections or answer late. It counts the
// connections it accepts (to observe keep-alive reuse).

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sparta/aws/http.hpp"

namespace sparta::aws::testing {

struct TestRequest {
  std::string method;
  std::string target;
  HeaderList headers;
  std::string body;
};

struct TestReply {
  std::string raw;                     // written as is
  bool close = false;                  // close the connection after writing
  std::chrono::milliseconds delay{0};  // wait before writing (ends early on Stop)
};

/// A complete response with Content-Length (or, when `chunked`, the body in
/// chunks of at most 7 bytes).
std::string MakeResponse(int status, const std::string& body, const HeaderList& headers = {},
                         bool chunked = false);

struct TlsFiles {
  std::string cert_file;  // the server's chain, PEM
  std::string key_file;
};

/// Thread-safe. The destructor stops the server and joins its threads.
class TestServer {
 public:
  using Handler = std::function<TestReply(const TestRequest&)>;
  explicit TestServer(Handler handler, std::optional<TlsFiles> tls = std::nullopt);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  uint16_t port() const;
  int connections() const;
  int requests() const;
  std::vector<TestRequest> received() const;
  /// The SNI name of the last TLS handshake ("" when none was sent).
  std::string last_server_name() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// A loopback port nothing listens on (it was bound, then released).
uint16_t UnusedLoopbackPort();

/// A throwaway CA and a server certificate it signed, made with the openssl
/// command line in `dir`: ca.pem, server.pem (chain), server.key.
struct TestPki {
  std::string ca_file;
  TlsFiles server;
};
/// `names` are the server certificate's subjectAltNames, e.g.
/// {"DNS:localhost", "IP:127.0.0.1"}. Returns nullopt (and says why in
/// `*error`) when openssl fails.
std::optional<TestPki> MakeTestPki(const std::string& dir, const std::vector<std::string>& names,
                                   std::string* error);

}  // namespace sparta::aws::testing
