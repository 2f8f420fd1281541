// The HTTP side of the Runtime API server: Boost.Beast over one Asio thread.
// Protocol state lives in InvocationBroker; this file only parses requests,
// maps them to broker calls and writes the answers.
#include "sparta/local/runtime_api_server.hpp"

#include <fcntl.h>

#include <algorithm>
#include <array>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdio>
#include <deque>
#include <exception>
#include <optional>
#include <thread>
#include <utility>

#include "local/capped_body.hpp"
#include "local/invocation_broker.hpp"
#include "local/runtime_api_route.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::local {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using detail::Answer;
using detail::CappedBody;
using detail::Invocation;
using detail::InvocationBroker;
using detail::Route;
using detail::Target;

constexpr std::uint32_t kHeaderLimit = 1024 * 1024;  // X-Ray causes, error trailers
// Bodies beyond their route's cap are read and dropped (so the connection
// stays usable and the runtime sees the 413), up to this hard stop.
constexpr std::uint64_t kDrainLimit = 1ull << 30;
// What a lingering close reads at most before giving up on the client.
constexpr std::size_t kLingerLimit = 8 * 1024 * 1024;

constexpr std::string_view kModeHeader = "Lambda-Runtime-Function-Response-Mode";
constexpr std::string_view kErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";
constexpr std::string_view kErrorBodyTrailer = "Lambda-Runtime-Function-Error-Body";

using Request = http::request<CappedBody>;
using Response = http::response<http::string_body>;

// Header values come from callers (client context, trace id): never let them
// split the response.
std::string HeaderSafe(std::string_view value) {
  std::string out(value);
  out.erase(std::remove_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }),
            out.end());
  return out;
}

std::string ErrorJson(std::string_view type, std::string_view message) {
  // Only called with our own fixed texts, which need no escaping.
  return std::string("{\"errorMessage\":\"") + std::string(message) + "\",\"errorType\":\"" +
         std::string(type) + "\"}";
}

void SetCloseOnExec(int fd) {
  int flags = ::fcntl(fd, F_GETFD);
  if (flags >= 0) ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
}

class Connection;

// The server's state; RuntimeApiServer::Impl is this under its private name.
class ServerCore {
 public:
  explicit ServerCore(RuntimeApiServerOptions options) : options_(std::move(options)) {}

  Status Listen();
  void Run();
  void Shutdown();
  void Accept();
  // Pairs queued events with parked `/next` requests. Server thread only.
  void Dispatch();
  void RemoveWaiter(const Connection* connection);

  RuntimeApiServerOptions options_;
  InvocationBroker broker_;
  asio::io_context ioc_{1};
  tcp::acceptor acceptor_{ioc_};
  asio::steady_timer accept_retry_{ioc_};
  std::uint16_t port_ = 0;
  std::deque<std::shared_ptr<Connection>> waiters_;  // parked `/next`, server thread only
  std::thread thread_;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore& server, tcp::socket socket)
      : server_(server), socket_(std::move(socket)) {}

  void Start() { ReadHeader(); }

  // Writes `invocation` as the answer to the parked `/next`.
  void Deliver(std::shared_ptr<Invocation> invocation);

  void Close() {
    if (parked_) {
      parked_ = false;
      server_.RemoveWaiter(this);
    }
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

 private:
  void ReadHeader();
  void OnHeader(beast::error_code ec);
  void ReadBody();
  void OnRequest();
  void OnAnswer(Route route);
  void Park();
  void OnParkedReadable(beast::error_code ec);
  void Reply(http::status status, std::string body, bool close = false);
  void Write(bool close);
  // After an error reply: stop sending, read and drop what the client still
  // sends, then close. Closing with unread input would reset the connection
  // and could destroy the reply before the client reads it.
  void LingeringClose();
  void Discard();

  ServerCore& server_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<CappedBody>> parser_;
  Response response_;
  Target target_;
  bool keep_alive_ = true;
  bool parked_ = false;
  std::array<char, 16 * 1024> scratch_;
  std::size_t discarded_ = 0;
};

void Connection::ReadHeader() {
  parser_.emplace();
  parser_->header_limit(kHeaderLimit);
  parser_->body_limit(kDrainLimit);
  http::async_read_header(socket_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            self->OnHeader(ec);
                          });
}

