// The listener of CloudHttpServer: bind on loopback, accept, one thread per
// connection (capped), and a stop event every blocking wait also watches.

#include "local_cloud/server/http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <list>
#include <mutex>
#include <thread>
#include <utility>

#include "local_cloud/server/connection.hpp"

namespace sparta::local_cloud::server {
namespace {

// A resolved loopback address to bind.
struct Loopback {
  bool ipv6 = false;
  sockaddr_in v4{};
  sockaddr_in6 v6{};
};

Result<Loopback> ResolveLoopback(const std::string& host) {
  Loopback out;
  const std::string name = host == "localhost" ? "127.0.0.1" : host;
  if (::inet_pton(AF_INET, name.c_str(), &out.v4.sin_addr) == 1) {
    if ((ntohl(out.v4.sin_addr.s_addr) >> 24) == 127) {
      out.v4.sin_family = AF_INET;
      return out;
    }
  } else if (::inet_pton(AF_INET6, name.c_str(), &out.v6.sin6_addr) == 1 &&
             IN6_IS_ADDR_LOOPBACK(&out.v6.sin6_addr)) {
    out.ipv6 = true;
    out.v6.sin6_family = AF_INET6;
    return out;
  }
  std::string message = "sparta-local listens on loopback only (127.0.0.1, ::1 or localhost), ";
  message += "not '";
  message += host;
  message += "': it accepts any request signed with its well-known test credentials.";
  return MakeError("InvalidArgument", message);
}

std::string SystemError(int error) { return std::strerror(error); }

struct Worker {
  std::thread thread;
  std::shared_ptr<std::atomic<bool>> done;
};

}  // namespace

Status CheckLoopbackHost(const std::string& host) {
  Result<Loopback> address = ResolveLoopback(host);
  if (!address) return address.error();
  return {};
}

struct CloudHttpServer::State {
  HttpServerOptions options;
  SigV4Verifier verifier;
  Dispatcher dispatcher;
  RequestLog log;
  int listen_fd = -1;
  int stop_fd = -1;
  std::uint16_t port = 0;
  bool ipv6 = false;
  std::thread acceptor;
  std::mutex mutex;  // guards workers, stopped
  std::list<Worker> workers;
  bool shut_down = false;
  std::mutex stop_mutex;  // serializes Stop()
  bool stopped = false;

  State(HttpServerOptions o, SigV4Verifier v, Dispatcher d, RequestLog l)
      : options(std::move(o)),
        verifier(std::move(v)),
        dispatcher(std::move(d)),
        log(std::move(l)) {}

  ~State() {
    if (listen_fd >= 0) ::close(listen_fd);
    if (stop_fd >= 0) ::close(stop_fd);
  }

  detail::ConnectionContext Context() const {
    detail::ConnectionContext context;
    context.verifier = &verifier;
    context.dispatcher = &dispatcher;
    context.log = &log;
    context.max_body_bytes = options.max_body_bytes;
    context.idle_timeout = options.idle_timeout;
    context.stop_fd = stop_fd;
    return context;
  }

  // Joins the threads of connections that ended. Caller holds `mutex`.
  void ReapFinished() {
    for (auto it = workers.begin(); it != workers.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = workers.erase(it);
      } else {
        ++it;
      }
    }
  }

