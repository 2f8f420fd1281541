#pragma once
// Event sources: what makes Lambda invoke a function, declared beside it in
// FunctionOptions::events. Each source becomes the CloudFormation resources
// AWS requires for it (a Lambda permission for the service that pushes, an
// event source mapping for the queues and streams Lambda polls) and adds to
// the function's role exactly the privileges that source needs, on that
// source's ARN only (see Synthesize() in service/synthesize.hpp).
//
// A source names its resource by an expression, so a resource of the same
// service and one that already exists read the same way:
//   .queue_arn = jobs.Arn()                                   // declared here
//   .queue_arn = "arn:aws:sqs:us-east-1:123456789012:jobs"    // existing
//
// **Example**:
//   namespace sqs = sparta::resources::sqs;
//   sqs::Queue jobs{"Jobs"};
//   sparta::Function worker{"Worker", Work,
//       {.events = {sparta::SqsEvents{.queue_arn = jobs.Arn(), .batch_size = 5,
//                                     .report_batch_item_failures = true}}}};

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sparta/cfn/resource_declaration.hpp"
#include "sparta/json/json.hpp"
#include "sparta/runtime/handler.hpp"

namespace sparta {

/// A bucket that is not part of this service (made by hand, by another
/// stack, by another tool), by name. A function reacts to it through a
/// built-in custom resource (Custom::SpartaS3BucketNotifications, served by
/// the service's function "SpartaS3BucketNotificationsProvider") that reads
/// the bucket's notification configuration, adds the function's entry and
/// writes it back; on delete it removes that entry only. Entries of other
/// owners are kept as they are. The provider may read and write the
/// notification configuration of the existing buckets the service names,
/// and nothing else.
class ExistingBucket {
 public:
  /// `name`: "photos-archive", or an expression (a parameter's Ref).
  /// Defined beside the provider (service/bucket_notifications.cpp), so
  /// only services that name an existing bucket link S3's client.
  explicit ExistingBucket(json::value name);

  const json::value& name() const { return name_; }
  /// Serves Custom::SpartaS3BucketNotifications.
  const runtime::Handler& notifications_provider() const { return provider_; }

 private:
  json::value name_;
  runtime::Handler provider_;
};

/// The custom resource type that edits an existing bucket's notifications.
inline constexpr std::string_view kBucketNotificationsType = "Custom::SpartaS3BucketNotifications";

/// Object events of an S3 bucket.
///
/// A bucket of this service (an s3::Bucket, by its handle): Sparta adds one
/// entry per event to the bucket's NotificationConfiguration.LambdaConfigurations
/// and a permission for s3.amazonaws.com from this account (and from this
/// bucket's ARN when the bucket declares its BucketName). The bucket is
/// created after the permission, as S3 checks it when the configuration is
/// written. Statements of the function's role that name this bucket go
/// into a separate AWS::IAM::Policy: the bucket names the function, so the
/// function's role cannot name the bucket (a circular dependency).
///
/// An existing bucket (ExistingBucket above): the permission (from that
/// bucket's ARN and this account) and a Custom::SpartaS3BucketNotifications
/// resource holding the function's entry; several entries for one bucket
/// are written one after the other.
struct S3Events {
  /// `.bucket = uploads` (this service's) or
  /// `.bucket = sparta::ExistingBucket{"photos-archive"}`.
  std::variant<cfn::Handle, ExistingBucket> bucket{};
  /// S3 event types, e.g. "s3:ObjectCreated:*", "s3:ObjectRemoved:Delete".
  std::vector<std::string> events = {"s3:ObjectCreated:*"};
  /// Key filters; empty means none.
  std::string prefix{};
  std::string suffix{};
  /// The function may also read the bucket's objects (s3:GetObject on
  /// them; for a bucket of this service, in the policy of its own
  /// described above).
  bool read_objects = false;
};

/// Where SNS applies a subscription's filter policy.
enum class FilterPolicyScope { kMessageAttributes, kMessageBody };

/// Messages published to an SNS topic: an AWS::SNS::Subscription (protocol
/// lambda) and a permission for sns.amazonaws.com from that topic.
struct SnsEvents {
  json::value topic_arn = nullptr;  // a topic's Ref is its ARN
  /// An SNS filter policy (a JSON object); null: every message.
  json::value filter_policy = nullptr;
  FilterPolicyScope filter_policy_scope = FilterPolicyScope::kMessageAttributes;
};

/// Messages of an SQS queue, polled by Lambda: an
/// AWS::Lambda::EventSourceMapping, and sqs:ReceiveMessage,
/// sqs:DeleteMessage and sqs:GetQueueAttributes on that queue.
struct SqsEvents {
  json::value queue_arn = nullptr;
  int batch_size = 10;                       // 1..10000 (above 10, a batching window)
  std::chrono::seconds batching_window{0};   // 0..300
  bool report_batch_item_failures = false;   // the handler answers batchItemFailures
  std::optional<int> maximum_concurrency{};  // 2..1000 concurrent invocations
  /// Event filters (each an event pattern, a JSON object); a record that
  /// matches none is dropped without invoking the function.
  std::vector<json::value> filters{};
  bool enabled = true;
};

/// Where a stream's reader starts.
enum class StartingPosition { kLatest, kTrimHorizon, kAtTimestamp };

/// Where records that failed every retry go: a queue or a topic. The role
/// gets sqs:SendMessage or sns:Publish on it.
struct FailureDestination {
  enum class Kind { kQueue, kTopic };
  Kind kind = Kind::kQueue;
  json::value arn = nullptr;

