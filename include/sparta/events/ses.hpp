#pragma once
// The event Amazon SES sends a function from a receipt rule's Lambda action:
// the received mail's metadata and headers (not its body: an S3 action
// stores that) and the receipt's verdicts. aws-lambda-go's samples for the
// S3 and SNS actions have the same record shape with those actions' own
// `receipt.action` fields, which are optional here and read as well.
//
// Members are named exactly as AWS names the JSON fields (`Records`,
// `ses.mail.commonHeaders.subject`), so AWS's documentation maps 1:1;
// unknown fields are ignored.
//
// **Example**:
//   void OnMail(const sparta::events::SesEvent& event, sparta::runtime::Context& ctx) {
//     for (const auto& record : event.Records) {
//       const auto& mail = record.ses.mail;
//       ctx.log().Info(mail.source + ": " + mail.commonHeaders.subject.value_or(""));
//     }
//   }

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sparta::events {

struct SesHeader {
  std::string name{};
  std::string value{};
};
BOOST_DESCRIBE_STRUCT(SesHeader, (), (name, value))

/// The headers SES parses for convenience; the absent ones were not in the
/// mail.
struct SesCommonHeaders {
  std::optional<std::string> returnPath{};
  std::vector<std::string> from{};
  std::optional<std::vector<std::string>> sender{};
  std::optional<std::vector<std::string>> replyTo{};
  std::vector<std::string> to{};
  std::optional<std::vector<std::string>> cc{};
  std::optional<std::vector<std::string>> bcc{};
  std::string date{};
  std::string messageId{};
  std::optional<std::string> subject{};
};
BOOST_DESCRIBE_STRUCT(SesCommonHeaders, (),
                      (returnPath, from, sender, replyTo, to, cc, bcc, date, messageId, subject))

struct SesMail {
  std::string timestamp{};  // ISO 8601
  std::string source{};     // the envelope's MAIL FROM
  std::string messageId;  // SES's ID (the S3 object key of an S3 action)
  std::vector<std::string> destination{};
  bool headersTruncated = false;
  std::vector<SesHeader> headers{};  // in the mail's order
  SesCommonHeaders commonHeaders{};
};
BOOST_DESCRIBE_STRUCT(SesMail, (),
                      (timestamp, source, messageId, destination, headersTruncated, headers,
                       commonHeaders))

/// "PASS", "FAIL", "GRAY" or "PROCESSING_FAILED" ("DISABLED" when the check
/// is off).
struct SesVerdict {
  std::string status{};
};
BOOST_DESCRIBE_STRUCT(SesVerdict, (), (status))

/// The receipt rule action that delivered the event: type "Lambda" (with
/// functionArn and invocationType), "SNS" (topicArn, encoding), "S3"
/// (bucketName, objectKey, topicArn), ...
struct SesAction {
  std::string type{};
  std::optional<std::string> functionArn{};
  std::optional<std::string> invocationType{};  // "Event" or "RequestResponse"
  std::optional<std::string> topicArn{};
  std::optional<std::string> encoding{};  // "UTF8" or "Base64"
  std::optional<std::string> bucketName{};
  std::optional<std::string> objectKeyPrefix{};
  std::optional<std::string> objectKey{};
};
BOOST_DESCRIBE_STRUCT(SesAction, (),
                      (type, functionArn, invocationType, topicArn, encoding, bucketName,
                       objectKeyPrefix, objectKey))

struct SesReceipt {
  std::string timestamp{};  // ISO 8601
  std::int64_t processingTimeMillis = 0;
  std::vector<std::string> recipients{};  // those the rule matched
  SesVerdict spamVerdict{};
  SesVerdict virusVerdict{};
  SesVerdict spfVerdict{};
  SesVerdict dkimVerdict{};
  SesVerdict dmarcVerdict{};
  std::optional<std::string> dmarcPolicy{};  // "none", "quarantine", "reject"
  SesAction action{};
};
BOOST_DESCRIBE_STRUCT(SesReceipt, (),
                      (timestamp, processingTimeMillis, recipients, spamVerdict, virusVerdict,
                       spfVerdict, dkimVerdict, dmarcVerdict, dmarcPolicy, action))

struct SesNotification {
  SesMail mail{};
  SesReceipt receipt{};
};
BOOST_DESCRIBE_STRUCT(SesNotification, (), (mail, receipt))

struct SesEventRecord {
  std::string eventVersion{};
  SesNotification ses{};
  std::string eventSource{};  // "aws:ses"
};
BOOST_DESCRIBE_STRUCT(SesEventRecord, (), (eventVersion, ses, eventSource))

struct SesEvent {
  std::vector<SesEventRecord> Records{};
};
BOOST_DESCRIBE_STRUCT(SesEvent, (), (Records))

}  // namespace sparta::events
