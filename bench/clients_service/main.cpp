// A service whose function calls AWS with the project's own clients and
// nothing else: what bench_aws_clients measures (artifact size, start-up
// under the local supervisor, the cost of opening the clients and of one
// PutObject).

#include <chrono>
#include <sparta/aws/function_session.hpp>
#include <sparta/runtime/or_throw.hpp>
#include <sparta/sparta.hpp>
#include <string>

// Opens the clients (first call: the session; later calls: cached) and
// puts one object; returns how long opening took, in microseconds.
sparta::json::value Put(const sparta::json::value& event, sparta::runtime::Context&) {
  const auto start = std::chrono::steady_clock::now();
  const auto& session = sparta::OrThrow(sparta::aws::FunctionSession::Shared());
  static const sparta::aws::S3Client s3 = sparta::OrThrow(session.S3());
  static const sparta::aws::DynamoDbClient ddb = sparta::OrThrow(session.DynamoDb());
  const auto opened = std::chrono::steady_clock::now();
  sparta::OrThrow(
      s3.PutObject("bench-bucket", "bench/object.json", sparta::json::serialize(event)));
  return {{"open_us", std::chrono::duration<double, std::micro>(opened - start).count()}};
}

int main(int argc, char** argv) {
  sparta::Service service{.name = "SpartaBenchClients",
                          .description = "Benchmark: a function using the AWS clients",
                          .functions = {{"Put", Put}}};
  return sparta::Main(argc, argv, service);
}
