#pragma once
// The event Amazon S3 sends a function for an event notification
// (ObjectCreated, ObjectRemoved, ObjectRestore, Replication, LifecycleTransition,
// IntelligentTiering, ...): one record per object.
//
// As in every events/ header, members are named exactly as AWS names the
// JSON fields (`Records`, `eventName`, `s3.object.key`), so AWS's
// documentation of the event maps 1:1; the few keys that are not C++
// identifiers ("x-amz-request-id") are named through json_key (convert.hpp).
// Unknown fields are ignored; fields that only some notifications carry are
// std::optional, and absent ones stay absent when the event is written back.
//
// **Example**:
//   void OnUpload(const sparta::events::S3Event& event, sparta::runtime::Context&) {
//     for (const auto& record : event.Records) {
//       std::string key = sparta::OrThrow(record.s3.object.DecodedKey());  // "Happy Face.jpg"
//       ...
//     }
//   }

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::events {

/// Decodes an S3 event's object key. S3 form-encodes keys in notifications:
/// "%XX" is the byte XX and "+" is a space ("Happy%20Face.jpg" and
/// "Happy+Face.jpg" are both "Happy Face.jpg"). Error "InvalidObjectKey"
/// naming the offset when a "%" is not followed by two hex digits.
Result<std::string> DecodeObjectKey(std::string_view encoded);

struct S3UserIdentity {
  std::string principalId{};
};
BOOST_DESCRIBE_STRUCT(S3UserIdentity, (), (principalId))

struct S3RequestParameters {
  std::string sourceIPAddress{};
};
BOOST_DESCRIBE_STRUCT(S3RequestParameters, (), (sourceIPAddress))

/// S3's request IDs, for AWS support.
struct S3ResponseElements {
  std::string x_amz_request_id{};  // "x-amz-request-id"
  std::string x_amz_id_2{};        // "x-amz-id-2"

  static constexpr std::string_view json_key(std::string_view member) {
    if (member == "x_amz_request_id") return "x-amz-request-id";
    if (member == "x_amz_id_2") return "x-amz-id-2";
    return member;
  }
};
BOOST_DESCRIBE_STRUCT(S3ResponseElements, (), (x_amz_request_id, x_amz_id_2))

struct S3Bucket {
  std::string name{};
  S3UserIdentity ownerIdentity{};
  std::string arn{};
};
BOOST_DESCRIBE_STRUCT(S3Bucket, (), (name, ownerIdentity, arn))

struct S3Object {
  /// Form-encoded (see DecodeObjectKey); read it with DecodedKey().
  std::string key{};
  /// Not sent by S3: aws-lambda-go adds the decoded key when it writes an
  /// event, and its published samples carry it. Kept so those round-trip.
  std::optional<std::string> urlDecodedKey{};
  std::optional<std::uint64_t> size{};  // absent for ObjectRemoved
  std::optional<std::string> versionId{};
  std::optional<std::string> eTag{};  // absent for ObjectRemoved
  std::string sequencer{};

  /// DecodeObjectKey(key).
  Result<std::string> DecodedKey() const { return DecodeObjectKey(key); }
};
BOOST_DESCRIBE_STRUCT(S3Object, (), (key, urlDecodedKey, size, versionId, eTag, sequencer))

struct S3Entity {
  std::string s3SchemaVersion{};
  std::string configurationId{};
  S3Bucket bucket{};
  S3Object object{};
};
BOOST_DESCRIBE_STRUCT(S3Entity, (), (s3SchemaVersion, configurationId, bucket, object))

/// When an object restored from S3 Glacier expires, and its storage class.
struct S3RestoreEventData {
  std::string lifecycleRestorationExpiryTime{};
  std::string lifecycleRestoreStorageClass{};
};
BOOST_DESCRIBE_STRUCT(S3RestoreEventData, (),
                      (lifecycleRestorationExpiryTime, lifecycleRestoreStorageClass))

/// ObjectRestore:Completed.
struct S3GlacierEventData {
  S3RestoreEventData restoreEventData{};
};
BOOST_DESCRIBE_STRUCT(S3GlacierEventData, (), (restoreEventData))

struct S3TransitionEventData {
  std::string destinationStorageClass{};
};
BOOST_DESCRIBE_STRUCT(S3TransitionEventData, (), (destinationStorageClass))

/// LifecycleTransition.
struct S3LifecycleEventData {
  S3TransitionEventData transitionEventData{};
};
BOOST_DESCRIBE_STRUCT(S3LifecycleEventData, (), (transitionEventData))

/// IntelligentTiering: the access tier the object moved to.
struct S3IntelligentTieringEventData {
  std::string destinationAccessTier{};
};
BOOST_DESCRIBE_STRUCT(S3IntelligentTieringEventData, (), (destinationAccessTier))

/// Replication:OperationFailedReplication and the other Replication events.
struct S3ReplicationEventData {
  std::string replicationRuleId{};
  std::string destinationBucket{};
  std::string s3Operation{};
  std::string requestTime{};
  std::optional<std::string> failureReason{};  // failed replications only
};
BOOST_DESCRIBE_STRUCT(S3ReplicationEventData, (),
                      (replicationRuleId, destinationBucket, s3Operation, requestTime,
                       failureReason))

struct S3EventRecord {
  std::string eventVersion{};
  std::string eventSource{};  // "aws:s3"
  std::string awsRegion{};
  std::string eventTime{};  // ISO 8601, "1970-01-01T00:00:00.123Z"
  std::string eventName{};  // "ObjectCreated:Put", "s3:ObjectRestore:Completed", ...
  S3UserIdentity userIdentity{};
  S3RequestParameters requestParameters{};
  S3ResponseElements responseElements{};
  S3Entity s3{};
  std::optional<S3GlacierEventData> glacierEventData{};
  /// Where aws-lambda-go's restore sample puts glacierEventData's contents.
  std::optional<S3RestoreEventData> restoreEventData{};
  std::optional<S3LifecycleEventData> lifecycleEventData{};
  std::optional<S3IntelligentTieringEventData> intelligentTieringEventData{};
  std::optional<S3ReplicationEventData> replicationEventData{};
};
BOOST_DESCRIBE_STRUCT(S3EventRecord, (),
                      (eventVersion, eventSource, awsRegion, eventTime, eventName, userIdentity,
                       requestParameters, responseElements, s3, glacierEventData, restoreEventData,
                       lifecycleEventData, intelligentTieringEventData, replicationEventData))

struct S3Event {
  std::vector<S3EventRecord> Records{};
};
BOOST_DESCRIBE_STRUCT(S3Event, (), (Records))

}  // namespace sparta::events
