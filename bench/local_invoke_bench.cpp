// Invoke round trips per second to a warm function through the local
// cloud's Lambda Invoke API: HTTP + SigV4 verification + the function's
// Runtime API, end to end, as a client of the Invoke API sees it.
//
//   bench_local_invoke <endpoint> <function name> [invokes] [clients]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/lambda_client.hpp"

namespace {

using Clock = std::chrono::steady_clock;

class TestCredentials : public sparta::aws::CredentialsProvider {
 public:
  sparta::Result<sparta::aws::Credentials> GetCredentials() override {
    return sparta::aws::Credentials{"test", "test", "", {}, "bench"};
  }
};

sparta::aws::LambdaClient MakeClient(const std::string& endpoint) {
  sparta::aws::AwsClientOptions options;
  const std::string hostport = endpoint.substr(endpoint.find("//") + 2);
  options.endpoint.scheme = "http";
  options.endpoint.host = hostport.substr(0, hostport.rfind(':'));
  options.endpoint.port = static_cast<uint16_t>(std::stoi(hostport.substr(hostport.rfind(':') + 1)));
  options.endpoint.signing_region = "us-east-1";
  options.endpoint.signing_name = "lambda";
  options.credentials = std::make_shared<TestCredentials>();
  options.transport = sparta::aws::MakeHttpTransport();
  options.retry.max_attempts = 1;
  return sparta::aws::LambdaClient(std::make_shared<sparta::aws::AwsClient>(std::move(options)));
}

// Runs `count` invokes on one client; returns each latency in microseconds.
std::vector<double> Run(const std::string& endpoint, const std::string& function, int count) {
  auto client = MakeClient(endpoint);
  std::vector<double> latencies;
  latencies.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    auto start = Clock::now();
    auto r = client.Invoke({.function_name = function, .payload = R"({"name":"bench"})"});
    if (!r.ok() || !r->function_error.empty()) {
      std::fprintf(stderr, "invoke failed: %s\n",
                   r.ok() ? r->payload.c_str() : r.error().message.c_str());
      std::exit(1);
    }
    latencies.push_back(
        std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  return latencies;
}

void Report(const char* label, std::vector<double> latencies, double seconds) {
  std::sort(latencies.begin(), latencies.end());
  auto at = [&](double q) { return latencies[static_cast<size_t>(q * (latencies.size() - 1))]; };
  std::printf("  %-34s %8.0f invokes/s   p50 %6.0f us   p99 %6.0f us   (%zu invokes)\n", label,
              static_cast<double>(latencies.size()) / seconds, at(0.5), at(0.99),
              latencies.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s <endpoint> <function> [invokes] [clients]\n", argv[0]);
    return 2;
  }
  const std::string endpoint = argv[1];
  const std::string function = argv[2];
  const int invokes = argc > 3 ? std::atoi(argv[3]) : 2000;
  const int clients = argc > 4 ? std::atoi(argv[4]) : 4;

  Run(endpoint, function, 50);  // warm: workers started, connections open

  auto start = Clock::now();
  auto one = Run(endpoint, function, invokes);
  Report("1 client, sequential", one,
         std::chrono::duration<double>(Clock::now() - start).count());

  Run(endpoint, function, 20);
  std::vector<std::vector<double>> per(static_cast<size_t>(clients));
  std::vector<std::thread> threads;
  start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] { per[static_cast<size_t>(c)] = Run(endpoint, function, invokes / clients); });
  }
  for (auto& t : threads) t.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::vector<double> all;
  for (auto& v : per) all.insert(all.end(), v.begin(), v.end());
  std::string label = std::to_string(clients) + " clients in parallel";
  Report(label.c_str(), std::move(all), seconds);
  return 0;
}
