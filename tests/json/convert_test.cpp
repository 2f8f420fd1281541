// convert.hpp: typed conversion, golden cases for each rule and each error.
#include "sparta/json/convert.hpp"

#include <gtest/gtest.h>

#include <array>
#include <boost/describe.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace convert_test {

enum class Color { Red, Green, Blue };
BOOST_DESCRIBE_ENUM(Color, Red, Green, Blue)

struct Item {
  std::string sku;
  int quantity = 1;
  std::optional<double> price;
};
BOOST_DESCRIBE_STRUCT(Item, (), (sku, quantity, price))

struct Order {
  std::string id = "none";
  std::vector<Item> items;
  std::map<std::string, std::string> tags;
  Color color = Color::Red;
  std::optional<std::string> note;
  std::optional<int> retries = 3;
  bool gift = false;
};
BOOST_DESCRIBE_STRUCT(Order, (), (id, items, tags, color, note, retries, gift))

struct Base {
  std::string kind;
};
BOOST_DESCRIBE_STRUCT(Base, (), (kind))
struct Derived : Base {
  int n = 0;
};
BOOST_DESCRIBE_STRUCT(Derived, (Base), (n))

struct Ints {
  std::int8_t i8 = 0;
  std::uint8_t u8 = 0;
  std::int32_t i32 = 0;
  std::uint32_t u32 = 0;
  std::int64_t i64 = 0;
  std::uint64_t u64 = 0;
};
BOOST_DESCRIBE_STRUCT(Ints, (), (i8, u8, i32, u32, i64, u64))

struct Floats {
  float f = 0;
  double d = 0;
};
BOOST_DESCRIBE_STRUCT(Floats, (), (f, d))

struct Raw {
  sparta::json::value any;
  sparta::json::object object;
  sparta::json::array array;
};
BOOST_DESCRIBE_STRUCT(Raw, (), (any, object, array))

// A type with its own conversions: "T<seconds>" text.
struct Stamp {
  long long seconds = 0;
};
Stamp tag_invoke(sparta::json::value_to_tag<Stamp>, const sparta::json::value& v) {
  // value_to<std::string> throws Boost's error (with a source location) for
  // a non-string: the message must come out without it.
  auto text = sparta::json::value_to<std::string>(v);
  if (text.empty() || text[0] != 'T') throw std::invalid_argument("a stamp starts with T");
  return Stamp{std::stoll(text.substr(1))};
}
void tag_invoke(sparta::json::value_from_tag, sparta::json::value& v, const Stamp& s) {
  v = "T" + std::to_string(s.seconds);
}

// A user conversion that itself uses FromJson.
struct Wrapped {
  Item item;
};
Wrapped tag_invoke(sparta::json::value_to_tag<Wrapped>, const sparta::json::value& v) {
  return Wrapped{sparta::jsonutil::FromJson<Item>(v.at("inner"))};
}
void tag_invoke(sparta::json::value_from_tag, sparta::json::value& v, const Wrapped& w) {
  v = {{"inner", sparta::jsonutil::ToJson(w.item)}};
}

struct Custom {
  Stamp stamp;
  std::optional<Wrapped> wrapped;
  std::array<int, 2> pair{};
};
BOOST_DESCRIBE_STRUCT(Custom, (), (stamp, wrapped, pair))

// Keys that are not C++ identifiers, named through the json_key hook.
struct Renamed {
  std::string detail_type;
  std::optional<std::string> replay_name;
  int plain = 0;
  static constexpr std::string_view json_key(std::string_view member) {
    if (member == "detail_type") return "detail-type";
    if (member == "replay_name") return "replay-name";
    return member;
  }
};
BOOST_DESCRIBE_STRUCT(Renamed, (), (detail_type, replay_name, plain))

// A base's keys stay the base's; the derived struct names only its own.
struct RenamedChild : Renamed {
  std::string request_id;
  static constexpr std::string_view json_key(std::string_view member) {
    return member == "request_id" ? "x-amz-request-id" : member;
  }
};
BOOST_DESCRIBE_STRUCT(RenamedChild, (Renamed), (request_id))

}  // namespace convert_test

