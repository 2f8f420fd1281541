// dynamodb.hpp against the DynamoDB Streams samples, including the
// malformed one.
#include "sparta/events/dynamodb.hpp"

#include <gtest/gtest.h>

#include "samples.hpp"
#include "sparta/events/parse.hpp"

namespace events_test {
namespace {

using sparta::dynamodb::AttributeValue;
using sparta::dynamodb::Item;
using sparta::events::DynamoDbEvent;
using sparta::events::DynamoDbTimeWindowEvent;

const std::string kBytes("\x00\x01\x2a\x41", 4);  // base64 "AAEqQQ=="
const std::string kOtherBytes("\x41\x2a\x01\x00", 4);  // "QSoBAA=="
const std::string kArn =
    "arn:aws:dynamodb:us-east-1:123456789012:table/Example-Table/stream/2016-12-01T00:00:00.000";

TEST(DynamoDbEvent, ReadsEveryFieldOfTheSample) {
  const DynamoDbEvent event = Parse<DynamoDbEvent>("dynamodb-event.json");
  ASSERT_EQ(event.Records.size(), 2u);

  const auto& first = event.Records[0];
  EXPECT_EQ(first.eventID, "f07f8ca4b0b26cb9c4e5e77e69f274ee");
  EXPECT_EQ(first.eventName, "INSERT");
  EXPECT_EQ(first.eventVersion, "1.1");
  EXPECT_EQ(first.eventSource, "aws:dynamodb");
  EXPECT_EQ(first.awsRegion, "us-east-1");
  ASSERT_TRUE(first.userIdentity.has_value());
  EXPECT_EQ(first.userIdentity->type, "Service");
  EXPECT_EQ(first.userIdentity->principalId, "dynamodb.amazonaws.com");
  EXPECT_EQ(first.eventSourceARN, kArn);
  const auto& stream = first.dynamodb;
  EXPECT_EQ(stream.ApproximateCreationDateTime.seconds, 1480642020.0);
  EXPECT_EQ(stream.Keys, (Item{{"val", AttributeValue::String("data")},
                               {"key", AttributeValue::String("binary")}}));
  ASSERT_TRUE(stream.NewImage.has_value());
  EXPECT_EQ(*stream.NewImage,
            (Item{{"val", AttributeValue::String("data")},
                  {"asdf1", AttributeValue::Binary(kBytes)},
                  {"asdf2", AttributeValue::BinarySet({kBytes, kOtherBytes})},
                  {"key", AttributeValue::String("binary")}}));
  EXPECT_FALSE(stream.OldImage.has_value());
  EXPECT_EQ(stream.SequenceNumber, "1405400000000002063282832");
  EXPECT_EQ(stream.SizeBytes, 54);
  EXPECT_EQ(stream.StreamViewType, "NEW_AND_OLD_IMAGES");

  const auto& second = event.Records[1];
  EXPECT_EQ(second.eventID, "f07f8ca4b0b26cb9c4e5e77e42f274ee");
  EXPECT_FALSE(second.userIdentity.has_value());
  ASSERT_TRUE(second.dynamodb.NewImage.has_value());
  const Item& image = *second.dynamodb.NewImage;
  EXPECT_EQ(image.size(), 17u);
  EXPECT_EQ(image.at("b2"), AttributeValue::Binary(std::string("\xb5\xeb\x2d", 3)));  // "test"
  EXPECT_EQ(image.at("asdf2"), AttributeValue::BinarySet({kBytes, kOtherBytes, kBytes}));
  EXPECT_EQ(image.at("Binary"), AttributeValue::Binary(kBytes));
  EXPECT_EQ(image.at("Boolean"), AttributeValue::Bool(true));
  EXPECT_EQ(image.at("BinarySet"), AttributeValue::BinarySet({kBytes, kBytes}));
  EXPECT_EQ(image.at("List"),
            AttributeValue::List({AttributeValue::String("Cookies"),
                                  AttributeValue::String("Coffee"),
                                  AttributeValue::NumberText("3.14159")}));
  EXPECT_EQ(image.at("Map"), AttributeValue::Map({{"Name", AttributeValue::String("Joe")},
                                                  {"Age", AttributeValue::NumberText("35")}}));
  EXPECT_EQ(image.at("FloatNumber").number_as<double>(), 123.45);
  EXPECT_EQ(image.at("IntegerNumber").number_as<int>(), 123);
  EXPECT_EQ(image.at("NumberSet"), AttributeValue::NumberSet({"1234", "567.8"}));
  EXPECT_TRUE(image.at("Null").is_null());
  EXPECT_EQ(image.at("String"), AttributeValue::String("Hello"));
  EXPECT_EQ(image.at("StringSet"), AttributeValue::StringSet({"Giraffe", "Zebra"}));
  EXPECT_EQ(image.at("EmptyStringSet"), AttributeValue::StringSet({}));
}

TEST(DynamoDbEvent, ReadsTheTumblingWindowSample) {
  const auto event = Parse<DynamoDbTimeWindowEvent>("dynamodb-time-window-event.json");
  EXPECT_EQ(WindowOf(event), json::parse(R"({
      "window": {"start": "2020-07-30T17:00:00Z", "end": "2020-07-30T17:05:00Z"},
      "state": {"1": "state1"}, "shardId": "shard123456789", "eventSourceARN": "stream-ARN",
      "isFinalInvokeForWindow": false, "isWindowTerminatedEarly": false})"));
  ASSERT_EQ(event.Records.size(), 3u);
  EXPECT_EQ(event.Records[0].eventName, "INSERT");
  EXPECT_FALSE(event.Records[0].dynamodb.OldImage.has_value());
  EXPECT_EQ(event.Records[1].eventName, "MODIFY");
  EXPECT_EQ(event.Records[1].dynamodb.OldImage->at("Message"), AttributeValue::String("New item!"));
  EXPECT_EQ(event.Records[1].dynamodb.NewImage->at("Message"),
            AttributeValue::String("This item has changed"));
  EXPECT_EQ(event.Records[1].dynamodb.SizeBytes, 59);
  EXPECT_EQ(event.Records[2].eventName, "REMOVE");
  EXPECT_FALSE(event.Records[2].dynamodb.NewImage.has_value());
  EXPECT_EQ(event.Records[2].dynamodb.SequenceNumber, "333");
  EXPECT_EQ(event.Records[2].dynamodb.Keys.at("Id").number_as<int>(), 101);
}

TEST(DynamoDbEvent, TheMalformedSampleIsRejectedSayingWhere) {
  auto event = sparta::events::Parse<DynamoDbEvent>(SampleText("dynamodb-event-malformed.2.json"));
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.error().code, "InvalidJson");
  // Cut off after "Zebra" at line 135: the parser stops where the next
  // element should be.
  EXPECT_NE(event.error().message.find("the event is not valid JSON"), std::string::npos)
      << event.error().message;
  EXPECT_NE(event.error().message.find("at line 135"), std::string::npos)
      << event.error().message;
}

TEST(DynamoDbEvent, AFractionalCreationTimeIsKept) {
  json::value event = Sample("dynamodb-event.json");
  event.at("Records").at(0).at("dynamodb").at("ApproximateCreationDateTime") = 1480642020.25;
  const auto typed = sparta::jsonutil::FromJson<DynamoDbEvent>(event);
  EXPECT_EQ(typed.Records[0].dynamodb.ApproximateCreationDateTime.seconds, 1480642020.25);
  EXPECT_EQ(FirstDifference(event, sparta::jsonutil::ToJson(typed)), "");
}

TEST(DynamoDbEvent, BadAttributeValuesNameTheirPath) {
  auto error_of = [](std::string_view image) {
    std::string text = R"({"Records":[{"dynamodb":{"NewImage":)";
    text.append(image);
    text += "}}]}";
    auto event = sparta::events::Parse<DynamoDbEvent>(text);
    return event.ok() ? std::string("converted") : event.error().message;
  };
  EXPECT_EQ(error_of(R"({"Id":{"N":101}})"),
            "$.Records[0].dynamodb.NewImage.Id.N: expected a string, got 101");
  EXPECT_EQ(error_of(R"({"Id":{"Q":"x"}})"),
            R"($.Records[0].dynamodb.NewImage.Id: unknown attribute value type "Q")");
  EXPECT_EQ(error_of(R"({"Id":{"S":"a","N":"1"}})"),
            "$.Records[0].dynamodb.NewImage.Id: expected an attribute value: an object with one "
            "type key (\"S\", \"N\", \"M\", ...)");
  EXPECT_EQ(error_of(R"({"m":{"M":{"a b":{"L":[{"S":"x"},{"B":"not base64!"}]}}}})"),
            R"($.Records[0].dynamodb.NewImage.m.M["a b"].L[1].B: expected base64)");
  EXPECT_EQ(error_of(R"({"s":{"BS":["AAEqQQ==","*"]}})"),
            "$.Records[0].dynamodb.NewImage.s.BS[1]: expected base64");
  EXPECT_EQ(error_of(R"({"s":{"SS":["a",2]}})"),
            "$.Records[0].dynamodb.NewImage.s.SS[1]: expected a string, got 2");
  EXPECT_EQ(error_of(R"({"t":{"BOOL":"yes"}})"),
            "$.Records[0].dynamodb.NewImage.t.BOOL: expected true or false, got a string");
  EXPECT_EQ(error_of(R"([])"),
            "$.Records[0].dynamodb.NewImage: expected an object, got an array");
  EXPECT_EQ(error_of(R"({"when":{"S":"x"}})"), "converted");
}

}  // namespace
}  // namespace events_test
