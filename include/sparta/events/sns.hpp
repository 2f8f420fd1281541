#pragma once
// The event Amazon SNS sends a subscribed function: one record per
// notification (Lambda delivers one at a time).
//
// Members are named exactly as AWS names the JSON fields (here they are
// capitalized: `Records[].Sns.Message`), so AWS's documentation maps 1:1;
// unknown fields are ignored.
//
// **Example**:
//   void OnNotification(const sparta::events::SnsEvent& event, sparta::runtime::Context&) {
//     for (const auto& record : event.Records) Handle(record.Sns.Message);
//   }

#include <boost/describe/class.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sparta::events {

/// A message attribute: Type is "String", "String.Array", "Number" or
/// "Binary" (Value then base64).
struct SnsMessageAttribute {
  std::string Type{};
  std::string Value{};
};
BOOST_DESCRIBE_STRUCT(SnsMessageAttribute, (), (Type, Value))

struct SnsMessage {
  std::string Signature{};
  std::string MessageId{};
  std::string Type{};  // "Notification"
  std::string TopicArn{};
  std::map<std::string, SnsMessageAttribute> MessageAttributes{};
  std::string SignatureVersion{};
  std::string Timestamp{};  // ISO 8601
  std::string SigningCertUrl{};
  std::string Message{};
  std::string UnsubscribeUrl{};
  std::optional<std::string> Subject{};  // absent or null when the publisher gave none
};
BOOST_DESCRIBE_STRUCT(SnsMessage, (),
                      (Signature, MessageId, Type, TopicArn, MessageAttributes, SignatureVersion,
                       Timestamp, SigningCertUrl, Message, UnsubscribeUrl, Subject))

struct SnsEventRecord {
  std::string EventVersion{};
  std::string EventSubscriptionArn{};
  std::string EventSource{};  // "aws:sns"
  SnsMessage Sns{};
};
BOOST_DESCRIBE_STRUCT(SnsEventRecord, (), (EventVersion, EventSubscriptionArn, EventSource, Sns))

struct SnsEvent {
  std::vector<SnsEventRecord> Records{};
};
BOOST_DESCRIBE_STRUCT(SnsEvent, (), (Records))

}  // namespace sparta::events
