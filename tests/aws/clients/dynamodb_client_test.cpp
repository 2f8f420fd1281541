// DynamoDbClient on a scripted transport: the JSON 1.0 wire format of each
// operation, AttributeValue's JSON in both directions, and errors.

#include "sparta/aws/dynamodb_client.hpp"

#include <gtest/gtest.h>

#include "aws/clients/fake_aws.hpp"

namespace sparta::aws {
namespace {

using dynamodb::AttributeValue;
using dynamodb::Item;
using testing::FakeTransport;
using testing::MakeClient;
using testing::MakeEndpoint;

class DynamoDbClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  DynamoDbClient client_{
      MakeClient(MakeEndpoint("dynamodb", "dynamodb.us-east-1.amazonaws.com"), transport_)};

  json::value SentBody(std::size_t i = 0) const {
    return json::parse(transport_->requests().at(i).body);
  }
  std::string SentTarget(std::size_t i = 0) const {
    const std::string* target = FindHeader(transport_->requests().at(i).headers, "X-Amz-Target");
    return target != nullptr ? *target : "";
  }
};

Item SampleItem() {
  return {
      {"sku", AttributeValue::String("A-1")},
      {"count", AttributeValue::Number(3)},
      {"price", AttributeValue::Number(7.5)},
      {"photo", AttributeValue::Binary(std::string("\x00\xff", 2))},
      {"active", AttributeValue::Bool(true)},
      {"note", AttributeValue::Null()},
      {"tags", AttributeValue::StringSet({"new", "red"})},
      {"sizes", AttributeValue::NumberSet({"1", "2.5"})},
      {"blobs", AttributeValue::BinarySet({"ab"})},
      {"history", AttributeValue::List({AttributeValue::Number(1), AttributeValue::String("x")})},
      {"dims", AttributeValue::Map({{"w", AttributeValue::Number(2)}})}};
}

TEST_F(DynamoDbClientTest, PutItemSendsDynamoDbsJsonForEveryType) {
  transport_->Respond(200, "{}");
  auto put = client_.PutItem({.table = "Items",
                              .item = SampleItem(),
                              .condition = "attribute_not_exists(#s)",
                              .arguments = {.names = {{"#s", "sku"}}, .values = {}}});
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_FALSE(put->has_value());

  const HttpRequest& sent = transport_->requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path, "/");
  EXPECT_EQ(SentTarget(), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(*FindHeader(sent.headers, "Content-Type"), "application/x-amz-json-1.0");
  ASSERT_NE(FindHeader(sent.headers, "Authorization"), nullptr);
  EXPECT_NE(FindHeader(sent.headers, "Authorization")->find("/dynamodb/aws4_request"),
            std::string::npos);

  json::value expected = json::parse(R"json({
    "TableName": "Items",
    "Item": {
      "sku": {"S": "A-1"}, "count": {"N": "3"}, "price": {"N": "7.5"},
      "photo": {"B": "AP8="}, "active": {"BOOL": true}, "note": {"NULL": true},
      "tags": {"SS": ["new", "red"]}, "sizes": {"NS": ["1", "2.5"]}, "blobs": {"BS": ["YWI="]},
      "history": {"L": [{"N": "1"}, {"S": "x"}]}, "dims": {"M": {"w": {"N": "2"}}}
    },
    "ConditionExpression": "attribute_not_exists(#s)",
    "ExpressionAttributeNames": {"#s": "sku"}
  })json");
  EXPECT_EQ(SentBody(), expected) << json::serialize(SentBody());
}

TEST_F(DynamoDbClientTest, AttributeValuesReadBackFromTheirJson) {
  for (const auto& [name, value] : SampleItem()) {
    auto back = dynamodb::AttributeValueFromJson(dynamodb::ToJson(value));
    ASSERT_TRUE(back.ok()) << name << ": " << back.error().message;
    EXPECT_EQ(*back, value) << name;
  }
  EXPECT_EQ(AttributeValue::Number(3).number_as<int>(), 3);
  EXPECT_EQ(AttributeValue::Number(7.5).number_as<double>(), 7.5);
  EXPECT_EQ(AttributeValue::Number(7.5).number_as<int>(), std::nullopt);  // not exact
  EXPECT_EQ(AttributeValue::String("3").number_as<int>(), std::nullopt);  // not a number
  EXPECT_EQ(AttributeValue::NumberText("99999999999999999999").number_as<int64_t>(),
            std::nullopt);  // out of range
}

