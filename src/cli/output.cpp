#include "output.hpp"

#include <fmt/core.h>
#include <unistd.h>

namespace sparta::cli {

void PrintError(std::string_view message) {
  const bool color = ::isatty(STDERR_FILENO) != 0;
  fmt::print(stderr, "{}error:{} {}\n", color ? "\033[1;31m" : "", color ? "\033[0m" : "", message);
}

void PrintError(const Error& error) { PrintError(error.message); }

void PrintStatus(std::string_view message) { fmt::print(stderr, "{}\n", message); }

}  // namespace sparta::cli
