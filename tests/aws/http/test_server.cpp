// TestServer: blocking Asio/Beast on one thread per connection. Stop() shuts
// the sockets down at the OS level, which wakes every blocked call.

#include "aws/http/test_server.hpp"

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>

#include "support/subprocess.hpp"

namespace sparta::aws::testing {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = boost::asio::ip::tcp;
using boost::system::error_code;

const char* Reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Other";
  }
}

}  // namespace

std::string MakeResponse(int status, const std::string& body, const HeaderList& headers,
                         bool chunked) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + Reason(status) + "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  if (!chunked) {
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    return out;
  }
  out += "Transfer-Encoding: chunked\r\n\r\n";
  for (size_t i = 0; i < body.size(); i += 7) {
    std::string piece = body.substr(i, 7);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    out += std::string(size) + "\r\n" + piece + "\r\n";
  }
  out += "0\r\n\r\n";
  return out;
}

struct TestServer::Impl {
  Handler handler;
  net::io_context ioc;
  std::optional<ssl::context> tls;
  tcp::acceptor acceptor{ioc};
  std::thread accept_thread;

  mutable std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopping = false;              // GUARDED_BY(mu)
  std::set<int> open_fds;             // GUARDED_BY(mu)
  std::vector<std::thread> workers;   // GUARDED_BY(mu)
  std::vector<TestRequest> requests;  // GUARDED_BY(mu)
  std::string server_name;            // GUARDED_BY(mu)
  std::atomic<int> connections{0};

  void AcceptLoop() {
    for (;;) {
      tcp::socket socket(ioc);
      error_code ec;
      acceptor.accept(socket, ec);
      std::lock_guard lock(mu);
      if (stopping) return;
      if (ec) continue;
      ++connections;
      open_fds.insert(socket.native_handle());
      workers.emplace_back([this, s = std::move(socket)]() mutable { Serve(std::move(s)); });
    }
  }

  void Serve(tcp::socket socket) {
    const int fd = socket.native_handle();
    if (tls) {
      ssl::stream<tcp::socket&> stream(socket, *tls);
      error_code ec;
      stream.handshake(ssl::stream_base::server, ec);
      if (!ec) {
        const char* name = SSL_get_servername(stream.native_handle(), TLSEXT_NAMETYPE_host_name);
        {
          std::lock_guard lock(mu);
          server_name = name ? name : "";
        }
        Exchange(stream);
      }
    } else {
      Exchange(socket);
    }
    std::lock_guard lock(mu);
    open_fds.erase(fd);
    error_code ignored;
    socket.close(ignored);
  }

  template <class Stream>
  void Exchange(Stream& stream) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request<http::string_body> req;
      error_code ec;
      http::read(stream, buffer, req, ec);
      if (ec) return;
      TestRequest request;
      request.method = std::string(req.method_string());
      request.target = std::string(req.target());
      for (const auto& field : req) {
        request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
      }
      request.body = req.body();
      {
        std::lock_guard lock(mu);
        requests.push_back(request);
      }
      TestReply reply = handler(request);
      if (reply.delay.count() > 0) {
        std::unique_lock lock(mu);
        if (stopped_cv.wait_for(lock, reply.delay, [&] { return stopping; })) return;
      }
      net::write(stream, net::buffer(reply.raw), ec);
      if (ec || reply.close) return;
    }
  }
};

TestServer::TestServer(Handler handler, std::optional<TlsFiles> tls)
    : impl_(std::make_unique<Impl>()) {
  impl_->handler = std::move(handler);
  if (tls) {
    impl_->tls.emplace(ssl::context::tls_server);
    impl_->tls->use_certificate_chain_file(tls->cert_file);
    impl_->tls->use_private_key_file(tls->key_file, ssl::context::pem);
  }
  tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen();
  impl_->accept_thread = std::thread([impl = impl_.get()] { impl->AcceptLoop(); });
}

TestServer::~TestServer() {
  std::vector<std::thread> workers;
  {
    std::lock_guard lock(impl_->mu);
    impl_->stopping = true;
    // On Linux, shutdown() wakes a thread blocked in accept() or recv().
    ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
    for (int fd : impl_->open_fds) ::shutdown(fd, SHUT_RDWR);
  }
  impl_->stopped_cv.notify_all();
  impl_->accept_thread.join();
  {
    std::lock_guard lock(impl_->mu);
    workers.swap(impl_->workers);
  }
  for (auto& worker : workers) worker.join();
}

uint16_t TestServer::port() const { return impl_->acceptor.local_endpoint().port(); }
int TestServer::connections() const { return impl_->connections; }

int TestServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return static_cast<int>(impl_->requests.size());
}

std::vector<TestRequest> TestServer::received() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}

std::string TestServer::last_server_name() const {
  std::lock_guard lock(impl_->mu);
  return impl_->server_name;
}

uint16_t UnusedLoopbackPort() {
  net::io_context ioc;
  tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

std::optional<TestPki> MakeTestPki(const std::string& dir, const std::vector<std::string>& names,
                                   std::string* error) {
  namespace fs = std::filesystem;
  fs::create_directories(dir);
  const std::string ca_key = dir + "/ca.key", ca = dir + "/ca.pem";
  const std::string key = dir + "/server.key", csr = dir + "/server.csr";
  const std::string cert = dir + "/server.pem", ext = dir + "/server.ext";
  std::string san;
  for (const auto& name : names) san += (san.empty() ? "" : ",") + name;
  {
    FILE* f = std::fopen(ext.c_str(), "w");
    if (!f) {
      *error = "cannot write " + ext;
      return std::nullopt;
    }
    std::fprintf(f,
                 "subjectAltName=%s\nbasicConstraints=CA:FALSE\n"
                 "extendedKeyUsage=serverAuth\n",
                 san.c_str());
    std::fclose(f);
  }
  const std::vector<std::vector<std::string>> steps = {
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
       "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "2",
       "-subj", "/CN=Sparta Test CA"},
      {"/usr/bin/openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
       "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", csr, "-subj",
       "/CN=sparta test server"},
      {"/usr/bin/openssl", "x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key,
       "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", ext},
  };
  for (const auto& argv : steps) {
    auto run = sparta::testing::RunProcess(argv, {}, {}, dir, std::chrono::seconds(30));
    if (run.exit_code != 0) {
      *error = "openssl " + argv[1] + " failed: " + run.err;
      return std::nullopt;
    }
  }
  return TestPki{ca, TlsFiles{cert, key}};
}

}  // namespace sparta::aws::testing