TEST_F(DynamoDbClientTest, GetItemReturnsTheItemOrNothing) {
  transport_->Respond(200, R"({"Item": {"sku": {"S": "A-1"}, "count": {"N": "3"},
                               "extra": {"M": {}}}, "ConsumedCapacity": {"Future": 1}})");
  transport_->Respond(200, "{}");
  auto found = client_.GetItem({.table = "Items",
                                .key = {{"sku", AttributeValue::String("A-1")}},
                                .consistent_read = true,
                                .projection = "sku, #c, extra",
                                .arguments = {.names = {{"#c", "count"}}, .values = {}}});
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(*(**found).at("sku").if_string(), "A-1");
  EXPECT_EQ((**found).at("count").number_as<int>(), 3);
  EXPECT_EQ(SentTarget(), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(SentBody().at("ConsistentRead"), true);
  EXPECT_EQ(SentBody().at("ProjectionExpression"), "sku, #c, extra");
  EXPECT_EQ(SentBody().at("Key"), json::parse(R"({"sku": {"S": "A-1"}})"));

  auto missing = client_.GetItem({.table = "Items", .key = {{"sku", AttributeValue::String("B")}}});
  ASSERT_TRUE(missing.ok()) << missing.error().message;
  EXPECT_FALSE(missing->has_value());
  EXPECT_FALSE(SentBody(1).as_object().contains("ConsistentRead"));
}

TEST_F(DynamoDbClientTest, UpdateAndDeleteReturnTheAttributesAskedFor) {
  transport_->Respond(200, R"({"Attributes": {"count": {"N": "4"}}})");
  transport_->Respond(200, R"({"Attributes": {"sku": {"S": "A-1"}, "count": {"N": "4"}}})");
  auto updated = client_.UpdateItem(
      {.table = "Items",
       .key = {{"sku", AttributeValue::String("A-1")}},
       .update = "SET #c = #c + :one",
       .condition = "attribute_exists(sku)",
       .arguments = {.names = {{"#c", "count"}}, .values = {{":one", AttributeValue::Number(1)}}},
       .return_values = "UPDATED_NEW"});
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ((**updated).at("count").number_as<int>(), 4);
  EXPECT_EQ(SentBody(0).at("UpdateExpression"), "SET #c = #c + :one");
  EXPECT_EQ(SentBody(0).at("ExpressionAttributeValues"), json::parse(R"({":one": {"N": "1"}})"));
  EXPECT_EQ(SentBody(0).at("ReturnValues"), "UPDATED_NEW");

  auto deleted = client_.DeleteItem(
      {.table = "Items", .key = {{"sku", AttributeValue::String("A-1")}}, .return_old_item = true});
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ((**deleted).size(), 2u);
  EXPECT_EQ(SentTarget(1), "DynamoDB_20120810.DeleteItem");
  EXPECT_EQ(SentBody(1).at("ReturnValues"), "ALL_OLD");
}

