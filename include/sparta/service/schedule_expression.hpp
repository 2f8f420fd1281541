#pragma once
// EventBridge schedule expressions, checked at `build` so a typo fails on
// the developer's machine instead of in CloudFormation minutes later.

#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta {

/// Checks `expression` as EventBridge reads a rule's ScheduleExpression
/// (all times UTC):
///  * `rate(<value> <unit>)`: a positive whole number; the unit `minute`,
///    `hour` or `day` when the value is 1, else `minutes`, `hours`, `days`;
///  * `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)`:
///    six fields; minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12
///    or JAN-DEC, day-of-week 1-7 or SUN-SAT, year 1970-2199; lists (`,`),
///    ranges (`-`), `*` and increments (`/`) in every field; `?` in exactly
///    one of day-of-month and day-of-week (EventBridge cannot take both);
///    `L` and `W` (e.g. `15W`, `LW`) in day-of-month, `L` (e.g. `6L`) and
///    `#` (e.g. `2#1`) in day-of-week.
/// The error ("InvalidSchedule") quotes the expression and says which part
/// is wrong and what is allowed there.
Status CheckScheduleExpression(std::string_view expression);

}  // namespace sparta
