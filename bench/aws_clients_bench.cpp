// The AWS clients in a Lambda function (printed figures, not timed tests):
//   1. artifact zip sizes: a function using the S3 and DynamoDB clients
//      (bench/clients_service), the inventory example (S3 client plus a
//      custom resource provider), and hello (no client: links none of it);
//   2. under the local supervisor (sparta::local::FunctionProcess, what
//      `invoke` and sparta-local run functions with), over cold starts:
//      init (spawn -> first /next, as the supervisor reports it), the cost of
//      opening FunctionSession and both clients, the first invoke (open +
//      one PutObject on a fresh connection) and a warm invoke (PutObject on
//      the pooled connection). The S3 endpoint is a minimal keep-alive HTTP
//      server in this process, so the figures are the client's own cost.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/local/function_process.hpp"

namespace fs = std::filesystem;

namespace {

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "bench_aws_clients: %s\n", why.c_str());
  std::exit(1);
}

// Answers every request with 200 and an ETag, keeping connections alive.
class PutServer {
 public:
  PutServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) != 0 || ::listen(fd_, 16) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      Die("cannot listen on loopback");
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Run(); });
  }
  ~PutServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  uint16_t port() const { return port_; }

 private:
  void Run() {
    while (!stop_) {
      int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      std::thread([client] { Serve(client); }).detach();
    }
  }
  static void Serve(int fd) {
    std::string buffer;
    char chunk[65536];
    for (;;) {
      size_t end;
      while ((end = buffer.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) return (void)::close(fd);
        buffer.append(chunk, static_cast<size_t>(n));
      }
      size_t length = 0;
      std::string head = buffer.substr(0, end);
      for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (size_t at = head.find("content-length:"); at != std::string::npos) {
        length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
      }
      while (buffer.size() < end + 4 + length) {
        ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) return (void)::close(fd);
        buffer.append(chunk, static_cast<size_t>(n));
      }
      buffer.erase(0, end + 4 + length);
      static const char kResponse[] =
          "HTTP/1.1 200 OK\r\nETag: \"0\"\r\nx-amz-request-id: bench\r\nContent-Length: 0\r\n\r\n";
      if (::write(fd, kResponse, sizeof kResponse - 1) < 0) return (void)::close(fd);
    }
  }

  int fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

uintmax_t ZipBytes(const std::string& program, const std::string& zip_name) {
  fs::path dir = fs::temp_directory_path() / ("sparta-bench-zip-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string cmd = "'" + program + "' build --output-dir '" + dir.string() + "' >/dev/null";
  if (std::system(cmd.c_str()) != 0) Die(program + " build failed");
  uintmax_t bytes = fs::file_size(dir / zip_name);
  fs::remove_all(dir);
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 31;

  std::printf("artifact zip (the bootstrap is static; symbols kept for crash traces)\n");
  const uintmax_t clients = ZipBytes(BENCH_CLIENTS, "SpartaBenchClients-code.zip");
  const uintmax_t inventory = ZipBytes(BENCH_INVENTORY, "SpartaInventory-code.zip");
  const uintmax_t hello = ZipBytes(BENCH_HELLO, "SpartaHello-code.zip");
  std::printf("  S3 + DynamoDB clients (bench service)    %10ju bytes = %.2f MB\n", clients,
              clients / 1e6);
  std::printf("  inventory (S3 client + custom resource)  %10ju bytes = %.2f MB\n", inventory,
              inventory / 1e6);
  std::printf("  hello (no client)                        %10ju bytes = %.2f MB\n", hello,
              hello / 1e6);

  PutServer server;
  fs::path task_root =
      fs::temp_directory_path() / ("sparta-bench-task-" + std::to_string(::getpid()));
  fs::remove_all(task_root);
  fs::create_directories(task_root);
  fs::copy_file(BENCH_CLIENTS_BOOTSTRAP, task_root / "bootstrap");

  sparta::local::FunctionConfig config;
  config.function_name = "SpartaBenchClients-Put";
  config.handler = "Put";
  config.task_root = task_root;
  config.timeout_seconds = 10;
  config.environment = {{"AWS_ENDPOINT_URL", "http://127.0.0.1:" + std::to_string(server.port())}};
  config.credentials = sparta::local::FunctionCredentials{"AKIDBENCH", "bench-secret", "token"};

  // The same supervisor starting hello (no client), for comparison.
  fs::path hello_root = task_root / "hello";
  fs::create_directories(hello_root);
  fs::copy_file(BENCH_HELLO_BOOTSTRAP, hello_root / "bootstrap");
  sparta::local::FunctionConfig hello_config = config;
  hello_config.function_name = "SpartaHello-Echo";
  hello_config.handler = "Echo";
  hello_config.task_root = hello_root;

  std::vector<double> init, hello_init, open_us, first, warm;
  for (int i = 0; i < runs; ++i) {
    auto echo = sparta::local::FunctionProcess::Create(hello_config);
    if (!echo.ok()) Die(echo.error().message);
    auto echoed = (*echo)->Invoke(R"({"run":0})");
    if (!echoed.ok() || !echoed->function_error.empty()) Die("hello's Echo failed");
    hello_init.push_back(echoed->init_duration_ms.value_or(0));

    auto function = sparta::local::FunctionProcess::Create(config);
    if (!function.ok()) Die(function.error().message);
    auto cold = (*function)->Invoke(R"({"run":1})");
    auto again = (*function)->Invoke(R"({"run":2})");
    if (!cold.ok() || !again.ok()) Die("invoke failed");
    if (!cold->function_error.empty()) Die("the function failed: " + cold->payload);
    if (!again->function_error.empty()) Die("the function failed: " + again->payload);
    init.push_back(cold->init_duration_ms.value_or(0));
    first.push_back(cold->duration_ms);
    warm.push_back(again->duration_ms);
    open_us.push_back(sparta::json::parse(cold->payload).at("open_us").to_number<double>());
  }
  fs::remove_all(task_root);

  std::printf("under the local supervisor (median of %d cold starts)\n", runs);
  std::printf("  init: spawn -> first /next               %10.3f ms\n", Median(init));
  std::printf("  init of hello (no client), same way      %10.3f ms\n", Median(hello_init));
  std::printf("  opening FunctionSession + S3 + DynamoDB  %10.3f ms\n", Median(open_us) / 1000);
  std::printf("  first invoke: open + PutObject (connect) %10.3f ms\n", Median(first));
  std::printf("  warm invoke: PutObject (pooled)          %10.3f ms\n", Median(warm));
  return 0;
}