TEST_F(DynamoDbClientTest, QueryAndScanReadPages) {
  transport_->Respond(200, R"({"Items": [{"pk": {"S": "a"}, "sk": {"N": "1"}}],
                               "Count": 1, "ScannedCount": 2,
                               "LastEvaluatedKey": {"pk": {"S": "a"}, "sk": {"N": "1"}}})");
  transport_->Respond(200, R"({"Items": [], "Count": 0, "ScannedCount": 0})");
  auto page = client_.Query({.table = "Items",
                             .index = "ByOwner",
                             .key_condition = "pk = :pk",
                             .filter = "sk > :min",
                             .arguments = {.names = {},
                                           .values = {{":pk", AttributeValue::String("a")},
                                                      {":min", AttributeValue::Number(0)}}},
                             .limit = 10,
                             .scan_index_forward = false});
  ASSERT_TRUE(page.ok()) << page.error().message;
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->count, 1);
  EXPECT_EQ(page->scanned_count, 2);
  ASSERT_TRUE(page->last_evaluated_key.has_value());
  EXPECT_EQ(SentBody(0).at("IndexName"), "ByOwner");
  EXPECT_EQ(SentBody(0).at("Limit"), 10);
  EXPECT_EQ(SentBody(0).at("ScanIndexForward"), false);

  auto next = client_.Scan({.table = "Items", .exclusive_start_key = page->last_evaluated_key});
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_TRUE(next->items.empty());
  EXPECT_FALSE(next->last_evaluated_key.has_value());
  EXPECT_EQ(SentTarget(1), "DynamoDB_20120810.Scan");
  EXPECT_EQ(SentBody(1).at("ExclusiveStartKey"),
            json::parse(R"({"pk": {"S": "a"}, "sk": {"N": "1"}})"));
}

TEST_F(DynamoDbClientTest, DynamoDbErrorsComeBackWithTheirCode) {
  transport_->Respond(
      400,
      R"({"__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
                          "message": "The conditional request failed"})",
      {{"x-amzn-RequestId", "REQ1"}});
  auto put = client_.PutItem({.table = "Items",
                              .item = {{"sku", AttributeValue::String("A-1")}},
                              .condition = "attribute_not_exists(sku)"});
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, "ConditionalCheckFailedException");
  EXPECT_NE(put.error().message.find("The conditional request failed"), std::string::npos);
  EXPECT_NE(put.error().message.find("REQ1"), std::string::npos);
}

TEST_F(DynamoDbClientTest, UnreadableOutputNamesThePath) {
  transport_->Respond(200, R"({"Item": {"sku": {"S": "A-1"}, "count": {"N": 3}}})");
  auto got = client_.GetItem({.table = "Items", .key = {{"sku", AttributeValue::String("A-1")}}});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, "InvalidResponse");
  EXPECT_EQ(got.error().message, "$.Item.count.N: expected a string, got 3");

  transport_->Respond(200, R"({"Item": {"sku": {"Q": "x"}}})");
  got = client_.GetItem({.table = "Items", .key = {{"sku", AttributeValue::String("A-1")}}});
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().message, "$.Item.sku: unknown attribute value type \"Q\"");
}

TEST_F(DynamoDbClientTest, RefusesRequestsWithoutTableOrKeyBeforeSending) {
  auto no_table = client_.GetItem({.table = "", .key = {{"k", AttributeValue::String("v")}}});
  ASSERT_FALSE(no_table.ok());
  EXPECT_EQ(no_table.error().code, "InvalidArgument");
  auto no_key = client_.DeleteItem({.table = "Items"});
  ASSERT_FALSE(no_key.ok());
  EXPECT_NE(no_key.error().message.find("the key is empty"), std::string::npos);
  auto no_item = client_.PutItem({.table = "Items"});
  ASSERT_FALSE(no_item.ok());
  EXPECT_NE(no_item.error().message.find("the item is empty"), std::string::npos);
  auto no_condition = client_.Query({.table = "Items"});
  ASSERT_FALSE(no_condition.ok());
  EXPECT_NE(no_condition.error().message.find("use Scan"), std::string::npos);
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(DynamoDbClientTest, CallSendsAnyOperation) {
  transport_->Respond(200, R"({"Table": {"TableStatus": "ACTIVE"}})");
  auto described = client_.Call("DescribeTable", {{"TableName", "Items"}});
  ASSERT_TRUE(described.ok()) << described.error().message;
  EXPECT_EQ(described->at("Table").at("TableStatus"), "ACTIVE");
  EXPECT_EQ(SentTarget(), "DynamoDB_20120810.DescribeTable");
}

}  // namespace
}  // namespace sparta::aws
