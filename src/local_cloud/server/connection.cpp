// One connection of the front server: the HTTP/1.1 request loop.

#include "local_cloud/server/connection.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <ctime>
#include <exception>
#include <optional>
#include <string_view>
#include <utility>

#include "local/ids.hpp"
#include "local_cloud/server/fd_stream.hpp"
#include "local_cloud/server/protocol_errors.hpp"

namespace sparta::local_cloud::server::detail {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;
using Parser = http::request_parser<http::string_body>;

constexpr std::uint32_t kHeaderLimit = 64 * 1024;

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Bytes that are not HTTP (as opposed to a closed, idle or stopped connection).
bool IsParseError(const beast::error_code& ec) {
  return ec.category() == http::make_error_code(http::error::bad_target).category() &&
         ec != http::error::end_of_stream;
}

bool StopRequested(int stop_fd) {
  pollfd poll_fd{stop_fd, POLLIN, 0};
  return stop_fd >= 0 && ::poll(&poll_fd, 1, 0) > 0;
}

// A header value from a handler must never split the response.
std::string HeaderSafe(std::string_view value) {
  std::string out(value);
  std::erase_if(out, [](char c) { return c == '\r' || c == '\n'; });
  return out;
}

std::string HttpDate() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[64];
  std::size_t n = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
  return std::string(text, n);
}

// The request line and headers the parser has read, as a CloudRequest.
CloudRequest FromHeader(const http::request<http::string_body>& message) {
  CloudRequest request;
  request.method = std::string(message.method_string());
  std::string_view target = message.target();
  std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (request.path.empty()) request.path = "/";
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  return request;
}

class Connection {
 public:
  Connection(int fd, const ConnectionContext& context)
      : context_(context), stream_(fd, context.stop_fd, context.idle_timeout) {}

  void Serve() {
    while (ServeOne()) {
    }
  }

 private:
  // Serves one request; true when the connection stays open for another.
  bool ServeOne() {
    Parser parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(context_.max_body_bytes);
    beast::error_code ec;
    http::read_header(stream_, buffer_, parser, ec);
    const Clock::time_point started = Clock::now();
    if (ec == http::error::body_limit) {
      // The Content-Length announced more than the limit; the header is complete.
      CloudRequest request = FromHeader(parser.get());
      request.request_id = local::detail::NewRequestId();
      TooLarge(request, parser.get().version(), started, std::string(parser.get().target()));
      return false;
    }
    if (ec) {
      // A clean close, an idle timeout, stop or a socket error: just close.
      // Bytes that are not HTTP get a 400 first.
      if (!IsParseError(ec)) return false;
      CloudRequest garbage;
      garbage.method = "-";
      garbage.request_id = local::detail::NewRequestId();
      std::string message = "The request is not valid HTTP/1.1 (";
      message += ec.message();
      message += "); the connection is closed.";
      Answer(garbage,
             ErrorFor("s3", 400, {"BadRequest", "BadRequest", "BadRequestException"}, message,
                      garbage),
             /*keep_alive=*/false, started, 11, "-");
      return false;
    }

    CloudRequest request = FromHeader(parser.get());
    request.request_id = local::detail::NewRequestId();
    const unsigned version = parser.get().version();
    const std::string target(parser.get().target());

    if (parser.content_length() && *parser.content_length() > context_.max_body_bytes) {
      TooLarge(request, version, started, target);
      return false;
    }
    if (const std::string* expect = request.Header("Expect");
        expect != nullptr && EqualsIgnoreCase(*expect, "100-continue") && !parser.is_done()) {
      http::response<http::empty_body> go_on{http::status::continue_, version};
      http::write(stream_, go_on, ec);
      if (ec) return false;
    }
    if (!parser.is_done()) http::read(stream_, buffer_, parser, ec);
    if (ec == http::error::body_limit) {
      TooLarge(request, version, started, target);
      return false;
    }
    if (ec) {
      if (ec == boost::asio::error::operation_aborted || ec == boost::asio::error::timed_out) {
        return false;
      }
      std::string message = "The request body could not be read (";
      message += ec.message();
      message += "); the connection is closed.";
      Answer(request,
             ErrorFor(AddressedService(request), 400,
                      {"BadRequest", "IncompleteBody", "BadRequestException"}, message, request),
             false, started, version, target);
      return false;
    }
    request.body = std::move(parser.get().body());
    const bool keep_alive = parser.get().keep_alive();

    SigV4Verdict verdict = context_.verifier->Verify(request, std::chrono::system_clock::now());
    if (!verdict.ok) {
      request.service = AddressedService(request);
      return Answer(request, std::move(verdict.error), keep_alive, started, version, target);
    }
    request.service = std::move(verdict.service);
    request.region = std::move(verdict.region);
    request.access_key_id = std::move(verdict.access_key_id);
    return Answer(request, Dispatch(request), keep_alive, started, version, target);
  }

