#pragma once
// The event types S3 notifies about (S3's "Event notification types") and
// how S3 decides that two notification entries overlap. Shared by `build`'s
// checks and sparta-local's S3, which refuse the same configurations AWS
// refuses.

#include <algorithm>
#include <array>
#include <string_view>

namespace sparta::events::s3 {

inline constexpr std::array<std::string_view, 28> kEventTypes = {
    "s3:TestEvent",
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:ObjectRestore:Delete",
    "s3:ReducedRedundancyLostObject",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:Replication:OperationNotTracked",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:LifecycleTransition",
    "s3:IntelligentTiering",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete",
    "s3:ObjectAcl:Put",
};

inline bool IsEventType(std::string_view type) {
  return std::find(kEventTypes.begin(), kEventTypes.end(), type) != kEventTypes.end();
}

/// Whether two event types share events: equal, or one is the other's
/// family ("s3:ObjectCreated:*" covers "s3:ObjectCreated:Put").
inline bool EventTypesOverlap(std::string_view a, std::string_view b) {
  auto covers = [](std::string_view wide, std::string_view narrow) {
    return wide.ends_with(":*") && narrow.starts_with(wide.substr(0, wide.size() - 1));
  };
  return a == b || covers(a, b) || covers(b, a);
}

/// Whether two entries' key filters can match one key: one prefix starts
/// the other, and one suffix ends the other (empty matches everything).
inline bool KeyFiltersOverlap(std::string_view prefix_a, std::string_view suffix_a,
                              std::string_view prefix_b, std::string_view suffix_b) {
  return (prefix_a.starts_with(prefix_b) || prefix_b.starts_with(prefix_a)) &&
         (suffix_a.ends_with(suffix_b) || suffix_b.ends_with(suffix_a));
}

}  // namespace sparta::events::s3