void Connection::OnHeader(beast::error_code ec) {
  if (ec == http::error::end_of_stream || ec == asio::error::connection_reset ||
      ec == asio::error::operation_aborted || ec == asio::error::eof) {
    return Close();
  }
  if (ec) return Reply(http::status::bad_request, ErrorJson("InvalidRequest", "Malformed HTTP request"), true);

  Request& request = parser_->get();
  keep_alive_ = request.keep_alive();
  auto method = request.method_string();
  auto target = request.target();
  target_ = detail::ResolveRoute(std::string_view(method.data(), method.size()),
                                 std::string_view(target.data(), target.size()));
  std::size_t cap = 0;
  if (target_.route == Route::kResponse) {
    bool streaming = beast::iequals(request[kModeHeader], "streaming");
    cap = streaming ? server_.options_.max_streamed_response_bytes
                    : server_.options_.max_response_bytes;
  } else if (target_.route == Route::kError || target_.route == Route::kInitError) {
    cap = server_.options_.max_response_bytes;
  }
  request.body().cap = cap;

  if (parser_->is_done()) return OnRequest();
  if (beast::iequals(request[http::field::expect], "100-continue")) {
    static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
    return asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                             [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                               if (write_ec) return self->Close();
                               self->ReadBody();
                             });
  }
  ReadBody();
}

void Connection::ReadBody() {
  http::async_read(socket_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code ec, std::size_t) {
                     if (ec == http::error::body_limit) {
                       return self->Reply(http::status::payload_too_large,
                                          ErrorJson("RequestEntityTooLarge", "Request body too large"),
                                          true);
                     }
                     if (ec == http::error::end_of_stream || ec == asio::error::eof ||
                         ec == asio::error::connection_reset ||
                         ec == asio::error::operation_aborted) {
                       return self->Close();
                     }
                     if (ec) {
                       return self->Reply(http::status::bad_request,
                                          ErrorJson("InvalidRequest", "Malformed HTTP request body"),
                                          true);
                     }
                     self->OnRequest();
                   });
}

void Connection::OnRequest() {
  switch (target_.route) {
    case Route::kNext: {
      server_.broker_.NoteNextRequest();
      if (auto invocation = server_.broker_.TakeNext()) return Deliver(std::move(invocation));
      return Park();
    }
    case Route::kResponse:
    case Route::kError:
    case Route::kInitError:
      return OnAnswer(target_.route);
    case Route::kBadMethod:
      return Reply(http::status::method_not_allowed,
                   ErrorJson("MethodNotAllowed", "Method not allowed for this path"));
    case Route::kNotFound:
      break;
  }
  Reply(http::status::not_found, ErrorJson("NotFound", "No such Runtime API path"));
}

void Connection::OnAnswer(Route route) {
  Request& request = parser_->get();
  CappedBody::value_type& body = request.body();
  std::string content_type(request[http::field::content_type]);
  std::string error_type = HeaderSafe(request[kErrorTypeHeader]);

  if (route == Route::kInitError) {
    if (body.overflowed()) {
      return Reply(http::status::payload_too_large,
                   ErrorJson("RequestEntityTooLarge", "Init error body too large"));
    }
    int status = server_.broker_.PostInitError(
        RuntimeError{std::move(error_type), std::move(body.data), std::move(content_type)});
    if (status == 202) return Reply(http::status::accepted, "{\"status\":\"OK\"}");
    return Reply(http::status::forbidden,
                 ErrorJson("InvalidStateTransition", "Init is over or its error was already posted"));
  }

  Answer answer;
  answer.content_type = content_type.empty() ? "application/json" : std::move(content_type);
  bool too_large = false;
  if (route == Route::kError) {
    if (body.overflowed()) {
      return Reply(http::status::payload_too_large,
                   ErrorJson("RequestEntityTooLarge", "Error body too large"));
    }
    answer.kind = InvocationOutcome::Kind::kFunctionError;
    answer.error_type = std::move(error_type);
    answer.body = std::move(body.data);
  } else {
    std::string_view mode(request[kModeHeader].data(), request[kModeHeader].size());
    answer.streamed = beast::iequals(mode, "streaming");
    if (!mode.empty() && !answer.streamed) {
      answer.kind = InvocationOutcome::Kind::kFunctionError;
      answer.error_type = "Runtime.InvalidResponseModeHeader";
      answer.content_type = "application/json";
      answer.body = ErrorJson("Runtime.InvalidResponseModeHeader", "Invalid response mode header");
    } else if (body.overflowed()) {
      too_large = true;
      std::size_t limit = answer.streamed ? server_.options_.max_streamed_response_bytes
                                          : server_.options_.max_response_bytes;
      answer.kind = InvocationOutcome::Kind::kFunctionError;
      answer.error_type = "Function.ResponseSizeTooLarge";
      answer.content_type = "application/json";
      answer.body = ErrorJson("Function.ResponseSizeTooLarge",
                              "Response payload size exceeded maximum allowed payload size (" +
                                  std::to_string(limit) + " bytes).");
    } else if (answer.streamed && !request[kErrorTypeHeader].empty()) {
      // A mid-stream failure: the error arrives in the trailers.
      answer.kind = InvocationOutcome::Kind::kFunctionError;
      answer.error_type = std::move(error_type);
      auto trailer = request[kErrorBodyTrailer];
      auto decoded = util::Base64Decode(std::string_view(trailer.data(), trailer.size()));
      answer.body = decoded ? std::move(*decoded) : std::string(trailer);
      answer.content_type = "application/json";
    } else {
      answer.kind = InvocationOutcome::Kind::kSuccess;
      answer.body = std::move(body.data);
    }
  }

  int status = server_.broker_.Complete(target_.request_id, std::move(answer));
  if (status == 202 && too_large) {
    return Reply(http::status::payload_too_large,
                 ErrorJson("RequestEntityTooLarge", "Response payload size exceeded maximum allowed "
                                                    "payload size"));
  }
  if (status == 202) return Reply(http::status::accepted, "{\"status\":\"OK\"}");
  if (status == 403) {
    return Reply(http::status::forbidden,
                 ErrorJson("InvalidStateTransition", "Invocation already answered or timed out"));
  }
  Reply(http::status::bad_request, ErrorJson("InvalidRequestID", "Unknown request id"));
}

