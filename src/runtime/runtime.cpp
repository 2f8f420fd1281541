// RunLambdaRuntime: the process-level entry point (environment, crash
// handlers), around RunLoop.

#include "sparta/runtime/runtime.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

#include "runtime/crash_handler.hpp"
#include "runtime/endpoint.hpp"
#include "runtime/loop.hpp"

namespace sparta::runtime {
namespace {

void WriteStderr(const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

}  // namespace

int RunLambdaRuntime(const std::vector<NamedHandler>& handlers) {
  const char* api = std::getenv("AWS_LAMBDA_RUNTIME_API");
  if (api == nullptr || *api == '\0') {
    WriteStderr(
        "sparta: AWS_LAMBDA_RUNTIME_API is not set, so there is no Lambda Runtime API to serve.\n"
        "This entry point runs inside AWS Lambda (or a local emulator that sets "
        "AWS_LAMBDA_RUNTIME_API=host:port); use the program's command line to invoke handlers "
        "locally.\n");
    return 2;
  }
  auto endpoint = internal::ParseEndpoint(api);
  if (!endpoint) {
    WriteStderr("sparta: " + endpoint.error().message + "\n");
    return 2;
  }
  internal::InstallCrashHandlers();
  internal::LoopOptions options;
  options.endpoint = std::move(endpoint).value();
  const char* handler = std::getenv("_HANDLER");
  options.handler_name = handler != nullptr ? handler : "";
  return internal::RunLoop(options, handlers);
}

}  // namespace sparta::runtime
