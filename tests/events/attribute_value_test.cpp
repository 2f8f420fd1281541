// attribute_value.hpp: the hooks through which AttributeValue and Item
// convert inside described structs, and the Result readers.
#include "sparta/events/attribute_value.hpp"

#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <optional>
#include <vector>

#include "sparta/json/convert.hpp"

namespace attribute_value_test {
struct Row {
  sparta::dynamodb::Item item;
  std::optional<sparta::dynamodb::AttributeValue> extra;
  std::vector<sparta::dynamodb::AttributeValue> values;
};
BOOST_DESCRIBE_STRUCT(Row, (), (item, extra, values))
}  // namespace attribute_value_test

namespace sparta::dynamodb {
namespace {

using attribute_value_test::Row;

TEST(AttributeValue, ConvertsInsideDescribedStructsBothWays) {
  const json::value text = json::parse(R"({
    "item": {"sku": {"S": "A-1"}, "photo": {"B": "AP8="}, "tags": {"SS": ["a"]},
             "dims": {"M": {"w": {"N": "2"}, "parts": {"L": [{"NULL": true}, {"BOOL": false}]}}}},
    "values": [{"NS": ["1", "2.5"]}, {"BS": ["YWI="]}]})");
  const Row row = jsonutil::FromJson<Row>(text);
  EXPECT_EQ(row.item.at("sku"), AttributeValue::String("A-1"));
  EXPECT_EQ(row.item.at("photo"), AttributeValue::Binary(std::string("\x00\xff", 2)));
  EXPECT_EQ(row.item.at("dims"),
            AttributeValue::Map(
                {{"w", AttributeValue::NumberText("2")},
                 {"parts", AttributeValue::List({AttributeValue::Null(), AttributeValue::Bool(false)})}}));
  EXPECT_FALSE(row.extra.has_value());
  ASSERT_EQ(row.values.size(), 2u);
  EXPECT_EQ(row.values[1], AttributeValue::BinarySet({"ab"}));
  EXPECT_EQ(jsonutil::ToJson(row), text);
}

TEST(AttributeValue, TheResultReadersPrefixTheirPath) {
  auto item = ItemFromJson(json::parse(R"({"count": {"N": 3}})"), "$.Item");
  ASSERT_FALSE(item.ok());
  EXPECT_EQ(item.error().code, "InvalidAttributeValue");
  EXPECT_EQ(item.error().message, "$.Item.count.N: expected a string, got 3");

  auto value = AttributeValueFromJson(json::parse(R"({"L": [{"S": "x"}, {"X": 1}]})"));
  ASSERT_FALSE(value.ok());
  EXPECT_EQ(value.error().message, R"($.L[1]: unknown attribute value type "X")");

  EXPECT_EQ(*AttributeValueFromJson(json::parse(R"({"N": "-1.5e3"})")),
            AttributeValue::NumberText("-1.5e3"));
  EXPECT_EQ(ItemFromJson(json::parse("[]")).error().message, "$: expected an object, got an array");
}

TEST(AttributeValue, ItsJsonIsDynamoDbs) {
  EXPECT_EQ(ToJson(AttributeValue::Binary("ab")), json::parse(R"({"B": "YWI="})"));
  EXPECT_EQ(ToJson(AttributeValue::Null()), json::parse(R"({"NULL": true})"));
  EXPECT_EQ(ToJson(Item{{"n", AttributeValue::Number(7)}}), json::parse(R"({"n": {"N": "7"}})"));
  EXPECT_EQ(TypeName(AttributeValue::Type::kBinarySet), "BS");
}

}  // namespace
}  // namespace sparta::dynamodb
