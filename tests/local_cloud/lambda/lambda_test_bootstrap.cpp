// A Lambda bootstrap for the local Lambda's tests. Lambda's Invoke API only
// takes JSON, so unlike tests/local/test_bootstrap.cpp the command is a JSON
// string event:
//   "sleep:<ms>"   sleep, respond "slept"      "segv"   raise SIGSEGV
//   "error"        POST /error                 "pid"    respond the process id
//   "print:<text>" one stdout line, respond "printed"
//   "env:<NAME>"   respond the variable's value (a JSON string, or null)
//   "hold:<path>"  create <path>.started, wait until <path> exists (at most
//                  30 s), respond "released": a test orders its steps by
//                  these files instead of by sleeps
// Any other event is echoed back as application/json.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "local/raw_http.hpp"

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

void Post(const std::string& path, const std::string& body, const std::string& headers) {
  if (!http.Request("POST", std::string(kBase) + path, body, headers)) Connect();
}

void Respond(const std::string& id, const std::string& json) {
  Post("invocation/" + id + "/response", json, "Content-Type: application/json\r\n");
}

std::string Quote(const std::string& text) { return "\"" + text + "\""; }

void Handle(const std::string& id, const std::string& event) {
  // Commands are JSON strings without escapes.
  std::string command = event.size() >= 2 && event.front() == '"' && event.back() == '"'
                            ? event.substr(1, event.size() - 2)
                            : std::string();
  auto colon = command.find(':');
  std::string verb = command.substr(0, colon);
  std::string argument = colon == std::string::npos ? "" : command.substr(colon + 1);
  if (verb == "sleep") {
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atoi(argument.c_str())));
    return Respond(id, Quote("slept"));
  }
  if (verb == "hold") {
    if (std::FILE* started = std::fopen((argument + ".started").c_str(), "w")) std::fclose(started);
    for (int waited_ms = 0; waited_ms < 30000 && ::access(argument.c_str(), F_OK) != 0;
         waited_ms += 5) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Respond(id, Quote("released"));
  }
  if (verb == "segv") ::raise(SIGSEGV);
  if (verb == "error") {
    return Post("invocation/" + id + "/error",
                R"({"errorMessage":"failed on purpose","errorType":"TestError","stackTrace":[]})",
                "Lambda-Runtime-Function-Error-Type: Function.TestError\r\n");
  }
  if (verb == "pid") return Respond(id, std::to_string(::getpid()));
  if (verb == "print") {
    std::printf("out: %s\n", argument.c_str());
    return Respond(id, Quote("printed"));
  }
  if (verb == "env") {
    const char* value = std::getenv(argument.c_str());
    return Respond(id, value != nullptr ? Quote(value) : "null");
  }
  Respond(id, event);
}

}  // namespace

int main() {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  const char* address = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (address == nullptr) {
    std::fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not set\n");
    return 2;
  }
  api = address;
  Connect();
  for (;;) {
    auto next = http.Request("GET", std::string(kBase) + "invocation/next");
    if (!next) {
      Connect();
      next = http.Request("GET", std::string(kBase) + "invocation/next");
      if (!next) return 3;
    }
    Handle(next->Header("lambda-runtime-aws-request-id"), next->body);
  }
}
