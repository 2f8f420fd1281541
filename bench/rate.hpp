#pragma once
// Timing shared by the benchmarks: how many times per second a step runs.

#include <algorithm>
#include <chrono>

namespace bench {

/// Runs `step` repeatedly for about 0.2 s; its rate (runs/s).
template <class Step>
double Rate(Step step) {
  using Clock = std::chrono::steady_clock;
  long n = 0;
  const auto start = Clock::now();
  std::chrono::duration<double> elapsed{};
  do {
    step();
    ++n;
    elapsed = Clock::now() - start;
  } while (elapsed.count() < 0.2);
  return static_cast<double>(n) / elapsed.count();
}

/// The best of five Rate(step): the run least disturbed by the machine.
template <class Step>
double BestRate(Step step) {
  double best = 0;
  for (int run = 0; run < 5; ++run) best = std::max(best, Rate(step));
  return best;
}

}  // namespace bench