namespace sparta::jsonutil {
namespace {

using namespace convert_test;

json::value J(std::string_view text) { return json::parse(text); }

// The message a conversion fails with, or "converted" when it does not fail.
template <class T>
std::string ErrorOf(std::string_view text) {
  try {
    (void)FromJson<T>(J(text));
  } catch (const ConversionError& e) {
    return e.what();
  }
  return "converted";
}

TEST(FromJson, UnknownKeysAreIgnored) {
  Item item = FromJson<Item>(J(R"({"sku":"a","quantity":2,"added":{"by":["AWS",1]},"x":null})"));
  EXPECT_EQ(item.sku, "a");
  EXPECT_EQ(item.quantity, 2);
}

TEST(FromJson, MissingKeysKeepTheirDefaults) {
  Order order = FromJson<Order>(J(R"({"items":[{"sku":"a"}]})"));
  EXPECT_EQ(order.id, "none");
  ASSERT_EQ(order.items.size(), 1u);
  EXPECT_EQ(order.items[0].quantity, 1);
  EXPECT_FALSE(order.items[0].price.has_value());
  EXPECT_EQ(order.color, Color::Red);
  EXPECT_EQ(order.retries, 3);
  EXPECT_FALSE(order.gift);
  EXPECT_EQ(FromJson<Order>(J("{}")).id, "none");
}

TEST(FromJson, OptionalIsEmptyForNullAndAbsentKeys) {
  EXPECT_FALSE(FromJson<Item>(J(R"({"price":null})")).price.has_value());
  EXPECT_FALSE(FromJson<Item>(J(R"({})")).price.has_value());
  EXPECT_EQ(FromJson<Item>(J(R"({"price":2.5})")).price, 2.5);
  // Absent keeps a member's default; null empties it.
  EXPECT_EQ(FromJson<Order>(J(R"({})")).retries, 3);
  EXPECT_FALSE(FromJson<Order>(J(R"({"retries":null})")).retries.has_value());
  EXPECT_EQ(FromJson<Order>(J(R"({"retries":5})")).retries, 5);
  EXPECT_EQ(FromJson<std::optional<int>>(J("null")), std::nullopt);
  EXPECT_EQ(FromJson<std::optional<int>>(J("4")), 4);
}

TEST(FromJson, NullForAMemberThatIsNotOptionalIsAnError) {
  EXPECT_EQ(ErrorOf<Item>(R"({"sku":null})"),
            "$.sku: expected a string, got null (std::optional members accept null)");
}

TEST(FromJson, WrongTypesNameThePathAndWhatWasExpected) {
  EXPECT_EQ(ErrorOf<Order>(
                R"({"items":[{"sku":"a","quantity":1},{"sku":"b"},{"sku":"c","quantity":"3"}]})"),
            "$.items[2].quantity: expected a number, got a string");
  EXPECT_EQ(ErrorOf<Order>(R"({"items":{"sku":"a"}})"), "$.items: expected an array, got an object");
  EXPECT_EQ(ErrorOf<Order>(R"({"gift":"yes"})"), "$.gift: expected true or false, got a string");
  EXPECT_EQ(ErrorOf<Order>(R"({"id":7})"), "$.id: expected a string, got 7");
  EXPECT_EQ(ErrorOf<Order>(R"({"items":[{"price":true}]})"),
            "$.items[0].price: expected a number, got true");
  EXPECT_EQ(ErrorOf<Item>("[1]"), "$: expected an object, got an array");
  EXPECT_EQ(ErrorOf<std::vector<std::vector<int>>>("[[1],[2,\"x\"]]"),
            "$[1][1]: expected a number, got a string");
}

TEST(FromJson, ErrorsCarryPathAndProblemApart) {
  try {
    (void)FromJson<Order>(J(R"({"items":[{"quantity":[]}]})"));
    FAIL();
  } catch (const ConversionError& e) {
    EXPECT_EQ(e.path(), "$.items[0].quantity");
    EXPECT_EQ(e.problem(), "expected a number, got an array");
  }
  Result<Item> r = TryFromJson<Item>(J(R"({"sku":1})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "ConversionError");
  EXPECT_EQ(r.error().message, "$.sku: expected a string, got 1");
  EXPECT_EQ(TryFromJson<Item>(J(R"({"sku":"z"})"))->sku, "z");
}

TEST(FromJson, NestedAndInheritedMembers) {
  Derived d = FromJson<Derived>(J(R"({"kind":"k","n":2})"));
  EXPECT_EQ(d.kind, "k");
  EXPECT_EQ(d.n, 2);
}

TEST(FromJson, IntegersAreRangeChecked) {
  Ints i = FromJson<Ints>(J(R"({"i8":-128,"u8":255,"i32":-2147483648,"u32":4294967295,
      "i64":-9223372036854775808,"u64":18446744073709551615})"));
  EXPECT_EQ(i.i8, -128);
  EXPECT_EQ(i.u8, 255);
  EXPECT_EQ(i.i32, INT32_MIN);
  EXPECT_EQ(i.u32, UINT32_MAX);
  EXPECT_EQ(i.i64, INT64_MIN);
  EXPECT_EQ(i.u64, UINT64_MAX);
  EXPECT_EQ(ErrorOf<Ints>(R"({"i8":300})"), "$.i8: expected an integer in [-128,127], got 300");
  EXPECT_EQ(ErrorOf<Ints>(R"({"i8":-129})"), "$.i8: expected an integer in [-128,127], got -129");
  EXPECT_EQ(ErrorOf<Ints>(R"({"u8":-1})"), "$.u8: expected an integer in [0,255], got -1");
  EXPECT_EQ(ErrorOf<Ints>(R"({"u32":4294967296})"),
            "$.u32: expected an integer in [0,4294967295], got 4294967296");
  EXPECT_EQ(ErrorOf<Ints>(R"({"i64":9223372036854775808})"),
            "$.i64: expected an integer in [-9223372036854775808,9223372036854775807], got "
            "9223372036854775808");
  EXPECT_EQ(ErrorOf<Ints>(R"({"i32":2.5})"),
            "$.i32: expected an integer in [-2147483648,2147483647], got 2.5");
  EXPECT_EQ(ErrorOf<Ints>(R"({"u64":1e20})"),
            "$.u64: expected an integer in [0,18446744073709551615], got 1e+20");
  // A double with an integral value is that integer.
  EXPECT_EQ(FromJson<Ints>(J(R"({"i32":3.0,"u64":1e19})")).i32, 3);
  EXPECT_EQ(FromJson<Ints>(J(R"({"u64":1e19})")).u64, 10000000000000000000u);
  EXPECT_EQ(FromJson<Ints>(J(R"({"i8":-0.0})")).i8, 0);
}

TEST(FromJson, FloatingPoint) {
  Floats f = FromJson<Floats>(J(R"({"f":0.5,"d":7})"));
  EXPECT_EQ(f.f, 0.5f);
  EXPECT_EQ(f.d, 7.0);
  EXPECT_EQ(FromJson<double>(J("18446744073709551615")), 18446744073709551615.0);
  EXPECT_EQ(ErrorOf<Floats>(R"({"f":1e300})"), "$.f: expected a number in float's range, got 1e+300");
  EXPECT_EQ(ErrorOf<Floats>(R"({"d":"7.5"})"), "$.d: expected a number, got a string");
}

TEST(FromJson, EnumsAreTheirNames) {
  EXPECT_EQ(FromJson<Order>(J(R"({"color":"Blue"})")).color, Color::Blue);
  EXPECT_EQ(ErrorOf<Order>(R"({"color":"Purple"})"),
            R"($.color: expected one of "Red", "Green", "Blue", got "Purple")");
  EXPECT_EQ(ErrorOf<Order>(R"({"color":1})"),
            R"($.color: expected one of "Red", "Green", "Blue", got 1)");
  EXPECT_EQ(ErrorOf<Color>('"' + std::string(100, 'x') + '"'),
            "$: expected one of \"Red\", \"Green\", \"Blue\", got \"" + std::string(64, 'x') +
                "...\"");
}

TEST(FromJson, MapsTakeAnyKeys) {
  Order o = FromJson<Order>(J(R"({"tags":{"b":"2","a":"1","x-y":"3"}})"));
  EXPECT_EQ(o.tags, (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}, {"x-y", "3"}}));
  auto u = FromJson<std::unordered_map<std::string, std::vector<int>>>(J(R"({"k":[1,2]})"));
  EXPECT_EQ(u.at("k"), (std::vector<int>{1, 2}));
  EXPECT_EQ(ErrorOf<Order>(R"({"tags":{"a":"1","b":2}})"), "$.tags.b: expected a string, got 2");
  EXPECT_EQ(ErrorOf<Order>(R"({"tags":{"Content-Type":false}})"),
            R"($.tags["Content-Type"]: expected a string, got false)");
  EXPECT_EQ(ErrorOf<Order>(R"({"tags":[]})"), "$.tags: expected an object, got an array");
}

TEST(FromJson, JsonTypesPassThrough) {
  Raw r = FromJson<Raw>(J(R"({"any":[1,{"a":null}],"object":{"k":1},"array":[true]})"));
  EXPECT_EQ(r.any, J(R"([1,{"a":null}])"));
  EXPECT_EQ(r.object.at("k"), 1);
  EXPECT_EQ(r.array.size(), 1u);
  EXPECT_EQ(ErrorOf<Raw>(R"({"object":[]})"), "$.object: expected an object, got an array");
  EXPECT_EQ(ErrorOf<Raw>(R"({"array":"x"})"), "$.array: expected an array, got a string");
  EXPECT_EQ(FromJson<json::value>(J("null")), nullptr);
}

TEST(FromJson, UserConversionsAreUsedAndTheirErrorsCarryThePath) {
  Custom c = FromJson<Custom>(J(R"({"stamp":"T42","wrapped":{"inner":{"sku":"s"}},"pair":[1,2]})"));
  EXPECT_EQ(c.stamp.seconds, 42);
  ASSERT_TRUE(c.wrapped.has_value());
  EXPECT_EQ(c.wrapped->item.sku, "s");
  EXPECT_EQ(c.pair[1], 2);

  EXPECT_EQ(ErrorOf<Custom>(R"({"stamp":"x"})"),
            "$.stamp: cannot convert to convert_test::Stamp: a stamp starts with T");
  // Boost.JSON's own error, without its " [boost.json:... at file:line]".
  EXPECT_EQ(ErrorOf<Custom>(R"({"stamp":5})"),
            "$.stamp: cannot convert to convert_test::Stamp: value is not a string");
  std::string pair = ErrorOf<Custom>(R"({"pair":[1,2,3]})");
  EXPECT_EQ(pair.rfind("$.pair: cannot convert to std::array<int, 2", 0), 0u) << pair;
  EXPECT_EQ(pair.find("boost.json"), std::string::npos) << pair;
  EXPECT_EQ(pair.find(".hpp"), std::string::npos) << pair;
  // A FromJson inside a user conversion continues the path.
  EXPECT_EQ(ErrorOf<Custom>(R"({"wrapped":{"inner":{"sku":[]}}})"),
            "$.wrapped.sku: expected a string, got an array");
}

TEST(JsonKey, RenamesMembersBothWays) {
  Renamed r = FromJson<Renamed>(J(R"({"detail-type":"Scheduled Event","plain":2,"detail_type":"x"})"));
  EXPECT_EQ(r.detail_type, "Scheduled Event");  // the member's own name is not a key now
  EXPECT_FALSE(r.replay_name.has_value());
  EXPECT_EQ(r.plain, 2);
  EXPECT_EQ(Compact(ToJson(r)), R"({"detail-type":"Scheduled Event","plain":2})");
  r.replay_name = "replay-1";
  EXPECT_EQ(FromJson<Renamed>(ToJson(r)).replay_name, "replay-1");
  EXPECT_EQ(ToJson(r).at("replay-name"), "replay-1");
}

TEST(JsonKey, ErrorsNameTheJsonKey) {
  EXPECT_EQ(ErrorOf<Renamed>(R"({"detail-type":3})"),
            R"($["detail-type"]: expected a string, got 3)");
  EXPECT_EQ(ErrorOf<std::vector<RenamedChild>>(R"([{"x-amz-request-id":false}])"),
            R"($[0]["x-amz-request-id"]: expected a string, got false)");
}

TEST(JsonKey, EachStructNamesTheMembersItDeclares) {
  RenamedChild c = FromJson<RenamedChild>(
      J(R"({"detail-type":"d","x-amz-request-id":"r","plain":1})"));
  EXPECT_EQ(c.detail_type, "d");
  EXPECT_EQ(c.request_id, "r");
  EXPECT_EQ(c.plain, 1);
  EXPECT_EQ(ToJson(c), J(R"({"detail-type":"d","x-amz-request-id":"r","plain":1})"));
}

TEST(ToJson, WritesWhatFromJsonReads) {
  Order o;
  o.id = "o-1";
  o.items = {{"a", 2, 9.5}, {"b", 1, std::nullopt}};
  o.tags = {{"k", "v"}};
  o.color = Color::Green;
  o.retries = std::nullopt;
  json::value v = ToJson(o);
  // Empty optional members are left out.
  EXPECT_EQ(Compact(v),
            R"({"id":"o-1","items":[{"sku":"a","quantity":2,"price":9.5},{"sku":"b","quantity":1}],)"
            R"("tags":{"k":"v"},"color":"Green","gift":false})");
  Order back = FromJson<Order>(v);
  EXPECT_EQ(back.items[0].price, 9.5);
  EXPECT_EQ(back.retries, 3);  // left out, so the default
  EXPECT_EQ(back.color, Color::Green);
}

TEST(ToJson, ScalarsAndContainers) {
  EXPECT_EQ(ToJson(std::optional<int>()), nullptr);
  EXPECT_EQ(ToJson(std::optional<int>(3)), 3);
  EXPECT_EQ(Compact(ToJson(std::vector<bool>{true, false})), "[true,false]");
  EXPECT_EQ(ToJson(std::string_view("sv")), "sv");
  EXPECT_EQ(ToJson("literal"), "literal");
  EXPECT_EQ(ToJson(static_cast<const char*>(nullptr)), nullptr);
  EXPECT_EQ(ToJson(UINT64_MAX).kind(), json::kind::uint64);
  EXPECT_EQ(ToJson(std::int8_t{-5}), -5);
  // A float is written as its own shortest text, not the double's.
  EXPECT_EQ(Compact(ToJson(0.1f)), "0.1");
  EXPECT_EQ(Compact(ToJson(std::unordered_map<std::string, int>{{"a", 1}})), R"({"a":1})");
  EXPECT_EQ(Compact(ToJson(Custom{{7}, std::nullopt, {1, 2}})), R"({"stamp":"T7","pair":[1,2]})");
  EXPECT_EQ(Compact(ToJson(Derived{{"k"}, 2})), R"({"kind":"k","n":2})");
}

TEST(ToJson, AnEnumValueWithoutANameIsAnError) {
  Order o;
  o.color = static_cast<Color>(7);
  try {
    (void)ToJson(std::vector<Order>{Order{}, o});
    FAIL();
  } catch (const ConversionError& e) {
    EXPECT_STREQ(e.what(),
                 "$[1].color: expected a value of convert_test::Color listed in "
                 "BOOST_DESCRIBE_ENUM, got 7");
  }
}

}  // namespace
}  // namespace sparta::jsonutil
