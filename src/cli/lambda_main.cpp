// sparta::Main for the Lambda bootstrap (<target>-bootstrap): the runtime and
// nothing else. Linking this instead of the command-line Main keeps the deploy
// and local-cloud code (and their libraries) out of the Lambda artifact.

#include <cstdio>
#include <vector>

#include "sparta/main.hpp"
#include "sparta/runtime/runtime.hpp"

namespace sparta {

int Main(int argc, char** argv, const Service& service) {
  (void)argc;
  (void)argv;
  std::vector<runtime::NamedHandler> handlers;
  for (const Function& f : AllFunctions(service)) handlers.push_back({f.name, f.handler});
  return runtime::RunLambdaRuntime(handlers);
}

}  // namespace sparta
