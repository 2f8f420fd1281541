// s3.hpp against every notification-shaped S3 sample.
#include "sparta/events/s3.hpp"

#include <gtest/gtest.h>

#include "samples.hpp"

namespace events_test {
namespace {

using sparta::events::DecodeObjectKey;
using sparta::events::S3Event;

TEST(S3Event, ReadsEveryFieldOfTheSample) {
  const S3Event event = Parse<S3Event>("s3-event.json");
  ASSERT_EQ(event.Records.size(), 1u);
  const auto& r = event.Records[0];
  EXPECT_EQ(r.eventVersion, "2.0");
  EXPECT_EQ(r.eventSource, "aws:s3");
  EXPECT_EQ(r.awsRegion, "us-east-1");
  EXPECT_EQ(r.eventTime, "1970-01-01T00:00:00.123Z");
  EXPECT_EQ(r.eventName, "ObjectCreated:Put");
  EXPECT_EQ(r.userIdentity.principalId, "EXAMPLE");
  EXPECT_EQ(r.requestParameters.sourceIPAddress, "127.0.0.1");
  EXPECT_EQ(r.responseElements.x_amz_request_id, "C3D13FE58DE4C810");
  EXPECT_EQ(r.responseElements.x_amz_id_2,
            "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD");
  EXPECT_EQ(r.s3.s3SchemaVersion, "1.0");
  EXPECT_EQ(r.s3.configurationId, "testConfigRule");
  EXPECT_EQ(r.s3.bucket.name, "sourcebucket");
  EXPECT_EQ(r.s3.bucket.ownerIdentity.principalId, "EXAMPLE");
  EXPECT_EQ(r.s3.bucket.arn, "arn:aws:s3:::mybucket");
  EXPECT_EQ(r.s3.object.key, "Happy%20Face.jpg");
  EXPECT_FALSE(r.s3.object.urlDecodedKey.has_value());
  EXPECT_EQ(r.s3.object.size, 1024u);
  EXPECT_EQ(r.s3.object.versionId, "version");
  EXPECT_EQ(r.s3.object.eTag, "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(r.s3.object.sequencer, "Happy Sequencer");
  EXPECT_EQ(*r.s3.object.DecodedKey(), "Happy Face.jpg");
  EXPECT_FALSE(r.glacierEventData || r.restoreEventData || r.lifecycleEventData ||
               r.intelligentTieringEventData || r.replicationEventData);
}

TEST(S3Event, TheDecodedKeyIsWhatTheSamplesSayItIs) {
  for (const char* name :
       {"s3-event-with-decoded.json", "s3-glacier-event.json", "s3-intelligenttier-event.json",
        "s3-lifecycle-event.json", "s3-replication-event.json", "s3-restore-event.json"}) {
    const S3Event event = Parse<S3Event>(name);
    const auto& object = event.Records.at(0).s3.object;
    ASSERT_TRUE(object.urlDecodedKey.has_value()) << name;
    auto decoded = object.DecodedKey();
    ASSERT_TRUE(decoded.ok()) << name << ": " << decoded.error().message;
    EXPECT_EQ(*decoded, *object.urlDecodedKey) << name;
  }
}

TEST(S3Event, NotificationSpecificData) {
  const auto glacier = Parse<S3Event>("s3-glacier-event.json").Records.at(0);
  ASSERT_TRUE(glacier.glacierEventData.has_value());
  EXPECT_EQ(glacier.glacierEventData->restoreEventData.lifecycleRestorationExpiryTime,
            "2023-05-17T15:00:00.456Z");
  EXPECT_EQ(glacier.glacierEventData->restoreEventData.lifecycleRestoreStorageClass, "STANDARD");
  EXPECT_EQ(glacier.eventName, "s3:ObjectRestore:Completed");

  const auto restore = Parse<S3Event>("s3-restore-event.json").Records.at(0);
  ASSERT_TRUE(restore.restoreEventData.has_value());
  EXPECT_FALSE(restore.glacierEventData.has_value());
  EXPECT_EQ(restore.restoreEventData->lifecycleRestorationExpiryTime, "2023-05-17T15:00:00.456Z");

  const auto tiering = Parse<S3Event>("s3-intelligenttier-event.json").Records.at(0);
  ASSERT_TRUE(tiering.intelligentTieringEventData.has_value());
  EXPECT_EQ(tiering.intelligentTieringEventData->destinationAccessTier, "ARCHIVE_ACCESS");
  EXPECT_EQ(tiering.s3.object.size, 5242880u);

  const auto lifecycle = Parse<S3Event>("s3-lifecycle-event.json").Records.at(0);
  ASSERT_TRUE(lifecycle.lifecycleEventData.has_value());
  EXPECT_EQ(lifecycle.lifecycleEventData->transitionEventData.destinationStorageClass, "GLACIER");

  const auto replication = Parse<S3Event>("s3-replication-event.json").Records.at(0);
  ASSERT_TRUE(replication.replicationEventData.has_value());
  const auto& data = *replication.replicationEventData;
  EXPECT_EQ(data.replicationRuleId, "notification-test-replication-rule");
  EXPECT_EQ(data.destinationBucket, "arn:aws:s3:::amzn-s3-demo-bucket2");
  EXPECT_EQ(data.s3Operation, "OBJECT_PUT");
  EXPECT_EQ(data.requestTime, "2024-09-05T21:03:59.168Z");
  EXPECT_EQ(data.failureReason, "AssumeRoleNotPermitted");
  EXPECT_EQ(replication.responseElements.x_amz_request_id,
            "123bf045-2b4b-4ca8-a211-c34a63c59426");
}

TEST(S3Event, ARemovedObjectHasNoSizeOrETag) {
  const json::value removed = json::parse(R"({"Records":[{"eventName":"ObjectRemoved:Delete",
      "s3":{"object":{"key":"a+b.txt","sequencer":"0A1B"}}}]})");
  const S3Event event = sparta::jsonutil::FromJson<S3Event>(removed);
  const auto& object = event.Records.at(0).s3.object;
  EXPECT_FALSE(object.size.has_value());
  EXPECT_FALSE(object.eTag.has_value());
  EXPECT_FALSE(object.versionId.has_value());
  const json::value written = sparta::jsonutil::ToJson(event).at("Records").at(0).at("s3").at(
      "object");
  EXPECT_EQ(written, json::parse(R"({"key":"a+b.txt","sequencer":"0A1B"})"));
}

