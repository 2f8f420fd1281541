#pragma once
// UTF-8 decoding, strict: overlong forms, surrogates and code points past
// U+10FFFF are malformed.

#include <cstddef>
#include <string_view>

namespace sparta::util {

/// The length (1..4) of the well-formed UTF-8 sequence at the start of
/// `text`, setting `code_point`; 0 when `text` is empty or does not start
/// with one.
std::size_t Utf8SequenceLength(std::string_view text, char32_t& code_point);

}  // namespace sparta::util
