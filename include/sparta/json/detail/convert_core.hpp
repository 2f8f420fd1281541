#pragma once
// The compiled core behind convert.hpp's templates: where a value sits in
// its document, and the checks every conversion shares. Not public API.

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "sparta/json/json.hpp"

namespace sparta::jsonutil::detail {

/// One step from a document's root to the value being converted. Nodes live
/// on the converting functions' stacks and are formatted only when a
/// conversion fails, so tracking the path costs nothing on success.
struct PathNode {
  static constexpr std::size_t kMember = static_cast<std::size_t>(-1);
  const PathNode* parent = nullptr;  // nullptr: the root ("$")
  std::string_view key;              // the member's name when index == kMember
  std::size_t index = kMember;       // the element's position in an array
};

/// "$", "$.items[2].quantity", "$.headers[\"Content-Type\"]".
/// REQUIRES: every node on the chain is alive.
std::string FormatPath(const PathNode* at);

/// Throws ConversionError: "<path>: expected <expected>, got <what v is>".
[[noreturn]] void ThrowExpected(const PathNode* at, std::string_view expected,
                                const json::value& v);

// Each returns the value or throws ConversionError naming `at`.
bool ReadBool(const json::value& v, const PathNode* at);
std::int64_t ReadSigned(const json::value& v, const PathNode* at, std::int64_t min,
                        std::int64_t max);
std::uint64_t ReadUnsigned(const json::value& v, const PathNode* at, std::uint64_t max);
double ReadDouble(const json::value& v, const PathNode* at);
float ReadFloat(const json::value& v, const PathNode* at);
const json::string& ReadString(const json::value& v, const PathNode* at);
const json::object& ReadObject(const json::value& v, const PathNode* at);
const json::array& ReadArray(const json::value& v, const PathNode* at);
/// The position of v's text in `names` (a described enum's enumerators).
std::size_t ReadEnumerator(const json::value& v, const PathNode* at, const std::string_view* names,
                           std::size_t count);

/// Rethrows what a user (or Boost.JSON) conversion to the type named
/// `mangled_type` threw as a ConversionError at `at`, without Boost's source
/// locations; a ConversionError from a nested FromJson keeps its own path
/// below `at`.
[[noreturn]] void ThrowCustom(const PathNode* at, const char* mangled_type,
                              const std::exception& e);

/// Writing an enum value that BOOST_DESCRIBE_ENUM does not list.
[[noreturn]] void ThrowUnnamedEnumerator(const PathNode* at, const char* mangled_type,
                                         long long value);

/// The double nearest to `f`'s shortest decimal form, so 0.1f is written as
/// 0.1 and not as 0.10000000149011612.
double FloatToDouble(float f);

}  // namespace sparta::jsonutil::detail