void Connection::Park() {
  parked_ = true;
  server_.waiters_.push_back(shared_from_this());
  // Notice a runtime that hangs up while waiting, so no event is written
  // into a dead connection.
  socket_.async_wait(tcp::socket::wait_read,
                     [self = shared_from_this()](beast::error_code ec) {
                       self->OnParkedReadable(ec);
                     });
}

void Connection::OnParkedReadable(beast::error_code ec) {
  if (ec == asio::error::operation_aborted || !parked_) return;
  beast::error_code available_ec;
  std::size_t available = socket_.available(available_ec);
  if (ec || available_ec || available == 0) Close();
  // Otherwise the runtime pipelined a request; it is read after delivery.
}

void Connection::Deliver(std::shared_ptr<Invocation> invocation) {
  if (parked_) {
    parked_ = false;
    beast::error_code ignored;
    socket_.cancel(ignored);  // the readiness wait
  }
  const InvocationRequest& request = invocation->request;
  response_ = Response{};
  response_.version(11);
  response_.result(http::status::ok);
  response_.set("Lambda-Runtime-Aws-Request-Id", HeaderSafe(request.request_id));
  response_.set("Lambda-Runtime-Deadline-Ms", std::to_string(invocation->deadline_ms));
  response_.set("Lambda-Runtime-Invoked-Function-Arn",
                HeaderSafe(request.function_arn.empty() ? server_.options_.function_arn
                                                        : request.function_arn));
  if (!request.trace_id.empty()) response_.set("Lambda-Runtime-Trace-Id", HeaderSafe(request.trace_id));
  if (!request.client_context.empty()) {
    response_.set("Lambda-Runtime-Client-Context", HeaderSafe(request.client_context));
  }
  if (!request.cognito_identity.empty()) {
    response_.set("Lambda-Runtime-Cognito-Identity", HeaderSafe(request.cognito_identity));
  }
  response_.set(http::field::content_type,
                HeaderSafe(request.content_type.empty() ? "application/json" : request.content_type));
  response_.body() = request.payload;
  response_.keep_alive(keep_alive_);
  response_.prepare_payload();
  http::async_write(socket_, response_,
                    [self = shared_from_this(), invocation](beast::error_code ec, std::size_t) {
                      if (ec) {
                        // The runtime is gone: give the event to the next caller.
                        self->server_.broker_.Requeue(invocation);
                        self->Close();
                        self->server_.Dispatch();
                        return;
                      }
                      if (!self->keep_alive_) return self->Close();
                      self->ReadHeader();
                    });
}

void Connection::Reply(http::status status, std::string body, bool close) {
  response_ = Response{};
  response_.version(11);
  response_.result(status);
  response_.set(http::field::content_type, "application/json");
  response_.body() = std::move(body);
  Write(close || !keep_alive_);
}

