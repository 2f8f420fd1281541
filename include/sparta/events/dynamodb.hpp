#pragma once
// The event a DynamoDB Streams event source mapping sends a function: a
// batch of stream records, each one item's change, with the item's key and
// (as the stream's view type says) its new and old images as typed
// attribute values (events/attribute_value.hpp, binary values decoded).
//
// Members are named exactly as AWS names the JSON fields (`Records`,
// `eventName`, `dynamodb.NewImage`), so AWS's documentation maps 1:1;
// unknown fields are ignored.
//
// **Example**:
//   sparta::events::BatchItemFailures OnChange(const sparta::events::DynamoDbEvent& event,
//                                              sparta::runtime::Context&) {
//     sparta::events::BatchItemFailures failures;
//     for (const auto& record : event.Records) {
//       if (record.eventName != "INSERT" || !record.dynamodb.NewImage) continue;
//       const sparta::dynamodb::AttributeValue& id = record.dynamodb.NewImage->at("Id");
//       if (!Index(id.number_as<int64_t>())) failures.Add(record.dynamodb.SequenceNumber);
//     }
//     return failures;
//   }

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sparta/events/attribute_value.hpp"
#include "sparta/events/epoch_seconds.hpp"
#include "sparta/events/tumbling_window.hpp"

namespace sparta::events {

/// Who made the change, when it was not a user: TTL deletions carry
/// {"type": "Service", "principalId": "dynamodb.amazonaws.com"}.
struct DynamoDbUserIdentity {
  std::string type{};
  std::string principalId{};
};
BOOST_DESCRIBE_STRUCT(DynamoDbUserIdentity, (), (type, principalId))

struct DynamoDbStreamRecord {
  EpochSeconds ApproximateCreationDateTime{};
  dynamodb::Item Keys{};
  std::optional<dynamodb::Item> NewImage{};  // NEW_IMAGE, NEW_AND_OLD_IMAGES; not on REMOVE
  std::optional<dynamodb::Item> OldImage{};  // OLD_IMAGE, NEW_AND_OLD_IMAGES; not on INSERT
  std::string SequenceNumber{};              // the batch item identifier
  std::int64_t SizeBytes = 0;
  std::string StreamViewType{};  // KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES
};
BOOST_DESCRIBE_STRUCT(DynamoDbStreamRecord, (),
                      (ApproximateCreationDateTime, Keys, NewImage, OldImage, SequenceNumber,
                       SizeBytes, StreamViewType))

struct DynamoDbEventRecord {
  std::string eventID{};
  std::string eventName{};  // "INSERT", "MODIFY", "REMOVE"
  std::string eventVersion{};
  std::string eventSource{};  // "aws:dynamodb"
  std::string awsRegion{};
  DynamoDbStreamRecord dynamodb{};
  std::string eventSourceARN{};  // the stream's ARN
  std::optional<DynamoDbUserIdentity> userIdentity{};
};
BOOST_DESCRIBE_STRUCT(DynamoDbEventRecord, (),
                      (eventID, eventName, eventVersion, eventSource, awsRegion, dynamodb,
                       eventSourceARN, userIdentity))

struct DynamoDbEvent {
  std::vector<DynamoDbEventRecord> Records{};
};
BOOST_DESCRIBE_STRUCT(DynamoDbEvent, (), (Records))

/// With tumbling windows; answer with a TimeWindowResponse.
using DynamoDbTimeWindowEvent = TimeWindowEvent<DynamoDbEventRecord>;

}  // namespace sparta::events
