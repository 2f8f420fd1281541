// Utf8SequenceLength: well-formed sequences of each length, and every kind
// of malformed one.
#include "sparta/util/utf8.hpp"

#include <gtest/gtest.h>

namespace sparta::util {
namespace {

TEST(Utf8Test, WellFormedSequencesGiveTheirLengthAndCodePoint) {
  char32_t code_point = 0;
  EXPECT_EQ(Utf8SequenceLength("A", code_point), 1u);
  EXPECT_EQ(code_point, U'A');
  EXPECT_EQ(Utf8SequenceLength("\xC3\xA9z", code_point), 2u);
  EXPECT_EQ(code_point, U'\u00E9');
  EXPECT_EQ(Utf8SequenceLength("\xE4\xB8\xAD", code_point), 3u);
  EXPECT_EQ(code_point, U'\u4E2D');
  EXPECT_EQ(Utf8SequenceLength("\xF0\x9F\x98\x80", code_point), 4u);
  EXPECT_EQ(code_point, U'\U0001F600');
}

TEST(Utf8Test, MalformedSequencesAreZero) {
  char32_t code_point = 0;
  EXPECT_EQ(Utf8SequenceLength("", code_point), 0u);
  EXPECT_EQ(Utf8SequenceLength("\x80", code_point), 0u);              // continuation first
  EXPECT_EQ(Utf8SequenceLength("\xC3", code_point), 0u);              // truncated
  EXPECT_EQ(Utf8SequenceLength("\xC3\x41", code_point), 0u);          // bad continuation
  EXPECT_EQ(Utf8SequenceLength("\xC0\xAF", code_point), 0u);          // overlong '/'
  EXPECT_EQ(Utf8SequenceLength("\xED\xA0\x80", code_point), 0u);      // surrogate
  EXPECT_EQ(Utf8SequenceLength("\xF4\x90\x80\x80", code_point), 0u);  // past U+10FFFF
  EXPECT_EQ(Utf8SequenceLength("\xFF", code_point), 0u);
}

}  // namespace
}  // namespace sparta::util
