#pragma once
// HttpConnection: the runtime's own minimal HTTP/1.1 client, one persistent
// TCP connection to the loopback Runtime API.
//
// Why not libcurl or Asio: the Lambda bootstrap is a static binary whose
// start-up and size are measured goals, and the Runtime API needs only
// Content-Length requests, chunked requests with trailers (streaming) and
// plain responses on loopback. Blocking sockets: GET /next must wait, without
// a timeout, for as long as Lambda keeps the sandbox frozen.

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

#include "runtime/endpoint.hpp"

namespace sparta::runtime::internal {

/// One response, parsed in place in its connection's receive buffer: every
/// view stays valid until the next ReadResponse()/RoundTrip() on that
/// connection (Close() does not invalidate them).
class HttpResponse {
 public:
  int status() const { return status_; }
  std::string_view body() const { return View(body_); }
  /// The value of the first header named `name` (ASCII case-insensitive),
  /// without surrounding spaces; empty when absent.
  std::string_view Header(std::string_view name) const;
  size_t header_count() const { return fields_.size(); }
  std::string_view header_name(size_t i) const { return View(fields_[i].name); }
  std::string_view header_value(size_t i) const { return View(fields_[i].value); }

 private:
  friend class HttpConnection;
  struct Span {
    size_t offset = 0;
    size_t length = 0;
  };
  struct Field {
    Span name;
    Span value;
  };
  std::string_view View(Span s) const { return {base_ + s.offset, s.length}; }

  const char* base_ = "";
  int status_ = 0;
  Span body_;
  std::vector<Field> fields_;  // reused: no allocation once warm
};

/// Not thread-safe: one owner drives requests and responses in turn.
class HttpConnection {
 public:
  explicit HttpConnection(Endpoint endpoint);
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  const Endpoint& endpoint() const { return endpoint_; }
  bool connected() const { return fd_ >= 0; }

  /// Opens the TCP connection (TCP_NODELAY) if it is not open.
  /// Error code "Connect".
  Status Connect();

  /// Closes the connection; the next Send reconnects. Views of the last
  /// response stay valid.
  void Close();

  /// Writes `parts` back to back with a single sendmsg (more only if the
  /// kernel takes a partial write), connecting first if needed. Never raises
  /// SIGPIPE. Error codes "Connect", "Send".
  Status Send(std::initializer_list<std::string_view> parts);

  /// Reads one complete response (status line, headers, then a
  /// Content-Length, chunked or read-to-close body); 1xx responses are
  /// skipped. Closes the connection afterwards when the server asked to.
  /// Error codes: "Closed" (the peer closed or reset the connection before
  /// the first byte of the response), "Receive", "BadResponse". Any error
  /// closes the connection.
  Result<const HttpResponse*> ReadResponse();

  /// Send then ReadResponse. When a reused keep-alive connection turns out to
  /// be closed by the server before it answered, reconnects and sends once
  /// more (the server never saw the request).
  Result<const HttpResponse*> RoundTrip(std::initializer_list<std::string_view> parts);

 private:
  enum class Fill { kOk, kClosed, kError };
  Fill ReceiveMore();             // appends at least one byte at end_, growing as needed
  void Reserve(size_t capacity);  // grows buffer_ to at least `capacity`
  Result<const HttpResponse*> Fail(std::string code, std::string message);
  Status ParseHead(size_t head_end, bool* chunked, bool* has_length, size_t* length,
                   bool* close_after);
  Status ReadChunkedBody(size_t start);

  Endpoint endpoint_;
  int fd_ = -1;
  bool served_ = false;       // the open connection has completed a response
  std::vector<char> buffer_;  // size() is the capacity in use; never shrinks
  size_t begin_ = 0;          // first byte not yet consumed by a response
  size_t end_ = 0;            // end of received bytes
  HttpResponse response_;
};

}  // namespace sparta::runtime::internal
