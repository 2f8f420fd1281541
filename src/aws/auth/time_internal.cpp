#include "aws/auth/time_internal.hpp"

#include <cstdio>

namespace sparta::aws::internal {

namespace {

// Reads exactly `width` digits at `pos`, advancing it.
bool ReadDigits(std::string_view text, size_t& pos, int width, int& out) {
  if (pos + static_cast<size_t>(width) > text.size()) return false;
  int value = 0;
  for (int i = 0; i < width; ++i) {
    const char c = text[pos + static_cast<size_t>(i)];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  pos += static_cast<size_t>(width);
  out = value;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseIso8601(std::string_view text) {
  using namespace std::chrono;
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(text, pos, 4, year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, day)) {
    return std::nullopt;
  }
  if (pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')) {
    return std::nullopt;
  }
  ++pos;
  if (!ReadDigits(text, pos, 2, hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, second)) {
    return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;  // fractions are dropped: whole seconds suffice
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int off_hours = 0, off_minutes = 0;
    if (!ReadDigits(text, pos, 2, off_hours)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    if (!ReadDigits(text, pos, 2, off_minutes)) return std::nullopt;
    offset_minutes = sign * (off_hours * 60 + off_minutes);
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  const sys_seconds result = sys_days(date) + hours(hour) + minutes(minute) + seconds(second) -
                             minutes(offset_minutes);
  return time_point_cast<system_clock::duration>(result);
}

namespace {
// `format` takes year, month, day, hour, minute, second, in that order.
std::string FormatUtc(std::chrono::system_clock::time_point time, const char* format) {
  using namespace std::chrono;
  const auto secs = floor<seconds>(time);
  const auto days = floor<std::chrono::days>(secs);
  const year_month_day date{days};
  const hh_mm_ss clock{secs - days};
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), format, static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}
}  // namespace

std::string FormatIso8601(std::chrono::system_clock::time_point time) {
  return FormatUtc(time, "%04d-%02u-%02uT%02d:%02d:%02dZ");
}

std::string FormatCompactIso8601(std::chrono::system_clock::time_point time) {
  return FormatUtc(time, "%04d%02u%02uT%02d%02d%02dZ");
}

}  // namespace sparta::aws::internal
