// eventbridge.hpp against the scheduled event and every sample with
// EventBridge's envelope.
#include "sparta/events/eventbridge.hpp"

#include <gtest/gtest.h>

#include <boost/describe.hpp>

#include "samples.hpp"
#include "sparta/events/parse.hpp"

namespace eventbridge_test {
// A typed detail: the fields of Auto Scaling's "EC2 Instance Launch
// Successful" a handler would use (the others are ignored).
struct LaunchDetail {
  std::string StatusCode;
  std::string AutoScalingGroupName;
  std::string EC2InstanceId;
  std::map<std::string, std::string> Details;
};
BOOST_DESCRIBE_STRUCT(LaunchDetail, (), (StatusCode, AutoScalingGroupName, EC2InstanceId, Details))
}  // namespace eventbridge_test

namespace events_test {
namespace {

using sparta::events::eventbridge::Event;
using sparta::events::eventbridge::ScheduledEvent;

TEST(EventBridgeEvent, ReadsEveryFieldOfTheScheduledEvent) {
  const ScheduledEvent event = Parse<ScheduledEvent>("derived/cloudwatch-scheduled-event.json");
  EXPECT_EQ(event.version, "0");
  EXPECT_EQ(event.id, "890abcde-f123-4567-890a-bcdef1234567");
  EXPECT_EQ(event.detail_type, "Scheduled Event");
  EXPECT_EQ(event.source, "aws.events");
  EXPECT_EQ(event.account, "123456789012");
  EXPECT_EQ(event.time, "2016-12-30T18:44:49Z");
  EXPECT_EQ(event.region, "us-east-1");
  EXPECT_EQ(event.resources,
            (std::vector<std::string>{"arn:aws:events:us-east-1:123456789012:rule/SampleRule"}));
  EXPECT_FALSE(event.replay_name.has_value());
}

TEST(EventBridgeEvent, EverySampleWithTheEnvelopeReadsWithJsonDetail) {
  for (const char* name : kEventBridgeSamples) {
    const json::value sample = Sample(name);
    const Event<> event = Parse<Event<>>(name);
    EXPECT_EQ(event.detail_type, sample.at("detail-type").as_string()) << name;
    EXPECT_EQ(event.source, sample.at("source").as_string()) << name;
    EXPECT_EQ(event.detail, sample.at("detail")) << name;
    EXPECT_FALSE(event.id.empty()) << name;
  }
}

TEST(EventBridgeEvent, ATypedDetail) {
  using Launch = Event<eventbridge_test::LaunchDetail>;
  const Launch event = Parse<Launch>("autoscaling-event-launch-successful.json");
  EXPECT_EQ(event.detail_type, "EC2 Instance Launch Successful");
  EXPECT_EQ(event.source, "aws.autoscaling");
  EXPECT_EQ(event.resources, (std::vector<std::string>{"auto-scaling-group-arn", "instance-arn"}));
  EXPECT_EQ(event.detail.StatusCode, "InProgress");
  EXPECT_EQ(event.detail.AutoScalingGroupName, "my-auto-scaling-group");
  EXPECT_EQ(event.detail.EC2InstanceId, "i-1234567890abcdef0");
  EXPECT_EQ(event.detail.Details.at("Availability Zone"), "us-west-2b");
}

TEST(EventBridgeEvent, KeysThatAreNotIdentifiers) {
  json::value sample = Sample("derived/cloudwatch-scheduled-event.json");
  sample.as_object()["replay-name"] = "nightly-replay";
  const auto event = sparta::jsonutil::FromJson<ScheduledEvent>(sample);
  EXPECT_EQ(event.replay_name, "nightly-replay");
  EXPECT_EQ(sparta::jsonutil::ToJson(event), sample);

  auto wrong = sparta::events::Parse<ScheduledEvent>(R"({"detail-type":["Scheduled Event"]})");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().message, R"($["detail-type"]: expected a string, got an array)");
  auto detail = sparta::events::Parse<ScheduledEvent>(R"({"detail":"x"})");
  ASSERT_FALSE(detail.ok());
  EXPECT_EQ(detail.error().message, "$.detail: expected an object, got a string");
}

}  // namespace
}  // namespace events_test
