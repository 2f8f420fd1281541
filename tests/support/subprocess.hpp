#pragma once
// Runs a program for a test and collects what it did.

#include <chrono>
#include <string>
#include <vector>

namespace sparta::testing {

struct ProcessResult {
  int exit_code = -1;    // valid when !signaled
  int signal = 0;        // the terminating signal, or 0
  bool timed_out = false;
  std::string out;
  std::string err;
};

/// Runs `argv` (argv[0] is a path) with `input` on stdin, in `cwd` when not
/// empty, with `env` entries ("K=V") added to this process's environment.
/// Kills it after `timeout`.
ProcessResult RunProcess(const std::vector<std::string>& argv, const std::string& input = {},
                         const std::vector<std::string>& env = {}, const std::string& cwd = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace sparta::testing
