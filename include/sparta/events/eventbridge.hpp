#pragma once
// An Amazon EventBridge (CloudWatch Events) event as a rule's target
// function receives it: the envelope every source shares, and a `detail`
// whose shape depends on the source and detail-type. Give Detail your own
// described struct for the events you handle; the default keeps it as JSON.
//
// Members are named exactly as AWS names the JSON fields, so AWS's
// documentation maps 1:1; the keys that are not C++ identifiers are named
// through json_key (convert.hpp): `detail_type` is "detail-type",
// `replay_name` is "replay-name". Unknown fields are ignored.
//
// **Example**:
//   struct BuildState {
//     std::string build_status;  // hypothetical names: use the detail's own keys
//   };
//   BOOST_DESCRIBE_STRUCT(BuildState, (), (build_status))
//
//   void OnBuild(const sparta::events::eventbridge::Event<BuildState>& event,
//                sparta::runtime::Context&) { ... event.detail.build_status ... }
//   void OnSchedule(const sparta::events::eventbridge::ScheduledEvent& event,
//                   sparta::runtime::Context&) { ... event.time ... }

#include <boost/describe/class.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/json/json.hpp"

namespace sparta::events::eventbridge {

/// REQUIRES: Detail converts by json/convert.hpp's rules.
template <class Detail = json::value>
struct Event {
  std::string version{};      // "0"
  std::string id{};           // unique per event
  std::string detail_type{};  // "detail-type": "Scheduled Event", "CodeBuild Build State Change", ...
  std::string source{};       // "aws.events", "aws.codebuild", or a custom source
  std::string account{};
  std::string time{};  // ISO 8601, "2016-12-30T18:44:49Z"
  std::string region{};
  std::vector<std::string> resources{};  // ARNs the event concerns
  Detail detail{};
  std::optional<std::string> replay_name{};  // "replay-name": only on replayed events

  static constexpr std::string_view json_key(std::string_view member) {
    if (member == "detail_type") return "detail-type";
    if (member == "replay_name") return "replay-name";
    return member;
  }

  BOOST_DESCRIBE_CLASS(Event, (),
                       (version, id, detail_type, source, account, time, region, resources,
                        detail, replay_name),
                       (), ())
};

/// The detail of a scheduled rule's event: always `{}`.
struct EmptyDetail {};
BOOST_DESCRIBE_STRUCT(EmptyDetail, (), ())

/// What a schedule expression (rate(...), cron(...)) rule sends: detail-type
/// "Scheduled Event", source "aws.events", resources = the rule's ARN.
using ScheduledEvent = Event<EmptyDetail>;

}  // namespace sparta::events::eventbridge
