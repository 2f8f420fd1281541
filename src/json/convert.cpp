// The non-template half of convert.hpp: paths, checks and error messages.

#include "sparta/json/convert.hpp"

#include <cxxabi.h>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <vector>

#include "json/text_writer.hpp"

namespace sparta::jsonutil {

ConversionError::ConversionError(std::string path, std::string problem)
    : std::runtime_error(path + ": " + problem),
      path_(std::move(path)),
      problem_(std::move(problem)) {}

namespace detail {
namespace {

bool IsIdentifier(std::string_view key) {
  if (key.empty()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

std::string DemangledType(const char* mangled) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), std::free);
  return status == 0 && name != nullptr ? std::string(name.get()) : std::string(mangled);
}

// What a value is, for "got ...": scalars show themselves (short), strings,
// objects and arrays only their kind (they may be long, or secret).
std::string Describe(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return v.get_bool() ? "true" : "false";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: {
      std::string out;
      internal::AppendNumber(out, v);
      return out;
    }
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

[[noreturn]] void Throw(const PathNode* at, std::string problem) {
  throw ConversionError(FormatPath(at), std::move(problem));
}

template <class N>
std::string IntegerRange(N min, N max) {
  std::string out = "an integer in [";
  out += std::to_string(min);
  out += ',';
  out += std::to_string(max);
  out += ']';
  return out;
}

// The exact integer a JSON number holds, when it holds one in int64 or
// uint64 range; 3.0 counts (some producers write every number as a double).
struct Integer {
  bool ok = false;
  bool negative = false;
  std::uint64_t magnitude = 0;
};

Integer AsInteger(const json::value& v) {
  Integer out;
  if (v.is_int64()) {
    std::int64_t i = v.get_int64();
    out.ok = true;
    out.negative = i < 0;
    out.magnitude = out.negative ? static_cast<std::uint64_t>(-(i + 1)) + 1
                                 : static_cast<std::uint64_t>(i);
  } else if (v.is_uint64()) {
    out.ok = true;
    out.magnitude = v.get_uint64();
  } else if (v.is_double()) {
    double d = v.get_double();
    if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 18446744073709551616.0) {
      out.ok = true;
      out.negative = d < 0;
      out.magnitude = static_cast<std::uint64_t>(std::fabs(d));
    }
  }
  return out;
}

}  // namespace

std::string FormatPath(const PathNode* at) {
  std::vector<const PathNode*> chain;
  for (const PathNode* n = at; n != nullptr; n = n->parent) chain.push_back(n);
  std::string out = "$";
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const PathNode& n = **it;
    if (n.index != PathNode::kMember) {
      out += '[';
      out += std::to_string(n.index);
      out += ']';
    } else if (IsIdentifier(n.key)) {
      out += '.';
      out.append(n.key);
    } else {
      out += '[';
      internal::AppendString(out, n.key);
      out += ']';
    }
  }
  return out;
}

void ThrowExpected(const PathNode* at, std::string_view expected, const json::value& v) {
  std::string problem = "expected ";
  problem.append(expected);
  problem += ", got ";
  problem += Describe(v);
  if (v.is_null()) problem += " (std::optional members accept null)";
  Throw(at, std::move(problem));
}

namespace {

thread_local ConversionOptions current_options;

/// With scalars_from_strings: the number a string holds ("3", "-2.5"),
/// else `v` itself.
json::value Unstringified(const json::value& v) {
  if (!current_options.scalars_from_strings || !v.is_string()) return v;
  std::error_code ec;
  json::value parsed = json::parse(v.get_string(), ec);
  if (!ec && parsed.is_number()) return parsed;
  return v;
}

}  // namespace

OptionsScope::OptionsScope(ConversionOptions options) : saved_(current_options) {
  current_options = options;
}

OptionsScope::~OptionsScope() { current_options = saved_; }

bool ReadBool(const json::value& v, const PathNode* at) {
  if (current_options.scalars_from_strings && v.is_string()) {
    if (v.get_string() == "true") return true;
    if (v.get_string() == "false") return false;
  }
  if (!v.is_bool()) ThrowExpected(at, "true or false", v);
  return v.get_bool();
}

