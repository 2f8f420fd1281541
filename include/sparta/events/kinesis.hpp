#pragma once
// The event a Kinesis Data Streams event source mapping sends a function: a
// batch of records from one shard. Record data stays base64 text until
// asked for (DecodedData), so a handler that looks only at partition keys or
// sequence numbers pays nothing for it.
//
// Members are named exactly as AWS names the JSON fields (`Records`,
// `kinesis.partitionKey`, `eventSourceARN`), so AWS's documentation maps 1:1;
// unknown fields are ignored.
//
// **Example**:
//   void OnRecords(const sparta::events::KinesisEvent& event, sparta::runtime::Context&) {
//     for (const auto& record : event.Records) {
//       std::string bytes = sparta::OrThrow(record.kinesis.DecodedData());  // "Hello World"
//       ...
//     }
//   }

#include <boost/describe/class.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sparta/events/tumbling_window.hpp"
#include "sparta/util/result.hpp"

namespace sparta::events {

struct KinesisRecord {
  std::string kinesisSchemaVersion{};
  std::string partitionKey{};
  std::string sequenceNumber{};  // the batch item identifier
  std::string data{};            // base64 of the record's bytes
  double approximateArrivalTimestamp = 0;     // seconds since the epoch, with milliseconds
  std::optional<std::string> encryptionType{};  // "KMS" for server-side encrypted streams

  /// The record's bytes. Error "InvalidBase64" when `data` is not base64.
  Result<std::string> DecodedData() const;
};
BOOST_DESCRIBE_STRUCT(KinesisRecord, (),
                      (kinesisSchemaVersion, partitionKey, sequenceNumber, data,
                       approximateArrivalTimestamp, encryptionType))

struct KinesisEventRecord {
  KinesisRecord kinesis{};
  std::string eventSource{};  // "aws:kinesis"
  std::string eventVersion{};
  std::string eventID{};    // "<shardId>:<sequenceNumber>"
  std::string eventName{};  // "aws:kinesis:record"
  std::string invokeIdentityArn{};
  std::string awsRegion{};
  std::string eventSourceARN{};  // the stream's ARN
};
BOOST_DESCRIBE_STRUCT(KinesisEventRecord, (),
                      (kinesis, eventSource, eventVersion, eventID, eventName, invokeIdentityArn,
                       awsRegion, eventSourceARN))

struct KinesisEvent {
  std::vector<KinesisEventRecord> Records{};
};
BOOST_DESCRIBE_STRUCT(KinesisEvent, (), (Records))

/// With tumbling windows; answer with a TimeWindowResponse.
using KinesisTimeWindowEvent = TimeWindowEvent<KinesisEventRecord>;

}  // namespace sparta::events