TEST(DecodeObjectKey, PercentEscapesAndPlusAreDecoded) {
  EXPECT_EQ(*DecodeObjectKey("Happy%20Face.jpg"), "Happy Face.jpg");
  EXPECT_EQ(*DecodeObjectKey("Happy+Face.jpg"), "Happy Face.jpg");
  EXPECT_EQ(*DecodeObjectKey("a%2Bb+c"), "a+b c");  // an encoded "+" is a plus
  EXPECT_EQ(*DecodeObjectKey("dir%2Ffile%3d1"), "dir/file=1");
  EXPECT_EQ(*DecodeObjectKey("caf%C3%A9"), "caf\xC3\xA9");
  EXPECT_EQ(*DecodeObjectKey("%00"), std::string(1, '\0'));
  EXPECT_EQ(*DecodeObjectKey(""), "");
  EXPECT_EQ(*DecodeObjectKey("plain/key.txt"), "plain/key.txt");
}

TEST(DecodeObjectKey, ABadEscapeIsAnErrorNamingWhere) {
  for (const char* bad : {"50%", "50%2", "a%zz", "%g0", "%%41"}) {
    auto decoded = DecodeObjectKey(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.error().code, "InvalidObjectKey") << bad;
  }
  EXPECT_EQ(DecodeObjectKey("a%zz").error().message,
            "S3 object key \"a%zz\": \"%\" at offset 1 is not followed by two hex digits");
  EXPECT_EQ(DecodeObjectKey("50%2").error().message,
            "S3 object key \"50%2\": \"%\" at offset 2 is not followed by two hex digits");
}

}  // namespace
}  // namespace events_test