std::int64_t ReadSigned(const json::value& given, const PathNode* at, std::int64_t min,
                        std::int64_t max) {
  const json::value v = Unstringified(given);
  if (!v.is_number()) ThrowExpected(at, "a number", v);
  Integer i = AsInteger(v);
  if (i.ok) {
    if (i.negative && i.magnitude - 1 <= static_cast<std::uint64_t>(-(min + 1))) {
      return -static_cast<std::int64_t>(i.magnitude - 1) - 1;
    }
    if (!i.negative && i.magnitude <= static_cast<std::uint64_t>(max)) {
      return static_cast<std::int64_t>(i.magnitude);
    }
  }
  ThrowExpected(at, IntegerRange(min, max), v);
}

std::uint64_t ReadUnsigned(const json::value& given, const PathNode* at, std::uint64_t max) {
  const json::value v = Unstringified(given);
  if (!v.is_number()) ThrowExpected(at, "a number", v);
  Integer i = AsInteger(v);
  if (i.ok && !i.negative && i.magnitude <= max) return i.magnitude;
  ThrowExpected(at, IntegerRange(std::uint64_t{0}, max), v);
}

double ReadDouble(const json::value& given, const PathNode* at) {
  const json::value v = Unstringified(given);
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  ThrowExpected(at, "a number", v);
}

float ReadFloat(const json::value& v, const PathNode* at) {
  double d = ReadDouble(v, at);
  if (std::fabs(d) > static_cast<double>(std::numeric_limits<float>::max())) {
    ThrowExpected(at, "a number in float's range", v);
  }
  return static_cast<float>(d);
}

const json::string& ReadString(const json::value& v, const PathNode* at) {
  if (!v.is_string()) ThrowExpected(at, "a string", v);
  return v.get_string();
}

const json::object& ReadObject(const json::value& v, const PathNode* at) {
  if (!v.is_object()) ThrowExpected(at, "an object", v);
  return v.get_object();
}

const json::array& ReadArray(const json::value& v, const PathNode* at) {
  if (!v.is_array()) ThrowExpected(at, "an array", v);
  return v.get_array();
}

std::size_t ReadEnumerator(const json::value& v, const PathNode* at, const std::string_view* names,
                           std::size_t count) {
  if (v.is_string()) {
    std::string_view text = v.get_string();
    for (std::size_t i = 0; i < count; ++i) {
      if (names[i] == text) return i;
    }
  }
  std::string expected = "one of ";
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) expected += ", ";
    internal::AppendString(expected, names[i]);
  }
  if (count == 0) expected = "nothing (the enum describes no enumerators)";
  if (!v.is_string()) ThrowExpected(at, expected, v);
  // The text itself helps here (a misspelling, a new value AWS added);
  // long ones are cut.
  constexpr std::size_t kShown = 64;
  std::string_view text = v.get_string();
  std::string problem = "expected ";
  problem += expected;
  problem += ", got ";
  internal::AppendString(problem, text.substr(0, kShown));
  if (text.size() > kShown) problem.insert(problem.size() - 1, "...");
  Throw(at, std::move(problem));
}

void ThrowCustom(const PathNode* at, const char* mangled_type, const std::exception& e) {
  if (const auto* nested = dynamic_cast<const ConversionError*>(&e)) {
    // A FromJson inside the user's conversion: its path continues ours.
    std::string path = FormatPath(at);
    path.append(nested->path(), 1, std::string::npos);
    throw ConversionError(std::move(path), nested->problem());
  }
  std::string problem = "cannot convert to ";
  problem += DemangledType(mangled_type);
  problem += ": ";
  problem += internal::WithoutSourceLocation(e.what());
  Throw(at, std::move(problem));
}

void ThrowUnnamedEnumerator(const PathNode* at, const char* mangled_type, long long value) {
  std::string problem = "expected a value of ";
  problem += DemangledType(mangled_type);
  problem += " listed in BOOST_DESCRIBE_ENUM, got ";
  problem += std::to_string(value);
  Throw(at, std::move(problem));
}

double FloatToDouble(float f) {
  if (!std::isfinite(f)) return static_cast<double>(f);
  char text[32];
  auto written = std::to_chars(text, text + sizeof text, f);
  double d = 0;
  std::from_chars(text, written.ptr, d);
  return d;
}

}  // namespace detail
}  // namespace sparta::jsonutil