  CloudResponse Dispatch(const CloudRequest& request) {
    try {
      return (*context_.dispatcher)(request);
    } catch (const std::exception& e) {
      std::string message = "sparta-local failed to handle the request: ";
      message += e.what();
      return ErrorFor(request.service, 500,
                      {"InternalFailure", "InternalError", "ServiceException"}, message, request);
    } catch (...) {
      return ErrorFor(request.service, 500,
                      {"InternalFailure", "InternalError", "ServiceException"},
                      "sparta-local failed to handle the request.", request);
    }
  }

  void TooLarge(CloudRequest& request, unsigned version, Clock::time_point started,
                const std::string& target) {
    request.service = AddressedService(request);
    std::string message = "The request body is larger than the ";
    message += std::to_string(context_.max_body_bytes);
    message += " bytes this server accepts; send a smaller body (S3: use multipart upload).";
    if (ProtocolOf(request.service) == WireProtocol::kRestXml) {
      message = "Your proposed upload exceeds the maximum allowed size (";
      message += std::to_string(context_.max_body_bytes);
      message += " bytes).";
    }
    Answer(request,
           ErrorFor(request.service, 413,
                    {"RequestEntityTooLarge", "EntityTooLarge", "RequestEntityTooLargeException"},
                    message, request),
           false, started, version, target);
  }

  // Writes `response`; true when the connection stays open.
  bool Answer(const CloudRequest& request, CloudResponse response, bool keep_alive,
              Clock::time_point started, unsigned version, const std::string& target) {
    http::response<http::string_body> message;
    message.version(version);
    message.result(static_cast<unsigned>(response.status));
    for (const auto& [name, value] : response.headers) {
      if (EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
          EqualsIgnoreCase(name, "Transfer-Encoding") || EqualsIgnoreCase(name, "Server")) {
        continue;
      }
      message.insert(HeaderSafe(name), HeaderSafe(value));
    }
    message.set(http::field::server, "sparta-local");
    message.set(http::field::date, HttpDate());
    const bool no_body = response.status < 200 || response.status == 204 || response.status == 304;
    if (request.method == "HEAD") {
      message.content_length(response.head_content_length.value_or(response.body.size()));
    } else if (!no_body) {
      message.content_length(response.body.size());
      message.body() = std::move(response.body);
    }
    // A stopping server says so rather than promising another exchange.
    if (keep_alive && StopRequested(context_.stop_fd)) keep_alive = false;
    message.keep_alive(keep_alive);
    beast::error_code ec;
    http::write(stream_, message, ec);
    if (*context_.log) {
      RequestLogEntry entry;
      entry.method = request.method;
      entry.target = target;
      entry.service = request.service;
      entry.status = response.status;
      entry.duration =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
      (*context_.log)(entry);
    }
    if (ec) return false;
    if (!keep_alive) LingeringShutdown(stream_.fd(), context_.stop_fd);
    return keep_alive;
  }

  const ConnectionContext& context_;
  FdStream stream_;
  beast::flat_buffer buffer_;
};

}  // namespace

void ServeConnection(int fd, const ConnectionContext& context) {
  try {
    Connection(fd, context).Serve();
  } catch (...) {
    // Allocation failure or a Beast invariant: drop the connection, keep serving others.
  }
}

std::string OverCapacityResponse(int max_connections) {
  CloudRequest none;
  none.request_id = local::detail::NewRequestId();
  std::string message = "sparta-local already serves ";
  message += std::to_string(max_connections);
  message += " connections, its limit; retry later or reuse connections.";
  CloudResponse error = S3Error(503, "ServiceUnavailable", message, "", none.request_id);
  std::string bytes = "HTTP/1.1 503 Service Unavailable\r\nServer: sparta-local\r\n";
  for (const auto& [name, value] : error.headers) {
    bytes += name;
    bytes += ": ";
    bytes += value;
    bytes += "\r\n";
  }
  bytes += "Connection: close\r\nContent-Length: ";
  bytes += std::to_string(error.body.size());
  bytes += "\r\n\r\n";
  bytes += error.body;
  return bytes;
}

void LingeringShutdown(int fd, int stop_fd) {
  ::shutdown(fd, SHUT_WR);
  constexpr std::size_t kLimit = 8 * 1024 * 1024;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(2);
  std::size_t drained = 0;
  char chunk[16384];
  while (drained < kLimit) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    pollfd fds[2] = {{fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(fds, stop_fd >= 0 ? 2 : 1, static_cast<int>(left)) <= 0) break;
    if (fds[1].revents != 0) break;
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    drained += static_cast<std::size_t>(n);
  }
}

}  // namespace sparta::local_cloud::server::detail
