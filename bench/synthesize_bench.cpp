// Synthesis time of a 400-resource service: 100 functions (300 resources:
// function, role, log group) and 100 typed resources (queues and tables),
// with discovery documents. Prints the median and best of 21 runs of
// Synthesize() + Serialize(). Target: <= 50 ms.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "sparta/resources/dynamodb.hpp"
#include "sparta/resources/sqs.hpp"
#include "sparta/service/synthesize.hpp"

namespace ddb = sparta::resources::dynamodb;
namespace sqs = sparta::resources::sqs;

static std::string Name(const char* prefix, int i) {
  std::string out(prefix);
  out += std::to_string(i);
  return out;
}

static sparta::Service FourHundredResources() {
  sparta::Service s;
  s.name = "bench";
  s.description = "synthesis benchmark";
  std::vector<sparta::cfn::Handle> handles;
  for (int i = 0; i < 50; ++i) {
    sqs::Queue q{Name("Queue", i), {.VisibilityTimeout = 60}};
    ddb::Table t{Name("Table", i),
                 {.AttributeDefinitions = {{.AttributeName = "id", .AttributeType = "S"}},
                  .BillingMode = "PAY_PER_REQUEST",
                  .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}}};
    handles.emplace_back(q);
    handles.emplace_back(t);
    s.resources.emplace_back(q);
    s.resources.emplace_back(t);
  }
  for (int i = 0; i < 100; ++i) {
    sparta::FunctionOptions o;
    o.dependencies = {handles[static_cast<std::size_t>(i)],
                      handles[static_cast<std::size_t>((i + 1) % 100)]};
    s.functions.emplace_back(
        Name("F", i), [](std::string_view p, sparta::runtime::Context&) { return std::string(p); },
        o);
  }
  return s;
}

int main() {
  const sparta::Service service = FourHundredResources();
  std::vector<double> ms;
  std::size_t resources = 0, bytes = 0;
  for (int run = 0; run < 21; ++run) {
    const auto start = std::chrono::steady_clock::now();
    auto t = sparta::Synthesize(service);
    if (!t.ok()) {
      std::fprintf(stderr, "synthesis failed: %s\n", t.error().message.c_str());
      return 1;
    }
    const std::string body = t->Serialize();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count());
    resources = t->resources().size();
    bytes = body.size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf("synthesis of a %zu-resource service (%zu-byte template): median %.1f ms, best %.1f ms "
              "(21 runs; target <= 50 ms)\n",
              resources, bytes, ms[ms.size() / 2], ms.front());
  return 0;
}
