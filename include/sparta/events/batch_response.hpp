#pragma once
// What a function returns to report partial batch failures to an SQS,
// Kinesis or DynamoDB Streams event source mapping (with
// FunctionResponseTypes ["ReportBatchItemFailures"]): the items listed are
// retried (SQS: made visible again; streams: the batch is retried from the
// lowest listed sequence number); the others count as done. An empty list
// means the whole batch succeeded.
//
// The item identifier is, per source:
//   SQS              the message's `messageId`
//   Kinesis          the record's `kinesis.sequenceNumber`
//   DynamoDB Streams the record's `dynamodb.SequenceNumber`
//
// **Example**:
//   sparta::events::BatchItemFailures failures;
//   failures.Add(message.messageId);
//   return failures;  // {"batchItemFailures":[{"itemIdentifier":"MessageID_1"}]}

#include <boost/describe/class.hpp>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace sparta::events {

struct BatchItemFailure {
  std::string itemIdentifier{};
};
BOOST_DESCRIBE_STRUCT(BatchItemFailure, (), (itemIdentifier))

struct BatchItemFailures {
  std::vector<BatchItemFailure> batchItemFailures{};

  /// Reports the item `item_identifier` (see above) as failed.
  void Add(std::string item_identifier) {
    batchItemFailures.push_back({std::move(item_identifier)});
  }
};
BOOST_DESCRIBE_STRUCT(BatchItemFailures, (), (batchItemFailures))

/// What a tumbling-window function returns (events/tumbling_window.hpp):
/// the state Lambda hands to the next invocation of the same window, and
/// the failed items as above.
struct TimeWindowResponse : BatchItemFailures {
  std::map<std::string, std::string> state{};
};
BOOST_DESCRIBE_STRUCT(TimeWindowResponse, (BatchItemFailures), (state))

}  // namespace sparta::events
