// A Lambda bootstrap for the local layer's tests: a tiny, independent
// Runtime API client whose behaviour each event chooses. The event payload is
// a command:
//   echo:<text>    respond <text>             sleep:<ms>   sleep, respond "slept"
//   abort          abort()                     segv         raise SIGSEGV
//   exit:<n>       exit(n)                     error        POST /error
//   huge:<n>       respond n bytes; log the status the server gave
//   print:<text>   one line to stdout, one to stderr, respond "printed"
//   env            respond the environment, one NAME=value per line
//   headers        respond the /next headers, one name=value per line
//   stream:<n>     streamed response of n chunks, then reconnect
//   streamerror    streamed chunk, then error trailers
//   spawn          start a grandchild that sleeps, respond its pid
// anything else is echoed. Init is steered by environment variables:
// TEST_INIT_EXIT=<n> exits, TEST_INIT_ERROR=1 posts /init/error and exits.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "local/raw_http.hpp"

extern char** environ;

namespace {

using sparta::local::testing::RawHttp;

constexpr std::string_view kBase = "/2018-06-01/runtime/";

std::string api;
RawHttp http;

void Connect() {
  if (!http.Connect(api)) {
    std::fprintf(stderr, "cannot connect to %s\n", api.c_str());
    std::exit(2);
  }
}

int Post(const std::string& path, const std::string& body, const std::string& headers = "") {
  auto response = http.Request("POST", std::string(kBase) + path, body, headers);
  if (!response) {
    Connect();
    return 0;
  }
  return response->status;
}

void Respond(const std::string& id, const std::string& body) {
  Post("invocation/" + id + "/response", body, "Content-Type: text/plain\r\n");
}

void Stream(const std::string& id, int chunks, bool fail) {
  std::string request = "POST " + std::string(kBase) + "invocation/" + id +
                        "/response HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Lambda-Runtime-Function-Response-Mode: streaming\r\n"
                        "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n"
                        "Trailer: Lambda-Runtime-Function-Error-Type, "
                        "Lambda-Runtime-Function-Error-Body\r\n\r\n";
  http.Send(request);
  for (int i = 0; i < chunks; ++i) {
    std::string data = "chunk" + std::to_string(i) + "\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    http.Send(std::string(size) + data + "\r\n");
  }
  if (fail) {
    http.Send(
        "0\r\nLambda-Runtime-Function-Error-Type: Function.StreamError\r\n"
        "Lambda-Runtime-Function-Error-Body: "
        "eyJlcnJvck1lc3NhZ2UiOiJzdHJlYW0gYnJva2UiLCJlcnJvclR5cGUiOiJTdHJlYW1FcnJvciJ9\r\n\r\n");
  } else {
    http.Send("0\r\n\r\n");
  }
  http.Read();
  Connect();  // a streamed response ends its connection
}

void Handle(const std::string& id, const std::string& event,
            const sparta::local::testing::RawResponse& next) {
  auto colon = event.find(':');
  std::string command = event.substr(0, colon);
  std::string argument = colon == std::string::npos ? "" : event.substr(colon + 1);
  if (command == "echo") return Respond(id, argument);
  if (command == "sleep") {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(argument.c_str())));
    return Respond(id, "slept");
  }
  if (command == "abort") std::abort();
  if (command == "segv") ::raise(SIGSEGV);
  if (command == "exit") std::exit(std::atoi(argument.c_str()));
  if (command == "error") {
    Post("invocation/" + id + "/error",
         R"({"errorMessage":"failed on purpose","errorType":"TestError","stackTrace":[]})",
         "Lambda-Runtime-Function-Error-Type: Function.TestError\r\n");
    return;
  }
  if (command == "huge") {
    int status = Post("invocation/" + id + "/response",
                      std::string(std::strtoul(argument.c_str(), nullptr, 10), 'x'));
    std::fprintf(stderr, "response status: %d\n", status);
    return;
  }
  if (command == "print") {
    std::printf("out: %s\n", argument.c_str());
    std::fprintf(stderr, "err: %s\n", argument.c_str());
    return Respond(id, "printed");
  }
  if (command == "env") {
    std::string all;
    for (char** entry = environ; *entry; ++entry) all += std::string(*entry) + "\n";
    return Respond(id, all);
  }
  if (command == "headers") {
    std::string all;
    for (const auto& [name, value] : next.headers) all += name + "=" + value + "\n";
    return Respond(id, all);
  }
  if (command == "stream") return Stream(id, std::atoi(argument.c_str()), false);
  if (command == "streamerror") return Stream(id, 1, true);
  if (command == "spawn") {
    pid_t child = ::fork();
    if (child == 0) {
      ::execl("/bin/sleep", "sleep", "30", static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return Respond(id, std::to_string(child));
  }
  Respond(id, event);
}

}  // namespace

int main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::printf("init: test bootstrap starting\n");
  const char* address = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (!address) {
    std::fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not set\n");
    return 2;
  }
  api = address;
  if (const char* code = std::getenv("TEST_INIT_EXIT")) {
    std::fprintf(stderr, "init: exiting with %s\n", code);
    return std::atoi(code);
  }
  Connect();
  if (std::getenv("TEST_INIT_ERROR")) {
    Post("init/error",
         R"({"errorMessage":"init failed on purpose","errorType":"TestInitError","stackTrace":[]})",
         "Lambda-Runtime-Function-Error-Type: Runtime.TestInitError\r\n");
    return 1;
  }
  for (;;) {
    auto next = http.Request("GET", std::string(kBase) + "invocation/next");
    if (!next) {
      Connect();
      next = http.Request("GET", std::string(kBase) + "invocation/next");
      if (!next) return 3;
    }
    Handle(next->Header("lambda-runtime-aws-request-id"), next->body, *next);
  }
}
