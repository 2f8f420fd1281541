// What every event type shares through json/convert.hpp: new fields AWS
// adds are ignored, absent optional fields are fine, a wrong type names its
// path, and events::Parse reports bad JSON.
#include <gtest/gtest.h>

#include "samples.hpp"
#include "sparta/events/kinesis.hpp"
#include "sparta/events/parse.hpp"
#include "sparta/events/s3.hpp"
#include "sparta/events/sqs.hpp"

namespace events_test {
namespace {

using sparta::events::KinesisEvent;
using sparta::events::S3Event;
using sparta::events::SqsEvent;

TEST(EventConversion, UnknownFieldsAreIgnored) {
  json::value event = Sample("sqs-event.json");
  event.as_object()["addedByAws"] = json::parse(R"({"nested":[1,2,{"x":null}]})");
  json::object& record = event.at("Records").at(0).as_object();
  record["newField"] = 42;
  record.at("messageAttributes").at("Attribute1").as_object()["futureValue"] = "x";
  const SqsEvent typed = sparta::jsonutil::FromJson<SqsEvent>(event);
  EXPECT_EQ(typed.Records.at(0).messageId, "MessageID_1");
  EXPECT_EQ(typed.Records.at(0).messageAttributes.at("Attribute1").stringValue, "AttributeValue1");
  // Written back without them: the types name what they know.
  EXPECT_EQ(FirstDifference(Sample("sqs-event.json"), sparta::jsonutil::ToJson(typed)), "");
}

TEST(EventConversion, AbsentOptionalFieldsStayAbsent) {
  json::value event = Sample("sqs-event.json");
  json::object& record = event.at("Records").at(0).as_object();
  record.erase("md5OfMessageAttributes");
  record.at("messageAttributes").as_object().erase("Attribute3");
  const SqsEvent typed = sparta::jsonutil::FromJson<SqsEvent>(event);
  EXPECT_FALSE(typed.Records.at(0).md5OfMessageAttributes.has_value());
  EXPECT_EQ(FirstDifference(event, sparta::jsonutil::ToJson(typed)), "");
  // null (as SQS sends for a message without attributes) reads as absent.
  record["md5OfMessageAttributes"] = nullptr;
  EXPECT_FALSE(
      sparta::jsonutil::FromJson<SqsEvent>(event).Records.at(0).md5OfMessageAttributes.has_value());

  auto empty = sparta::events::Parse<S3Event>("{}");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->Records.empty());
}

TEST(EventConversion, AWrongTypeNamesItsPath) {
  json::value event = Sample("kinesis-event.json");
  event.at("Records").at(1).at("kinesis").at("approximateArrivalTimestamp") = "yesterday";
  auto typed = sparta::jsonutil::TryFromJson<KinesisEvent>(event);
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.error().code, "ConversionError");
  EXPECT_EQ(typed.error().message,
            "$.Records[1].kinesis.approximateArrivalTimestamp: expected a number, got a string");

  auto s3 = sparta::events::Parse<S3Event>(R"({"Records":[{"s3":{"object":{"size":-1}}}]})");
  ASSERT_FALSE(s3.ok());
  EXPECT_EQ(s3.error().message,
            "$.Records[0].s3.object.size: expected an integer in [0,18446744073709551615], got -1");
  auto s3_key = sparta::events::Parse<S3Event>(
      R"({"Records":[{"responseElements":{"x-amz-request-id":1}}]})");
  ASSERT_FALSE(s3_key.ok());
  EXPECT_EQ(s3_key.error().message,
            R"($.Records[0].responseElements["x-amz-request-id"]: expected a string, got 1)");
}

TEST(EventConversion, ParseReportsTextThatIsNotJson) {
  auto empty = sparta::events::Parse<SqsEvent>("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, "InvalidJson");
  EXPECT_EQ(empty.error().message, "the event is empty; expected a JSON document");
  auto cut = sparta::events::Parse<SqsEvent>("{\"Records\": [\n{\"messageId\": ");
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, "InvalidJson");
  EXPECT_NE(cut.error().message.find("line 2"), std::string::npos) << cut.error().message;
}

}  // namespace
}  // namespace events_test