void Connection::Write(bool close) {
  response_.keep_alive(!close);
  response_.prepare_payload();
  http::async_write(socket_, response_,
                    [self = shared_from_this(), close](beast::error_code ec, std::size_t) {
                      if (ec) return self->Close();
                      if (close) return self->LingeringClose();
                      self->ReadHeader();
                    });
}

void Connection::LingeringClose() {
  beast::error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  discarded_ = 0;
  Discard();
}

void Connection::Discard() {
  socket_.async_read_some(asio::buffer(scratch_),
                          [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                            self->discarded_ += n;
                            if (ec || self->discarded_ > kLingerLimit) return self->Close();
                            self->Discard();
                          });
}

Status ServerCore::Listen() {
  beast::error_code ec;
  tcp::endpoint endpoint(asio::ip::make_address_v4("127.0.0.1"), options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return MakeError("Io", "cannot listen on 127.0.0.1:" + std::to_string(options_.port) +
                               " for the Runtime API: " + ec.message() +
                               "; pick another port or 0 for an ephemeral one");
  }
  SetCloseOnExec(acceptor_.native_handle());
  port_ = acceptor_.local_endpoint(ec).port();
  return {};
}

void ServerCore::Run() {
  auto guard = asio::make_work_guard(ioc_);
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {
      // A handler threw (allocation failure, ...): drop it, keep serving.
      std::fprintf(stderr, "sparta: Runtime API server: %s\n", e.what());
    }
  }
}

void ServerCore::Accept() {
  acceptor_.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {
      // Typically EMFILE: back off instead of spinning.
      accept_retry_.expires_after(std::chrono::milliseconds(20));
      accept_retry_.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec) Accept();
      });
      return;
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    SetCloseOnExec(socket.native_handle());
    std::make_shared<Connection>(*this, std::move(socket))->Start();
    Accept();
  });
}

void ServerCore::Dispatch() {
  while (!waiters_.empty()) {
    auto invocation = broker_.TakeNext();
    if (!invocation) return;
    auto connection = std::move(waiters_.front());
    waiters_.pop_front();
    connection->Deliver(std::move(invocation));
  }
}

void ServerCore::RemoveWaiter(const Connection* connection) {
  waiters_.erase(std::remove_if(waiters_.begin(), waiters_.end(),
                                [&](const auto& waiter) { return waiter.get() == connection; }),
                 waiters_.end());
}

void ServerCore::Shutdown() {
  broker_.Cancel();
  ioc_.stop();
  if (thread_.joinable()) thread_.join();
  waiters_.clear();
}

}  // namespace

class RuntimeApiServer::Impl : public ServerCore {
 public:
  using ServerCore::ServerCore;
};

RuntimeApiServer::RuntimeApiServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

RuntimeApiServer::~RuntimeApiServer() { impl_->Shutdown(); }

Result<std::unique_ptr<RuntimeApiServer>> RuntimeApiServer::Start(RuntimeApiServerOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  if (auto listening = impl->Listen(); !listening.ok()) return listening.error();
  impl->Accept();
  Impl* raw = impl.get();
  raw->thread_ = std::thread([raw] { raw->Run(); });
  return std::unique_ptr<RuntimeApiServer>(new RuntimeApiServer(std::move(impl)));
}

std::uint16_t RuntimeApiServer::port() const { return impl_->port_; }

std::string RuntimeApiServer::address() const { return "127.0.0.1:" + std::to_string(impl_->port_); }

InvocationOutcome RuntimeApiServer::Invoke(InvocationRequest request,
                                           std::chrono::milliseconds timeout) {
  auto start = std::chrono::steady_clock::now();
  auto deadline_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         (std::chrono::system_clock::now() + timeout).time_since_epoch())
                         .count();
  auto invocation = impl_->broker_.Enqueue(std::move(request), deadline_ms);
  Impl* impl = impl_.get();
  asio::post(impl->ioc_, [impl] { impl->Dispatch(); });
  return impl_->broker_.Await(invocation, start + timeout);
}

InitStatus RuntimeApiServer::WaitForInit(std::chrono::milliseconds timeout) {
  return impl_->broker_.WaitForInit(timeout);
}

std::optional<RuntimeError> RuntimeApiServer::init_error() const {
  return impl_->broker_.init_error();
}

bool RuntimeApiServer::next_seen() const { return impl_->broker_.next_seen(); }

void RuntimeApiServer::Cancel() { impl_->broker_.Cancel(); }

}  // namespace sparta::local
