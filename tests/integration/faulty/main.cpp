// A service whose functions misbehave on purpose, for the integration tests:
// every way a handler can fail, and (selected by SPARTA_FAULTY_DECLARATION)
// every way a declaration can be wrong.

#include <boost/describe.hpp>
#include <sparta/sparta.hpp>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

using namespace std::chrono_literals;
using sparta::runtime::Context;

namespace {

struct NotAnException {
  int code;
};

std::string ThrowStd(std::string_view, Context&) { throw std::out_of_range("index 7 is past the end"); }
std::string ThrowInt(std::string_view, Context&) { throw 42; }
std::string ThrowStruct(std::string_view, Context&) { throw NotAnException{7}; }
std::string Segfault(std::string_view, Context&) {
  std::raise(SIGSEGV);
  return "unreachable";
}
std::string Abort(std::string_view, Context&) { std::abort(); }
std::string Exit(std::string_view, Context&) { std::exit(3); }
std::string Sleep(std::string_view, Context&) {
  std::this_thread::sleep_for(10s);
  return "\"woke up\"";
}
std::string Big(std::string_view, Context&) { return "\"" + std::string(7 * 1024 * 1024, 'x') + "\""; }
std::string Chatty(std::string_view payload, Context& ctx) {
  std::printf("to stdout: %.*s\n", static_cast<int>(payload.size()), payload.data());
  std::fflush(stdout);
  std::fprintf(stderr, "to stderr\n");
  ctx.log().Warn("through the logger");
  return "\"done\"";
}
std::string Environment(std::string_view, Context& ctx) {
  auto get = [](const char* name) {
    const char* v = std::getenv(name);
    return sparta::json::value(v ? v : "");
  };
  sparta::json::object o;
  for (const char* name :
       {"AWS_LAMBDA_FUNCTION_NAME", "_HANDLER", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
        "AWS_LAMBDA_FUNCTION_VERSION", "AWS_REGION", "AWS_LAMBDA_LOG_GROUP_NAME",
        "AWS_LAMBDA_LOG_STREAM_NAME", "LAMBDA_TASK_ROOT", "_X_AMZN_TRACE_ID", "GREETING", "HOME"}) {
    o[name] = get(name);
  }
  o["remaining_ms"] = ctx.RemainingTime().count();
  char cwd[4096];
  o["cwd"] = ::getcwd(cwd, sizeof cwd) ? cwd : "";
  return sparta::json::serialize(o);
}

// A custom resource whose Create holds the stack mid-creation: it creates
// "<Path>.started", then waits (at most 60 s) until <Path> exists. A test
// kills sparta-local while it is sure the stack is in progress.
struct Held {
  static constexpr std::string_view kType = "Custom::Held";
  struct Properties {
    std::string Path;
  };
  struct Data {};
  // The bootstrap declares the service again when Lambda starts it: the
  // provider's environment makes it declare this resource too.
  static sparta::FunctionOptions ProviderOptions() {
    return {.timeout = 90s, .environment = {{"SPARTA_FAULTY_DECLARATION", "held"}}};
  }
  sparta::CustomResult<Data> Create(const Properties& p, const sparta::CustomResourceCall&) {
    if (std::FILE* started = std::fopen((p.Path + ".started").c_str(), "w")) std::fclose(started);
    for (int waited_ms = 0; waited_ms < 60000 && ::access(p.Path.c_str(), F_OK) != 0;
         waited_ms += 10) {
      std::this_thread::sleep_for(10ms);
    }
    return {};
  }
  sparta::CustomResult<Data> Update(const Properties& now, const Properties&,
                                    const sparta::CustomResourceCall& call) {
    return Create(now, call);
  }
  void Delete(const Properties&, const sparta::CustomResourceCall&) {}
};
BOOST_DESCRIBE_STRUCT(Held::Properties, (), (Path))
BOOST_DESCRIBE_STRUCT(Held::Data, (), ())

}  // namespace

int main(int argc, char** argv) {
  sparta::Service service{.name = "SpartaFaulty", .description = "Misbehaving functions", .functions = {}};
  auto add = [&](std::string name, sparta::runtime::Handler h, sparta::FunctionOptions o = {}) {
    service.functions.emplace_back(std::move(name), std::move(h), std::move(o));
  };
  add("ThrowStd", ThrowStd);
  add("ThrowInt", ThrowInt);
  add("ThrowStruct", ThrowStruct);
  add("Segfault", Segfault);
  add("Abort", Abort);
  add("Exit", Exit);
  add("Sleep", Sleep, {.timeout = 1s});
  add("Big", Big);
  add("Chatty", Chatty);
  add("Environment", Environment, {.memory_mb = 512, .environment = {{"GREETING", "hi"}}});

  const char* declaration = std::getenv("SPARTA_FAULTY_DECLARATION");
  std::string bad = declaration ? declaration : "";
  if (bad == "duplicate") add("Chatty", Chatty);
  if (bad == "memory") service.functions[0].options.memory_mb = 64;
  if (bad == "timeout") service.functions[0].options.timeout = 901s;
  // Valid, but fails to deploy: Lambda refuses a role that does not exist.
  if (bad == "missing-role") {
    service.functions[0].role = sparta::ExistingRole{"arn:aws:iam::000000000000:role/sparta-missing"};
  }
  // Valid; its creation waits for a file (see Held).
  if (bad == "held") {
    const char* path = std::getenv("SPARTA_FAULTY_HOLD");
    service.resources.push_back(
        sparta::CustomResource<Held>{"Hold", {{"Path", path != nullptr ? path : ""}}});
  }
  return sparta::Main(argc, argv, service);
}