  static FailureDestination Queue(json::value queue_arn) {
    return {Kind::kQueue, std::move(queue_arn)};
  }
  static FailureDestination Topic(json::value topic_arn) {
    return {Kind::kTopic, std::move(topic_arn)};
  }
};

enum class StreamKind { kDynamoDb, kKinesis };

/// Records of a DynamoDB stream or a Kinesis data stream, read by Lambda
/// through an AWS::Lambda::EventSourceMapping. The role may read that stream
/// only: dynamodb:DescribeStream, GetRecords and GetShardIterator, or
/// kinesis:DescribeStream, DescribeStreamSummary, GetRecords,
/// GetShardIterator and ListShards, on its ARN. (ListStreams is not granted:
/// IAM scopes it to no resource, so it would need "*", and a mapping that
/// names its stream does not call it.)
template <StreamKind K>
struct StreamEvents {
  /// DynamoDB: the table's stream (`table.StreamArn()`, the table
  /// declaring a StreamSpecification). Kinesis: the stream's ARN.
  json::value stream_arn = nullptr;
  StartingPosition starting_position = StartingPosition::kLatest;
  /// With kAtTimestamp (Kinesis only): seconds since the epoch.
  std::optional<std::chrono::sys_seconds> starting_timestamp{};
  int batch_size = 100;                     // 1..10000
  std::chrono::seconds batching_window{0};  // 0..300
  bool bisect_batch_on_error = false;
  std::optional<int> maximum_retry_attempts{};  // -1 (forever)..10000
  /// -1 s (forever) or 60..604800 s.
  std::optional<std::chrono::seconds> maximum_record_age{};
  std::optional<FailureDestination> on_failure{};
  int parallelization_factor = 1;                      // 1..10
  std::optional<std::chrono::seconds> tumbling_window{};  // 0..900
  bool report_batch_item_failures = false;
  std::vector<json::value> filters{};  // as SqsEvents::filters
  bool enabled = true;
};
using DynamoDbStreamEvents = StreamEvents<StreamKind::kDynamoDb>;
using KinesisEvents = StreamEvents<StreamKind::kKinesis>;

/// Events matching a pattern on an EventBridge bus: an AWS::Events::Rule
/// targeting the function and a permission for events.amazonaws.com from
/// that rule. `name` (letters and digits) names the rule in the template:
/// logical ID `<function><name>Rule`.
struct EventRule {
  std::string name{};
  json::value pattern = nullptr;    // an event pattern (a JSON object)
  json::value event_bus = nullptr;  // a bus name or ARN; null: the default bus
  json::value input = nullptr;      // a constant event instead of the matched one
  std::string description{};
  bool enabled = true;
};

/// A schedule: `rate(5 minutes)` or `cron(0 12 * * ? *)` (UTC), checked at
/// `build` (see service/schedule_expression.hpp). Becomes an
/// AWS::Events::Rule on the default bus like EventRule.
struct Schedule {
  std::string name{};
  std::string expression{};
  json::value input = nullptr;
  std::string description{};
  bool enabled = true;
};

/// Log events of a CloudWatch Logs group: an AWS::Logs::SubscriptionFilter
/// delivering to the function, and a permission for logs.amazonaws.com from
/// that group. A group allows two subscription filters.
struct LogSubscription {
  json::value log_group_name = nullptr;  // a log group's Ref is its name
  std::string filter_pattern{};          // empty: every event
};

/// Mail received by SES: an AWS::SES::ReceiptRule named `rule_name` in an
/// existing rule set (or one of the service's AWS::SES::ReceiptRuleSet),
/// whose Lambda action invokes the function, and a permission for
/// ses.amazonaws.com from that rule.
struct SesReceipt {
  std::string rule_name{};  // 1..64 letters, digits, '.', '_' or '-'
  json::value rule_set_name = nullptr;
  /// Addresses or domains the rule applies to; empty: every recipient of
  /// the account's verified domains.
  std::vector<std::string> recipients{};
  bool scan_enabled = true;  // spam and virus scanning
  /// Event: SES does not wait. RequestResponse: the function may answer
  /// STOP_RULE / STOP_RULE_SET to SES within 30 s.
  bool request_response = false;
  bool enabled = true;
};

/// Anything a function can react to.
using EventSource = std::variant<S3Events, SnsEvents, SqsEvents, DynamoDbStreamEvents,
                                 KinesisEvents, EventRule, Schedule, LogSubscription, SesReceipt>;

}  // namespace sparta
