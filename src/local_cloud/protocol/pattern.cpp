// Pattern: a model's Java regular expression, matched by code point with
// Boost.Regex over wchar_t (32-bit here), whose matcher is not recursive: a
// long value cannot exhaust the stack.
#include <boost/regex.hpp>
#include <locale>
#include <optional>
#include <string>
#include <utility>

#include "sparta/local_cloud/protocol/service_model.hpp"
#include "sparta/util/utf8.hpp"

namespace sparta::local_cloud::protocol {
namespace {

static_assert(sizeof(wchar_t) == 4, "patterns are matched by code point");

// `utf8` decoded to code points, or nullopt when it is not well-formed.
std::optional<std::wstring> DecodeUtf8(std::string_view utf8) {
  std::wstring out;
  out.reserve(utf8.size());
  while (!utf8.empty()) {
    char32_t code_point = 0;
    std::size_t length = util::Utf8SequenceLength(utf8, code_point);
    if (length == 0) return std::nullopt;
    out.push_back(static_cast<wchar_t>(code_point));
    utf8.remove_prefix(length);
  }
  return out;
}

bool IsHex(wchar_t c) {
  return (c >= L'0' && c <= L'9') || (c >= L'a' && c <= L'f') || (c >= L'A' && c <= L'F');
}

// The POSIX class for a Java property class (\p{L}, \p{Alpha}, ...), or "".
// Matched in the C.UTF-8 locale, so letters and digits are Unicode's.
std::wstring_view PosixClass(std::wstring_view name) {
  if (name.size() > 2 && (name.substr(0, 2) == L"Is" || name.substr(0, 2) == L"In")) {
    name.remove_prefix(2);
  }
  static constexpr std::pair<std::wstring_view, std::wstring_view> kClasses[] = {
      {L"L", L"alpha"},           {L"Alpha", L"alpha"},   {L"Alphabetic", L"alpha"},
      {L"Letter", L"alpha"},      {L"Lu", L"upper"},      {L"Upper", L"upper"},
      {L"Ll", L"lower"},          {L"Lower", L"lower"},   {L"N", L"digit"},
      {L"Nd", L"digit"},          {L"Digit", L"digit"},   {L"Alnum", L"alnum"},
      {L"Z", L"space"},           {L"Zs", L"space"},      {L"Space", L"space"},
      {L"White_Space", L"space"}, {L"P", L"punct"},       {L"Punct", L"punct"},
      {L"Print", L"print"},       {L"Graph", L"graph"},   {L"Cntrl", L"cntrl"},
      {L"Cc", L"cntrl"},          {L"XDigit", L"xdigit"}, {L"Blank", L"blank"},
  };
  for (const auto& [java_name, posix] : kClasses) {
    if (java_name == name) return posix;
  }
  return {};
}

// Java's syntax where Boost's differs: \uXXXX is \x{XXXX}; property classes
// (\p{L}, \p{Alpha}, ...) are POSIX classes, also inside brackets; in a
// character class, a '-' that cannot make a range ("[a-z-/]", "[-a]") is a
// literal.
std::wstring FromJava(const std::wstring& java) {
  enum class Last { kNone, kChar, kRangeEnd, kClass };
  std::wstring out;
  out.reserve(java.size() + 8);
  bool in_class = false;
  bool range_open = false;  // a '-' after a character: the next one ends a range
  Last last = Last::kNone;
  const auto noted = [&](Last kind) {
    if (in_class) {
      last = range_open && kind == Last::kChar ? Last::kRangeEnd : kind;
      range_open = false;
    }
  };
  for (std::size_t i = 0; i < java.size(); ++i) {
    wchar_t c = java[i];
    if (c == L'\\' && i + 1 < java.size()) {
      wchar_t next = java[i + 1];
      if (next == L'u' && i + 5 < java.size() && IsHex(java[i + 2]) && IsHex(java[i + 3]) &&
          IsHex(java[i + 4]) && IsHex(java[i + 5])) {
        out += L"\\x{";
        out.append(java, i + 2, 4);
        out += L"}";
        i += 5;
        noted(Last::kChar);
        continue;
      }
      if ((next == L'p' || next == L'P') && i + 2 < java.size() && java[i + 2] == L'{') {
        std::size_t close = java.find(L'}', i + 3);
        std::wstring_view posix = close == std::wstring::npos
                                      ? std::wstring_view()
                                      : PosixClass(java.substr(i + 3, close - i - 3));
        if (!posix.empty() && (next == L'p' || !in_class)) {
          if (in_class) {
            out += L"[:";
            out += posix;
            out += L":]";
          } else {
            out += next == L'p' ? L"[[:" : L"[^[:";
            out += posix;
            out += L":]]";
          }
          i = close;
          noted(Last::kClass);
          continue;
        }
      }
      // Java's \w, \d and \s are ASCII's, whatever the locale.
      std::wstring_view ascii = next == L'w' || next == L'W'   ? L"a-zA-Z_0-9"
                                : next == L'd' || next == L'D' ? L"0-9"
                                : next == L's' || next == L'S' ? L" \\t\\n\\x{0B}\\f\\r"
                                                               : L"";
      bool negated = next == L'W' || next == L'D' || next == L'S';
      if (!ascii.empty() && !(negated && in_class)) {
        if (!in_class) out += negated ? L"[^" : L"[";
        out += ascii;
        if (!in_class) out += L']';
        ++i;
        noted(Last::kClass);
        continue;
      }
      out += c;
      out += next;
      ++i;
      bool is_class = std::wstring_view(L"dDsSwWhHvV").find(next) != std::wstring_view::npos;
      noted(is_class ? Last::kClass : Last::kChar);
      continue;
    }
    if (!in_class) {
      if (c == L'[') {
        in_class = true;
        last = Last::kNone;
        range_open = false;
        out += c;
        if (i + 1 < java.size() && java[i + 1] == L'^') out += java[++i];
        continue;
      }
      out += c;
      continue;
    }
    if (c == L']' && last != Last::kNone) {
      in_class = false;
      range_open = false;
      out += c;
      continue;
    }
    if (c == L'-') {
      bool next_ends_range = i + 1 < java.size() && java[i + 1] != L']';
      if (last == Last::kChar && next_ends_range && !range_open) {
        range_open = true;
        out += c;
      } else {
        out += L"\\-";
        noted(Last::kChar);
      }
      continue;
    }
    if (c == L'[') {
      out += L"\\[";  // Java's nested classes are rare in models; literal here
      noted(Last::kChar);
      continue;
    }
    out += c;
    noted(Last::kChar);
  }
  return out;
}

}  // namespace

struct Pattern::Impl {
  boost::wregex regex;
};

Pattern::Pattern(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Pattern::~Pattern() = default;

Result<std::shared_ptr<const Pattern>> Pattern::Compile(std::string_view java_pattern) {
  auto wide = DecodeUtf8(java_pattern);
  if (!wide) return Error{"InvalidModel", "a pattern is not well-formed UTF-8"};
  auto impl = std::make_unique<Impl>();
  try {
    // Unicode's letters and digits for the POSIX classes; the plain C
    // locale knows only ASCII's.
    static const std::locale kUtf8 = [] {
      try {
        return std::locale("C.UTF-8");
      } catch (const std::exception&) {
        return std::locale::classic();
      }
    }();
    impl->regex.imbue(kUtf8);
    impl->regex.assign(FromJava(*wide), boost::regex_constants::perl);
  } catch (const std::exception& e) {
    std::string message = "pattern ";
    message += java_pattern;
    message += " does not compile: ";
    message += e.what();
    return Error{"InvalidModel", std::move(message)};
  }
  return std::shared_ptr<const Pattern>(new Pattern(std::move(impl)));
}

bool Pattern::Matches(std::string_view utf8) const {
  auto wide = DecodeUtf8(utf8);
  if (!wide) return false;
  try {
    return boost::regex_match(*wide, impl_->regex);
  } catch (const std::exception&) {
    return false;  // too complex to decide: Boost's bounded matcher gave up
  }
}

}  // namespace sparta::local_cloud::protocol
