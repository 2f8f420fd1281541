#include "sparta/json/json.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace sparta::jsonutil
