#include "json/text_writer.hpp"

#include <array>
#include <boost/json/detail/ryu/ryu.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace sparta::jsonutil::internal {
namespace {

constexpr size_t kWellFormed = std::string_view::npos;

enum class Utf8 { kCopy, kReplace, kCheck };

// The length of the well-formed UTF-8 sequence starting at s[i] (RFC 3629:
// no overlong forms, no surrogates, nothing above U+10FFFF), or 0.
size_t SequenceLength(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  auto continuation = [&](size_t k) { return k < s.size() && (byte(k) & 0xC0) == 0x80; };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return continuation(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!continuation(i + 1) || !continuation(i + 2)) return 0;
    if ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) > 0x9F)) return 0;
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return 0;
    if ((c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) > 0x8F)) return 0;
    return 4;
  }
  return 0;
}

// Bytes that end a run of plain ASCII: those to escape, and the first
// bytes of multi-byte sequences (1 in the table).
constexpr auto kSpecial = [] {
  std::array<bool, 256> table{};
  for (int c = 0; c < 256; ++c) table[c] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
  return table;
}();

// Appends `s` quoted and escaped. Returns kWellFormed, or under kCheck the
// offset of the first byte that is not well-formed UTF-8 (nothing is then
// appended past the opening quote's run).
size_t AppendQuoted(std::string& out, std::string_view s, Utf8 utf8) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t run = 0;  // start of the bytes not yet copied
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (!kSpecial[c] || (c >= 0x80 && utf8 == Utf8::kCopy)) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      size_t n = SequenceLength(s, i);
      if (n > 0) {
        i += n;
        continue;
      }
      if (utf8 == Utf8::kCheck) return i;
      out.append(s.data() + run, i - run);
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      run = ++i;
      continue;
    }
    out.append(s.data() + run, i - run);
    out += '\\';
    switch (c) {
      case '"':
        out += '"';
        break;
      case '\\':
        out += '\\';
        break;
      case '\b':
        out += 'b';
        break;
      case '\f':
        out += 'f';
        break;
      case '\n':
        out += 'n';
        break;
      case '\r':
        out += 'r';
        break;
      case '\t':
        out += 't';
        break;
      default:
        out += "u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
    run = ++i;
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
  return kWellFormed;
}

Utf8 ModeOf(const TextPolicy& policy) {
  if (policy.strict) return Utf8::kCheck;
  return policy.replace_invalid_utf8 ? Utf8::kReplace : Utf8::kCopy;
}

// Writes finite `d` shortest round-trip into `out` (room for 32); returns
// the length. Boost.JSON's Ryu (already linked: its serializer uses it) finds
// the shortest digits, as "7.5E0"; they are laid out as std::to_chars lays
// them out: fixed or scientific, whichever is shorter, fixed on a tie (but
// a long integer is padded with zeros, not printed exactly: 1e+20 vs
// 100000000000000000000 is no tie). std::to_chars itself would link
// libstdc++'s own Ryu, ~125 KB of tables and code, into every bootstrap.
size_t FormatDouble(double d, char* out) {
  char sci[32];
  int n = boost::json::detail::ryu::d2s_buffered_n(d, sci);
  const char* p = sci;
  const char* end = sci + n;
  bool negative = *p == '-';
  if (negative) ++p;
  char digits[20];
  int count = 0;
  for (; p < end && *p != 'E'; ++p) {
    if (*p != '.') digits[count++] = *p;
  }
  ++p;  // 'E'
  bool negative_exponent = p < end && *p == '-';
  if (negative_exponent) ++p;
  int exponent = 0;
  for (; p < end; ++p) exponent = exponent * 10 + (*p - '0');
  if (negative_exponent) exponent = -exponent;

  int point = exponent + 1;  // digits before the decimal point, in fixed form
  int fixed_length = point <= 0 ? 2 - point + count : (point >= count ? point : count + 1);
  int exponent_digits = std::abs(exponent) >= 100 ? 3 : 2;
  int scientific_length = count + (count > 1 ? 1 : 0) + 2 + exponent_digits;
  char* o = out;
  if (negative) *o++ = '-';
  if (fixed_length <= scientific_length) {
    if (point <= 0) {
      *o++ = '0';
      *o++ = '.';
      for (int i = 0; i < -point; ++i) *o++ = '0';
      for (int i = 0; i < count; ++i) *o++ = digits[i];
    } else {
      for (int i = 0; i < count; ++i) {
        if (i == point) *o++ = '.';
        *o++ = digits[i];
      }
      for (int i = count; i < point; ++i) *o++ = '0';
    }
  } else {
    *o++ = digits[0];
    if (count > 1) {
      *o++ = '.';
      for (int i = 1; i < count; ++i) *o++ = digits[i];
    }
    *o++ = 'e';
    *o++ = exponent < 0 ? '-' : '+';
    int magnitude = std::abs(exponent);
    if (exponent_digits == 3) *o++ = static_cast<char>('0' + magnitude / 100);
    *o++ = static_cast<char>('0' + magnitude / 10 % 10);
    *o++ = static_cast<char>('0' + magnitude % 10);
  }
  return static_cast<size_t>(o - out);
}

