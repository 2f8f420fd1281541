// runtime_probe: a tiny Lambda program the process tests run as a child, in
// three builds (dynamic without --wrap; static with it; static and stripped).
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "sparta/runtime/runtime.hpp"

namespace probe {
__attribute__((noinline)) void ThrowFromProbe() { throw std::runtime_error("probe failure"); }
__attribute__((noinline)) void WriteThroughNull(volatile int* p) { *p = 1; }
}  // namespace probe

int main() {
  using sparta::runtime::Context;
  return sparta::runtime::RunLambdaRuntime({
      {"Echo", [](std::string_view payload, Context&) { return std::string(payload); }},
      {"Throw",
       [](std::string_view, Context&) -> std::string {
         probe::ThrowFromProbe();
         return {};
       }},
      {"Abort", [](std::string_view, Context&) -> std::string { std::abort(); }},
      {"Segv",
       [](std::string_view, Context&) -> std::string {
         probe::WriteThroughNull(nullptr);
         return {};
       }},
  });
}
