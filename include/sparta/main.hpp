#pragma once
// The entry point of a Sparta service program.

#include "sparta/service/service.hpp"

namespace sparta {

/// Runs the program for `service`. In the command-line program (built by
/// sparta_add_service as <target>) this parses the verbs (`build`, `invoke`,
/// `execute`, `version`, ...); in the Lambda bootstrap (<target>-bootstrap)
/// it serves the Runtime API. Either way it enters the Lambda runtime when
/// AWS_LAMBDA_RUNTIME_API is set. Returns the process exit code.
///
/// **Example**:
///   int main(int argc, char** argv) {
///     return sparta::Main(argc, argv, {"HelloService", "Says hello", {{"Hello", &Hello}}});
///   }
int Main(int argc, char** argv, const Service& service);

}  // namespace sparta
