#include "sparta/json/json.hpp"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "json/text_writer.hpp"

namespace sparta::jsonutil {
namespace {

TEST(Json, ParsesValidDocument) {
  auto v = Parse(R"({"a": [1, 2, {"b": null}]})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->at("a").as_array().size(), 3u);
}

TEST(Json, MalformedInputSaysWhereAndWhat) {
  auto v = Parse("{\n  \"a\": 1,\n  \"b\": }", "event file e.json");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, "InvalidJson");
  EXPECT_NE(v.error().message.find("event file e.json"), std::string::npos);
  EXPECT_NE(v.error().message.find("line 3"), std::string::npos) << v.error().message;
}

TEST(Json, EmptyInputIsAnError) {
  auto v = Parse("", "event");
  ASSERT_FALSE(v.ok());
  EXPECT_NE(v.error().message.find("empty"), std::string::npos);
}

TEST(Json, TrailingGarbageIsAnError) { EXPECT_FALSE(Parse("{} x").ok()); }

std::string Nested(std::size_t depth) {
  std::string text;
  for (std::size_t i = 0; i < depth; ++i) text += i % 2 == 0 ? "[" : "{\"k\":";
  text += "1";
  for (std::size_t i = depth; i > 0; --i) text += (i - 1) % 2 == 0 ? "]" : "}";
  return text;
}

// AWS's documents may nest far deeper than Boost.JSON's default of 32.
TEST(Json, DeepDocumentsAreReadAndWrittenBack) {
  for (std::size_t depth : {33u, 512u, static_cast<unsigned>(kMaxDepth)}) {
    const std::string text = Nested(depth);
    auto v = Parse(text);
    ASSERT_TRUE(v.ok()) << depth << ": " << v.error().message;
    EXPECT_EQ(Compact(*v), text);
    EXPECT_FALSE(Pretty(*v).empty());
  }
}

// Deeper than Sparta reads: a clear error, however large, never a crash.
TEST(Json, TooDeepDocumentsAreRefusedByName) {
  auto deeper = Parse(Nested(kMaxDepth + 1), "the event");
  ASSERT_FALSE(deeper.ok());
  EXPECT_EQ(deeper.error().code, "InvalidJson");
  EXPECT_NE(deeper.error().message.find(
                "the event nests arrays and objects deeper than 1000 levels (at line 1, "
                "column 3001), deeper than Sparta reads"),
            std::string::npos)
      << deeper.error().message;
  auto brackets = Parse(std::string(6 * 1000 * 1000, '['), "the event");
  ASSERT_FALSE(brackets.ok());
  EXPECT_NE(brackets.error().message.find("deeper than 1000 levels"), std::string::npos);
}

TEST(Json, PrettyIsDeterministicAndSortsWhenAsked) {
  json::value v = {{"b", 1}, {"a", json::array{true, nullptr}}, {"c", json::object{}}};
  EXPECT_EQ(Pretty(v), "{\n  \"b\": 1,\n  \"a\": [\n    true,\n    null\n  ],\n  \"c\": {}\n}\n");
  EXPECT_EQ(Pretty(v, {.indent = 1, .sort_keys = true}),
            "{\n \"a\": [\n  true,\n  null\n ],\n \"b\": 1,\n \"c\": {}\n}\n");
}

TEST(Json, PrettyEscapesStrings) {
  json::value v = {{"k\"", "line\nbreak"}};
  EXPECT_EQ(Pretty(v), "{\n  \"k\\\"\": \"line\\nbreak\"\n}\n");
}

TEST(Json, DoublesAreWrittenShortestRoundTrip) {
  auto compact = [](double d) { return Compact(json::value(d)); };
  EXPECT_EQ(compact(7.5), "7.5");  // Boost.JSON: 7.5E0
  EXPECT_EQ(compact(0.1), "0.1");
  EXPECT_EQ(compact(1e21), "1e+21");
  EXPECT_EQ(compact(-0.0), "-0");
  EXPECT_EQ(compact(100.0), "100");
  EXPECT_EQ(compact(1e-7), "1e-07");
  EXPECT_EQ(compact(5e-324), "5e-324");
  EXPECT_EQ(compact(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(compact(0.30000000000000004), "0.30000000000000004");
  EXPECT_EQ(compact(0.001), "0.001");  // as long as 1e-03: fixed wins the tie
  EXPECT_EQ(compact(1e-5), "1e-05");
  EXPECT_EQ(compact(-1.5e300), "-1.5e+300");
  EXPECT_EQ(compact(123456.789), "123456.789");
  EXPECT_EQ(compact(1e20), "1e+20");
  EXPECT_EQ(compact(1.2345678901234568e20), "123456789012345680000");
  EXPECT_EQ(compact(0.0), "0");
  EXPECT_EQ(Compact(json::value(std::numeric_limits<std::int64_t>::min())),
            "-9223372036854775808");
  EXPECT_EQ(Compact(json::value(std::numeric_limits<std::uint64_t>::max())),
            "18446744073709551615");
  EXPECT_EQ(Pretty(json::value{{"a", 7.5}}), "{\n  \"a\": 7.5\n}\n");
}

TEST(Json, WrittenDoublesReadBackBitForBit) {
  std::uint64_t state = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 20000; ++i) {
    state = state * 6364136223846793005u + 1442695040888963407u;
    double d;
    std::memcpy(&d, &state, sizeof d);
    if (!std::isfinite(d)) continue;
    std::string text = Compact(json::value(d));
    // Laid out as std::to_chars does, except that a long integer is padded
    // with zeros where to_chars prints its exact digits (same length).
    char expected[64];
    std::string_view shortest(expected,
                              std::to_chars(expected, expected + sizeof expected, d).ptr - expected);
    if (text != shortest) {
      ASSERT_EQ(text.size(), shortest.size()) << text << " vs " << shortest;
      ASSERT_EQ(shortest.find_first_of(".e"), std::string_view::npos) << text << " vs " << shortest;
    }
    // Read back with a correctly rounding reader: Boost.JSON 1.81's parser
    // may be one unit in the last place off for some inputs.
    double got = 0;
    auto read = std::from_chars(text.data(), text.data() + text.size(), got);
    ASSERT_EQ(read.ptr, text.data() + text.size()) << text;
    ASSERT_EQ(std::memcmp(&got, &d, sizeof d), 0) << text;
  }
}

TEST(Json, CompactIsBoostsOwnTextWhenThereAreNoDoubles) {
  std::string every_byte;
  for (int c = 1; c < 128; ++c) every_byte += static_cast<char>(c);
  json::value v = {{"s", every_byte},
                   {"k\"\\\x01", json::array{nullptr, true, false, -1, std::uint64_t{1} << 63}},
                   {"u", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
                   {"o", json::object{}},
                   {"a", json::array{}}};
  EXPECT_EQ(Compact(v), json::serialize(v));
  EXPECT_EQ(*CompactStrict(v), json::serialize(v));
}

TEST(Json, NonFiniteNumbersAreNullOrRefused) {
  json::value v = {{"a", json::array{1, std::nan("")}}};
  EXPECT_EQ(Compact(v), R"({"a":[1,null]})");
  auto strict = CompactStrict(v);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().code, "UnwritableValue");
  EXPECT_EQ(strict.error().message,
            "$.a[1]: expected a finite number, got NaN (JSON has no NaN or Infinity)");
  auto inf = CompactStrict(json::value(-std::numeric_limits<double>::infinity()));
  ASSERT_FALSE(inf.ok());
  EXPECT_EQ(inf.error().message,
            "$: expected a finite number, got -Infinity (JSON has no NaN or Infinity)");
}

TEST(Json, MalformedUtf8IsKeptReplacedOrRefused) {
  json::value v = {{"data", "ok\xff\xc3("}};
  EXPECT_EQ(Compact(v), "{\"data\":\"ok\xff\xc3(\"}");
  EXPECT_EQ(Compact(v, {.replace_invalid_utf8 = true}),
            "{\"data\":\"ok\xef\xbf\xbd\xef\xbf\xbd(\"}");
  auto strict = CompactStrict(v);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.error().message,
            "$.data: the string is not valid UTF-8 (byte 0xff at offset 2); JSON text is "
            "Unicode: base64-encode binary data");
  // Overlong forms and UTF-16 surrogates are not UTF-8 either.
  EXPECT_FALSE(CompactStrict(json::value("\xc0\xaf")).ok());
  EXPECT_FALSE(CompactStrict(json::value("\xed\xa0\x80")).ok());
  EXPECT_FALSE(CompactStrict(json::value("\xf4\x90\x80\x80")).ok());
  EXPECT_TRUE(CompactStrict(json::value("\xf4\x8f\xbf\xbf")).ok());
  auto key = CompactStrict(json::value{{"k\x80", 1}});
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().message.rfind("$: a key is not valid UTF-8 (byte 0x80 at offset 1)", 0),
            0u)
      << key.error().message;
}

TEST(Json, BoostSourceLocationsAreStripped) {
  using internal::WithoutSourceLocation;
  EXPECT_EQ(WithoutSourceLocation(
                "value is not a string [boost.json:30 at /usr/include/boost/json/x.hpp:250:5 in "
                "function 'boost::json::result<T> f(T) [with T = int]']"),
            "value is not a string");
  EXPECT_EQ(WithoutSourceLocation("no such file [system:2]"), "no such file");
  EXPECT_EQ(WithoutSourceLocation("a [b] c"), "a [b] c");
  EXPECT_EQ(WithoutSourceLocation("see [note:1] here"), "see [note:1] here");
}

}  // namespace
}  // namespace sparta::jsonutil