// Writing fails only in strict mode; the recursion returns false and leaves
// the reason in *error (a Status per value would cost two strings each).
void NotWritable(const detail::PathNode* at, std::string problem, Error* error) {
  std::string message = detail::FormatPath(at);
  message += ": ";
  message += problem;
  *error = MakeError("UnwritableValue", std::move(message));
}

bool AppendStringChecked(std::string& out, std::string_view s, Utf8 utf8,
                         const detail::PathNode* at, std::string_view what, Error* error) {
  size_t bad = AppendQuoted(out, s, utf8);
  if (bad == kWellFormed) return true;
  static constexpr char kHex[] = "0123456789abcdef";
  auto c = static_cast<unsigned char>(s[bad]);
  std::string problem(what);
  problem += " is not valid UTF-8 (byte 0x";
  problem += kHex[c >> 4];
  problem += kHex[c & 15];
  problem += " at offset ";
  problem += std::to_string(bad);
  problem += "); JSON text is Unicode: base64-encode binary data";
  NotWritable(at, std::move(problem), error);
  return false;
}

bool Append(std::string& out, const json::value& v, const TextPolicy& policy, Utf8 utf8,
            const detail::PathNode* at, Error* error) {
  switch (v.kind()) {
    case json::kind::null:
      out += "null";
      return true;
    case json::kind::bool_:
      out += v.get_bool() ? "true" : "false";
      return true;
    case json::kind::double_:
      if (policy.strict && !std::isfinite(v.get_double())) {
        double d = v.get_double();
        std::string problem = "expected a finite number, got ";
        problem += std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity");
        problem += " (JSON has no NaN or Infinity)";
        NotWritable(at, std::move(problem), error);
        return false;
      }
      [[fallthrough]];
    case json::kind::int64:
    case json::kind::uint64:
      AppendNumber(out, v);
      return true;
    case json::kind::string:
      return AppendStringChecked(out, v.get_string(), utf8, at, "the string", error);
    case json::kind::array: {
      const json::array& array = v.get_array();
      out += '[';
      for (size_t i = 0; i < array.size(); ++i) {
        if (i > 0) out += ',';
        detail::PathNode node{at, {}, i};
        if (!Append(out, array[i], policy, utf8, &node, error)) return false;
      }
      out += ']';
      return true;
    }
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const json::key_value_pair& kv : v.get_object()) {
        if (!first) out += ',';
        first = false;
        if (!AppendStringChecked(out, kv.key(), utf8, at, "a key", error)) return false;
        out += ':';
        detail::PathNode node{at, kv.key()};
        if (!Append(out, kv.value(), policy, utf8, &node, error)) return false;
      }
      out += '}';
      return true;
    }
  }
  return true;
}

}  // namespace

void AppendString(std::string& out, std::string_view s) { AppendQuoted(out, s, Utf8::kCopy); }

void AppendNumber(std::string& out, const json::value& v) {
  char text[32];  // the longest shortest double, -2.2250738585072014e-308, has 24
  std::to_chars_result written{text, {}};
  if (v.is_int64()) {
    written = std::to_chars(text, text + sizeof text, v.get_int64());
  } else if (v.is_uint64()) {
    written = std::to_chars(text, text + sizeof text, v.get_uint64());
  } else if (std::isfinite(v.get_double())) {
    written.ptr = text + FormatDouble(v.get_double(), text);
  } else {
    out += "null";
    return;
  }
  out.append(text, written.ptr);
}

Status AppendCompact(std::string& out, const json::value& v, const TextPolicy& policy,
                     const detail::PathNode* at) {
  Error error;
  if (!Append(out, v, policy, ModeOf(policy), at, &error)) return error;
  return {};
}

std::string WithoutSourceLocation(std::string_view what) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  auto is_name = [&](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '.' ||
           c == '_' || c == '-';
  };
  // " [<category>:<value>]" or " [<category>:<value> at <file>:<line>...]";
  // the first one that matches (function names in it may hold " [with ...]").
  for (size_t at = what.find(" ["); at != std::string_view::npos; at = what.find(" [", at + 1)) {
    size_t i = at + 2;
    size_t name = i;
    while (i < what.size() && is_name(what[i])) ++i;
    if (i == name || i == what.size() || what[i] != ':') continue;
    ++i;
    if (i < what.size() && what[i] == '-') ++i;
    size_t digits = i;
    while (i < what.size() && is_digit(what[i])) ++i;
    if (i == digits || !what.ends_with(']')) continue;
    std::string_view rest = what.substr(i);
    if (rest == "]" || rest.starts_with(" at ")) return std::string(what.substr(0, at));
  }
  return std::string(what);
}

}  // namespace sparta::jsonutil::internal
