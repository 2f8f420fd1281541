#pragma once
// The event an Amazon SQS event source mapping sends a function: a batch of
// up to 10 messages (more with a batching window).
//
// Members are named exactly as AWS names the JSON fields (`Records`,
// `messageId`, `eventSourceARN`), so AWS's documentation maps 1:1; unknown
// fields are ignored.
//
// **Example** (a handler reporting partial batch failures, see
// batch_response.hpp; the runtime converts the event and the response):
//   sparta::events::BatchItemFailures Process(const sparta::events::SqsEvent& event,
//                                             sparta::runtime::Context&) {
//     sparta::events::BatchItemFailures failures;
//     for (const auto& message : event.Records) {
//       if (!Handle(message.body)) failures.Add(message.messageId);
//     }
//     return failures;
//   }
//   sparta::Function worker{"Worker", Process};

#include <boost/describe/class.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sparta::events {

/// A message attribute as the event carries it (note: not SQS API's
/// capitalized names). dataType is "String", "Number" or "Binary", possibly
/// with a custom suffix ("Number.int"); binary values are base64.
struct SqsMessageAttribute {
  std::optional<std::string> stringValue{};
  std::optional<std::string> binaryValue{};
  std::vector<std::string> stringListValues{};  // reserved by SQS: empty in practice
  std::vector<std::string> binaryListValues{};  // reserved by SQS: empty in practice
  std::string dataType{};
};
BOOST_DESCRIBE_STRUCT(SqsMessageAttribute, (),
                      (stringValue, binaryValue, stringListValues, binaryListValues, dataType))

struct SqsMessage {
  std::string messageId{};
  std::string receiptHandle{};
  std::string body{};
  /// ApproximateReceiveCount, SentTimestamp (ms since the epoch, as text),
  /// SenderId, ApproximateFirstReceiveTimestamp; FIFO queues add
  /// SequenceNumber, MessageGroupId and MessageDeduplicationId.
  std::map<std::string, std::string> attributes{};
  std::map<std::string, SqsMessageAttribute> messageAttributes{};
  std::string md5OfBody{};
  std::optional<std::string> md5OfMessageAttributes{};  // null without attributes
  std::string eventSource{};  // "aws:sqs"
  std::string eventSourceARN{};
  std::string awsRegion{};
};
BOOST_DESCRIBE_STRUCT(SqsMessage, (),
                      (messageId, receiptHandle, body, attributes, messageAttributes, md5OfBody,
                       md5OfMessageAttributes, eventSource, eventSourceARN, awsRegion))

struct SqsEvent {
  std::vector<SqsMessage> Records{};
};
BOOST_DESCRIBE_STRUCT(SqsEvent, (), (Records))

}  // namespace sparta::events
