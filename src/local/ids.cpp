#include "local/ids.hpp"

#include <cstdint>
#include <cstdio>
#include <ctime>
#include <random>
#include <string_view>

namespace sparta::local::detail {
namespace {

std::mt19937_64& Generator() {
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  return generator;
}

constexpr std::string_view kHex = "0123456789abcdef";

}  // namespace

std::string RandomHex(std::size_t n) {
  std::string out;
  out.reserve(n);
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 16 == 0) bits = Generator()();
    out.push_back(kHex[bits & 0xF]);
    bits >>= 4;
  }
  return out;
}

std::string NewRequestId() {
  std::string hex = RandomHex(32);
  hex[12] = '4';                          // version 4
  hex[16] = kHex[8 + (hex[16] % 4)];      // variant 10xx
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

std::string NewTraceHeader() {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                     std::chrono::system_clock::now().time_since_epoch())
                     .count();
  char epoch[16];
  std::snprintf(epoch, sizeof epoch, "%08llx", static_cast<unsigned long long>(seconds));
  return "Root=1-" + std::string(epoch) + "-" + RandomHex(24) + ";Parent=" + RandomHex(16) +
         ";Sampled=0";
}

std::string NewLogStreamName(std::string_view version,
                             std::chrono::system_clock::time_point now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%Y/%m/%d", &tm);
  return std::string(date) + "/[" + std::string(version) + "]" + RandomHex(32);
}

std::string Iso8601Millis(std::chrono::system_clock::time_point time) {
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
  std::time_t t = static_cast<std::time_t>(millis.count() / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[40];
  std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(millis.count() % 1000));
  return out;
}

}  // namespace sparta::local::detail