  void Accept() {
    while (true) {
      pollfd fds[2] = {{listen_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
      int ready = ::poll(fds, 2, 1000);
      if (ready < 0 && errno != EINTR) return;
      if (fds[1].revents != 0) return;
      {
        std::lock_guard lock(mutex);
        ReapFinished();
      }
      if (ready <= 0 || (fds[0].revents & POLLIN) == 0) continue;
      int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;  // the client gave up, or fds ran out: keep serving the others
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      std::lock_guard lock(mutex);
      if (shut_down) {
        ::close(fd);
        return;
      }
      if (static_cast<int>(workers.size()) >= options.max_connections) {
        const std::string refusal = detail::OverCapacityResponse(options.max_connections);
        (void)::send(fd, refusal.data(), refusal.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        ::shutdown(fd, SHUT_WR);
        ::close(fd);
        continue;
      }
      auto done = std::make_shared<std::atomic<bool>>(false);
      try {
        std::thread thread([this, fd, done] {
          detail::ServeConnection(fd, Context());
          ::close(fd);
          done->store(true);
        });
        workers.push_back(Worker{std::move(thread), std::move(done)});
      } catch (const std::system_error&) {
        ::close(fd);  // no thread to serve it: the client sees a close
      }
    }
  }
};

Result<std::unique_ptr<CloudHttpServer>> CloudHttpServer::Start(HttpServerOptions options,
                                                                SigV4Verifier verifier,
                                                                Dispatcher dispatcher,
                                                                RequestLog log) {
  Result<Loopback> address = ResolveLoopback(options.host);
  if (!address) return address.error();
  if (options.max_connections < 1) {
    return MakeError("InvalidArgument", "max_connections must be at least 1");
  }
  auto state = std::make_unique<State>(std::move(options), std::move(verifier),
                                       std::move(dispatcher), std::move(log));
  state->ipv6 = address->ipv6;
  state->listen_fd = ::socket(address->ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (state->listen_fd < 0) {
    return MakeError("Io", "cannot create a socket: " + SystemError(errno));
  }
  int one = 1;
  // Rebinding the port of a killed server (its connections in TIME_WAIT) must work.
  ::setsockopt(state->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  int bound;
  if (address->ipv6) {
    address->v6.sin6_port = htons(state->options.port);
    bound = ::bind(state->listen_fd, reinterpret_cast<const sockaddr*>(&address->v6),
                   sizeof address->v6);
  } else {
    address->v4.sin_port = htons(state->options.port);
    bound = ::bind(state->listen_fd, reinterpret_cast<const sockaddr*>(&address->v4),
                   sizeof address->v4);
  }
  const std::string where = state->options.host + " port " + std::to_string(state->options.port);
  if (bound != 0) {
    const int error = errno;
    if (error == EADDRINUSE) {
      std::string message = "cannot listen on ";
      message += where;
      message += ": the port is already in use (another sparta-local?); stop that program or ";
      message += "choose another port (--port, 0 picks a free one)";
      return MakeError("AddressInUse", message);
    }
    return MakeError("Io", "cannot listen on " + where + ": " + SystemError(error));
  }
  if (::listen(state->listen_fd, 128) != 0) {
    return MakeError("Io", "cannot listen on " + where + ": " + SystemError(errno));
  }
  sockaddr_storage local{};
  socklen_t length = sizeof local;
  ::getsockname(state->listen_fd, reinterpret_cast<sockaddr*>(&local), &length);
  state->port = ntohs(address->ipv6 ? reinterpret_cast<sockaddr_in6*>(&local)->sin6_port
                                    : reinterpret_cast<sockaddr_in*>(&local)->sin_port);
  state->stop_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (state->stop_fd < 0) {
    return MakeError("Io", "cannot create the server's stop event: " + SystemError(errno));
  }
  State* raw = state.get();
  try {
    state->acceptor = std::thread([raw] { raw->Accept(); });
  } catch (const std::system_error& e) {
    return MakeError("Io", std::string("cannot start the accepting thread: ") + e.what());
  }
  return std::unique_ptr<CloudHttpServer>(new CloudHttpServer(std::move(state)));
}

CloudHttpServer::CloudHttpServer(std::unique_ptr<State> state) : state_(std::move(state)) {}

CloudHttpServer::~CloudHttpServer() { Stop(); }

std::uint16_t CloudHttpServer::port() const { return state_->port; }

std::string CloudHttpServer::endpoint() const {
  std::string out = "http://";
  if (state_->ipv6) {
    out += "[";
    out += state_->options.host == "localhost" ? "::1" : state_->options.host;
    out += "]";
  } else {
    out += state_->options.host == "localhost" ? "127.0.0.1" : state_->options.host;
  }
  out += ":";
  out += std::to_string(state_->port);
  return out;
}

void CloudHttpServer::Shutdown() {
  std::lock_guard lock(state_->mutex);
  if (state_->shut_down) return;
  state_->shut_down = true;
  const std::uint64_t one = 1;
  (void)!::write(state_->stop_fd, &one, sizeof one);
}

void CloudHttpServer::Stop() {
  std::lock_guard stop_lock(state_->stop_mutex);
  if (state_->stopped) return;
  Shutdown();
  if (state_->acceptor.joinable()) state_->acceptor.join();
  std::list<Worker> workers;
  {
    std::lock_guard lock(state_->mutex);
    workers.swap(state_->workers);
  }
  for (Worker& worker : workers) worker.thread.join();
  ::close(state_->listen_fd);
  state_->listen_fd = -1;
  state_->stopped = true;
}

}  // namespace sparta::local_cloud::server
