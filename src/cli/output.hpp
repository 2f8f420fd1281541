#pragma once
// How the command line talks to humans: the only place that prints.

#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::cli {

/// Process exit codes of the command-line program.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,  // the operation ran and failed (e.g. the function returned an error)
  kExitUsage = 2,   // bad input: flags, declarations, files; nothing was run
};

/// Prints "error: <message>" on stderr.
void PrintError(std::string_view message);
void PrintError(const Error& error);
/// Prints a progress/status line on stderr (stdout is kept for results).
void PrintStatus(std::string_view message);

}  // namespace sparta::cli
