// sns.hpp against the SNS sample.
#include "sparta/events/sns.hpp"

#include <gtest/gtest.h>

#include "samples.hpp"

namespace events_test {
namespace {

using sparta::events::SnsEvent;

TEST(SnsEvent, ReadsEveryFieldOfTheSample) {
  const SnsEvent event = Parse<SnsEvent>("sns-event.json");
  ASSERT_EQ(event.Records.size(), 1u);
  const auto& r = event.Records[0];
  EXPECT_EQ(r.EventVersion, "1.0");
  EXPECT_EQ(r.EventSubscriptionArn, "arn:aws:sns:EXAMPLE");
  EXPECT_EQ(r.EventSource, "aws:sns");
  const auto& sns = r.Sns;
  EXPECT_EQ(sns.Signature, "EXAMPLE");
  EXPECT_EQ(sns.MessageId, "95df01b4-ee98-5cb9-9903-4c221d41eb5e");
  EXPECT_EQ(sns.Type, "Notification");
  EXPECT_EQ(sns.TopicArn, "arn:aws:sns:EXAMPLE");
  ASSERT_EQ(sns.MessageAttributes.size(), 2u);
  EXPECT_EQ(sns.MessageAttributes.at("Test").Type, "String");
  EXPECT_EQ(sns.MessageAttributes.at("Test").Value, "TestString");
  EXPECT_EQ(sns.MessageAttributes.at("TestBinary").Type, "Binary");
  EXPECT_EQ(sns.MessageAttributes.at("TestBinary").Value, "TestBinary");
  EXPECT_EQ(sns.SignatureVersion, "1");
  EXPECT_EQ(sns.Timestamp, "2015-06-03T17:43:27.123Z");
  EXPECT_EQ(sns.SigningCertUrl, "EXAMPLE");
  EXPECT_EQ(sns.Message, "Hello from SNS!");
  EXPECT_EQ(sns.UnsubscribeUrl, "EXAMPLE");
  EXPECT_EQ(sns.Subject, "TestInvoke");
}

TEST(SnsEvent, ANullSubjectIsNoSubject) {
  json::value event = Sample("sns-event.json");
  event.at("Records").at(0).at("Sns").at("Subject") = nullptr;
  EXPECT_FALSE(sparta::jsonutil::FromJson<SnsEvent>(event).Records.at(0).Sns.Subject.has_value());
}

}  // namespace
}  // namespace events_test
