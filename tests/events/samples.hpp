#pragma once
// The shared AWS event samples (shared/testdata/events, from aws-lambda-go)
// and the golden checks every event type runs on them.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sparta/events/tumbling_window.hpp"
#include "sparta/json/convert.hpp"
#include "sparta/json/json.hpp"

namespace events_test {

namespace json = sparta::json;

/// The samples with EventBridge's envelope (version, id, detail-type, source,
/// account, time, region, resources, detail).
inline constexpr const char* kEventBridgeSamples[] = {
    "derived/cloudwatch-scheduled-event.json",
    "autoscaling-event-launch-successful.json",
    "autoscaling-event-launch-unsuccessful.json",
    "autoscaling-event-lifecycle-action.json",
    "autoscaling-event-terminate-action.json",
    "autoscaling-event-terminate-successful.json",
    "autoscaling-event-terminate-unsuccessful.json",
    "codebuild-phase-change.json",
    "codebuild-state-change.json",
    "codedeploy-deployment-event.json",
    "codedeploy-instance-event.json",
    "codepipeline-action-execution-stage-change-event.json",
    "codepipeline-execution-stage-change-event.json",
    "codepipeline-execution-state-change-event.json",
    "ecr-image-push-event.json",
    "ecr-image-scan-event.json",
    "ecs-container-instance-state-change.json",
};

/// The bytes of events/<name> in the shared test data (a test failure and
/// "" when it cannot be read).
std::string SampleText(std::string_view name);

/// events/<name> parsed (a test failure and null when it does not parse).
json::value Sample(std::string_view name);

/// "" when `actual` equals `expected` structurally (json::value's ==: object
/// keys in any order, numbers of the same kind), else the JSON path of the
/// first difference and what differs there.
std::string FirstDifference(const json::value& expected, const json::value& actual,
                            const std::string& path = "$");

/// The sample converted to T.
template <class T>
T Parse(std::string_view name) {
  return sparta::jsonutil::FromJson<T>(Sample(name));
}

/// Parse → serialize keeps every field: ToJson(FromJson<T>(sample)) is the
/// sample's JSON.
template <class T>
void ExpectRoundTrip(std::string_view name) {
  const json::value sample = Sample(name);
  const json::value written = sparta::jsonutil::ToJson(sparta::jsonutil::FromJson<T>(sample));
  EXPECT_EQ(FirstDifference(sample, written), "") << name;
}

/// A time-window event's fields apart from its records, as JSON (one
/// comparison checks them all).
inline json::value WindowOf(const sparta::events::TumblingWindow& event) {
  return sparta::jsonutil::ToJson(event);
}

}  // namespace events_test
