// kinesis.hpp against the Kinesis samples.
#include "sparta/events/kinesis.hpp"

#include <gtest/gtest.h>

#include "samples.hpp"

namespace events_test {
namespace {

using sparta::events::KinesisEvent;
using sparta::events::KinesisTimeWindowEvent;

TEST(KinesisEvent, ReadsEveryFieldOfTheSample) {
  const KinesisEvent event = Parse<KinesisEvent>("kinesis-event.json");
  ASSERT_EQ(event.Records.size(), 2u);
  const auto& r = event.Records[0];
  EXPECT_EQ(r.kinesis.kinesisSchemaVersion, "1.0");
  EXPECT_EQ(r.kinesis.partitionKey, "s1");
  EXPECT_EQ(r.kinesis.sequenceNumber, "49568167373333333333333333333333333333333333333333333333");
  EXPECT_EQ(r.kinesis.data, "SGVsbG8gV29ybGQ=");
  EXPECT_EQ(r.kinesis.approximateArrivalTimestamp, 1480641523.477);
  EXPECT_FALSE(r.kinesis.encryptionType.has_value());
  EXPECT_EQ(r.eventSource, "aws:kinesis");
  EXPECT_EQ(r.eventVersion, "1.0");
  EXPECT_EQ(r.eventID,
            "shardId-000000000000:49568167373333333333333333333333333333333333333333333333");
  EXPECT_EQ(r.eventName, "aws:kinesis:record");
  EXPECT_EQ(r.invokeIdentityArn, "arn:aws:iam::123456789012:role/LambdaRole");
  EXPECT_EQ(r.awsRegion, "us-east-1");
  EXPECT_EQ(r.eventSourceARN, "arn:aws:kinesis:us-east-1:123456789012:stream/simple-stream");
  EXPECT_EQ(event.Records[1].kinesis.sequenceNumber,
            "49568167373333333334444444444444444444444444444444444444");
  EXPECT_EQ(event.Records[1].kinesis.approximateArrivalTimestamp, 1480841523.477);
}

TEST(KinesisEvent, DataIsDecodedOnDemand) {
  const KinesisEvent event = Parse<KinesisEvent>("kinesis-event.json");
  EXPECT_EQ(*event.Records[0].kinesis.DecodedData(), "Hello World");
  EXPECT_EQ(*Parse<KinesisTimeWindowEvent>("kinesis-time-window-event.json")
                 .Records.at(0)
                 .kinesis.DecodedData(),
            "Hello, this is a test.");

  sparta::events::KinesisRecord bad;
  bad.sequenceNumber = "42";
  bad.data = "SGVsbG8*";
  auto decoded = bad.DecodedData();
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, "InvalidBase64");
  EXPECT_EQ(decoded.error().message, "the data of Kinesis record 42 is not base64 (8 characters)");
}

TEST(KinesisEvent, ReadsTheTumblingWindowSample) {
  const auto event = Parse<KinesisTimeWindowEvent>("kinesis-time-window-event.json");
  EXPECT_EQ(WindowOf(event), json::parse(R"({
      "window": {"start": "2020-12-09T07:04:00Z", "end": "2020-12-09T07:06:00Z"},
      "state": {"1": "state 1", "2": "state 2"}, "shardId": "shardId-000000000006",
      "eventSourceARN": "arn:aws:kinesis:us-east-1:123456789012:stream/lambda-stream",
      "isFinalInvokeForWindow": false, "isWindowTerminatedEarly": false})"));
  ASSERT_EQ(event.Records.size(), 1u);
  EXPECT_EQ(event.Records[0].kinesis.partitionKey, "1");
  EXPECT_EQ(event.Records[0].kinesis.approximateArrivalTimestamp, 1607497475.0);
  EXPECT_EQ(event.Records[0].invokeIdentityArn,
            "arn:aws:iam::123456789012:role/lambda-kinesis-role");
}

}  // namespace
}  // namespace events_test
