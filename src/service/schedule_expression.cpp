#include "sparta/service/schedule_expression.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "sparta/util/ascii.hpp"

namespace sparta {

namespace {

struct CronField {
  std::string_view name;
  int min;
  int max;
  /// Names read as numbers, index 0 being `min` (JAN = 1, SUN = 1).
  std::array<std::string_view, 12> names{};
};

constexpr CronField kMinutes{"minutes", 0, 59};
constexpr CronField kHours{"hours", 0, 23};
constexpr CronField kDayOfMonth{"day-of-month", 1, 31};
constexpr CronField kMonth{"month",
                           1,
                           12,
                           {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
                            "NOV", "DEC"}};
constexpr CronField kDayOfWeek{"day-of-week",
                               1,
                               7,
                               {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}};
constexpr CronField kYear{"year", 1970, 2199};

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t at = text.find(separator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + 1);
  }
}

std::optional<int> Number(std::string_view text) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc{} || ptr != end) return std::nullopt;
  return value;
}

/// A value of `field`: a number in range, or one of its names.
std::optional<int> FieldValue(const CronField& field, std::string_view text) {
  if (auto n = Number(text)) {
    if (*n < field.min || *n > field.max) return std::nullopt;
    return n;
  }
  for (std::size_t i = 0; i < field.names.size(); ++i) {
    if (!field.names[i].empty() && util::EqualsIgnoreCase(text, field.names[i])) {
      return field.min + static_cast<int>(i);
    }
  }
  return std::nullopt;
}

class CronChecker {
 public:
  explicit CronChecker(std::string_view expression) : expression_(expression) {}

  Status Check(std::string_view body) {
    std::vector<std::string_view> fields;
    for (std::string_view part : Split(body, ' ')) {
      if (!part.empty()) fields.push_back(part);
    }
    if (fields.size() != 6) {
      return Fail("has " + std::to_string(fields.size()) +
                  " fields; EventBridge's cron takes six: minutes hours day-of-month month "
                  "day-of-week year, e.g. cron(0 12 * * ? *)");
    }
    const bool dom_any = fields[2] == "?";
    const bool dow_any = fields[4] == "?";
    if (dom_any == dow_any) {
      return Fail(std::string(dom_any ? "has '?' in both" : "has '?' in neither") +
                  " day-of-month and day-of-week; put '?' in exactly one of them (EventBridge "
                  "cannot take both), e.g. cron(0 12 * * ? *) or cron(0 12 ? * MON *)");
    }
    const std::array<const CronField*, 6> kinds = {&kMinutes,   &kHours,     &kDayOfMonth,
                                                   &kMonth,     &kDayOfWeek, &kYear};
    for (std::size_t i = 0; i < 6; ++i) {
      if (i == 2 && dom_any) continue;
      if (i == 4 && dow_any) continue;
      if (auto s = CheckField(*kinds[i], fields[i]); !s) return s;
    }
    return {};
  }

 private:
  Status CheckField(const CronField& field, std::string_view text) {
    for (std::string_view item : Split(text, ',')) {
      if (!ItemIsValid(field, item)) {
        std::string allowed = std::to_string(field.min) + "-" + std::to_string(field.max);
        if (!field.names[0].empty()) {
          allowed += " or " + std::string(field.names[0]) + "-" +
                     std::string(field.names[field.max - field.min]);
        }
        std::string special;
        if (&field == &kDayOfMonth) special = ", L, LW and <day>W (nearest weekday)";
        if (&field == &kDayOfWeek) special = ", <day>L (the last) and <day>#<n> (the n-th)";
        return Fail("field " + std::string(field.name) + " has \"" + std::string(item) +
                    "\"; it takes values " + allowed +
                    ", lists (a,b), ranges (a-b), '*' and increments (a/n, */n)" + special);
      }
    }
    return {};
  }

  static bool ItemIsValid(const CronField& field, std::string_view item) {
    if (item.empty()) return false;
    if (item == "*") return true;
    if (&field == &kDayOfMonth) {
      if (item == "L" || item == "LW") return true;
      if (item.size() > 1 && item.back() == 'W') return FieldValue(field, item.substr(0, item.size() - 1)).has_value();
    }
    if (&field == &kDayOfWeek) {
      if (item == "L") return true;
      if (item.size() > 1 && item.back() == 'L') return FieldValue(field, item.substr(0, item.size() - 1)).has_value();
      if (const std::size_t hash = item.find('#'); hash != std::string_view::npos) {
        auto nth = Number(item.substr(hash + 1));
        return FieldValue(field, item.substr(0, hash)).has_value() && nth && *nth >= 1 &&
               *nth <= 5;
      }
    }
    std::string_view start = item;
    if (const std::size_t slash = item.find('/'); slash != std::string_view::npos) {
      auto step = Number(item.substr(slash + 1));
      if (!step || *step < 1) return false;
      start = item.substr(0, slash);
      if (start == "*") return true;
    }
    if (const std::size_t dash = start.find('-'); dash != std::string_view::npos) {
      auto low = FieldValue(field, start.substr(0, dash));
      auto high = FieldValue(field, start.substr(dash + 1));
      // A range may wrap (FRI-MON), as EventBridge's documentation shows.
      return low && high;
    }
    return FieldValue(field, start).has_value();
  }

  Status Fail(const std::string& why) const {
    return MakeError("InvalidSchedule",
                     "schedule \"" + std::string(expression_) + "\" " + why);
  }

  std::string_view expression_;
};

Status CheckRate(std::string_view expression, std::string_view body) {
  auto fail = [&](const std::string& why) {
    return MakeError("InvalidSchedule", "schedule \"" + std::string(expression) + "\" " + why +
                                            "; write e.g. rate(1 hour) or rate(5 minutes)");
  };
  const std::vector<std::string_view> parts = Split(body, ' ');
  if (parts.size() != 2) return fail("is not rate(<value> <unit>)");
  const auto value = Number(parts[0]);
  if (!value || *value < 1) {
    return fail("has the value \"" + std::string(parts[0]) + "\"; use a whole number above 0");
  }
  const std::string_view unit = parts[1];
  for (std::string_view singular : {"minute", "hour", "day"}) {
    const std::string plural = std::string(singular) + "s";
    if (unit == singular || unit == plural) {
      if ((*value == 1) != (unit == singular)) {
        return fail("has the unit \"" + std::string(unit) + "\" for " + std::to_string(*value) +
                    "; EventBridge wants \"" +
                    (*value == 1 ? std::string(singular) : plural) + "\"");
      }
      return {};
    }
  }
  return fail("has the unit \"" + std::string(unit) +
              "\"; use minute(s), hour(s) or day(s)");
}

}  // namespace

Status CheckScheduleExpression(std::string_view expression) {
  auto body_of = [&](std::string_view prefix) -> std::optional<std::string_view> {
    if (!expression.starts_with(prefix) || !expression.ends_with(')')) return std::nullopt;
    return expression.substr(prefix.size(), expression.size() - prefix.size() - 1);
  };
  if (auto body = body_of("rate(")) return CheckRate(expression, *body);
  if (auto body = body_of("cron(")) return CronChecker(expression).Check(*body);
  return MakeError("InvalidSchedule",
                   "schedule \"" + std::string(expression) +
                       "\" is neither rate(...) nor cron(...); write e.g. rate(5 minutes) or "
                       "cron(0 12 * * ? *) (UTC)");
}

}  // namespace sparta
