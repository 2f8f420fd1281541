// Parse → serialize keeps every field: for every sample an event type
// models, ToJson(FromJson<T>(sample)) is the sample's JSON (absent optional
// fields stay absent, numbers keep their kind).
#include <gtest/gtest.h>

#include "samples.hpp"
#include "sparta/events/cloudwatch_logs.hpp"
#include "sparta/events/dynamodb.hpp"
#include "sparta/events/eventbridge.hpp"
#include "sparta/events/kinesis.hpp"
#include "sparta/events/s3.hpp"
#include "sparta/events/ses.hpp"
#include "sparta/events/sns.hpp"
#include "sparta/events/sqs.hpp"

namespace events_test {
namespace {

namespace ev = sparta::events;

TEST(RoundTrip, S3) {
  for (const char* name :
       {"s3-event.json", "s3-event-with-decoded.json", "s3-glacier-event.json",
        "s3-intelligenttier-event.json", "s3-lifecycle-event.json", "s3-replication-event.json",
        "s3-restore-event.json"}) {
    ExpectRoundTrip<ev::S3Event>(name);
  }
}

TEST(RoundTrip, SnsAndSqs) {
  ExpectRoundTrip<ev::SnsEvent>("sns-event.json");
  ExpectRoundTrip<ev::SqsEvent>("sqs-event.json");
}

TEST(RoundTrip, DynamoDbStreams) {
  ExpectRoundTrip<ev::DynamoDbEvent>("dynamodb-event.json");
  ExpectRoundTrip<ev::DynamoDbTimeWindowEvent>("dynamodb-time-window-event.json");
}

TEST(RoundTrip, Kinesis) {
  ExpectRoundTrip<ev::KinesisEvent>("kinesis-event.json");
  ExpectRoundTrip<ev::KinesisTimeWindowEvent>("kinesis-time-window-event.json");
}

TEST(RoundTrip, Ses) {
  for (const char* name : {"ses-lambda-event.json", "ses-s3-event.json", "ses-sns-event.json"}) {
    ExpectRoundTrip<ev::SesEvent>(name);
  }
}

TEST(RoundTrip, EventBridge) {
  ExpectRoundTrip<ev::eventbridge::ScheduledEvent>("derived/cloudwatch-scheduled-event.json");
  for (const char* name : kEventBridgeSamples) ExpectRoundTrip<ev::eventbridge::Event<>>(name);
}

TEST(RoundTrip, CloudWatchLogs) {
  ExpectRoundTrip<ev::CloudWatchLogsEvent>("cloudwatch-logs-event.json");
}

}  // namespace
}  // namespace events_test
