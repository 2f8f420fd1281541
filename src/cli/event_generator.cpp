#include "event_generator.hpp"

#include <zlib.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <functional>
#include <vector>

#include "sparta/events/cloudwatch_logs.hpp"
#include "sparta/events/dynamodb.hpp"
#include "sparta/events/eventbridge.hpp"
#include "sparta/events/kinesis.hpp"
#include "sparta/events/s3.hpp"
#include "sparta/events/ses.hpp"
#include "sparta/events/sns.hpp"
#include "sparta/events/sqs.hpp"
#include "sparta/json/convert.hpp"
#include "sparta/util/base64.hpp"
#include "sparta/util/utc_time.hpp"

namespace sparta::cli {

namespace {

using Values = std::map<std::string, std::string>;

struct Key {
  std::string_view name;
  std::string_view default_value;  // "{region}" and "{account}" are filled in
  std::string_view what;
};

struct SourceSpec {
  std::string_view name;
  std::vector<std::string_view> kinds;  // the first is the default
  std::vector<Key> keys;
  std::function<Result<json::value>(const std::string& kind, const Values&)> make;
};

Error Usage(std::string message) { return MakeError("Usage", std::move(message)); }

std::string Now() {
  char text[util::kUtcMillisBufferSize];
  return std::string(text, util::FormatUtcMillis(std::chrono::system_clock::now(), text));
}

Result<long long> Integer(const Values& v, const std::string& key, long long lo, long long hi) {
  const std::string& text = v.at(key);
  long long n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < lo || n > hi) {
    return Usage("--" + key + " takes a whole number from " + std::to_string(lo) + " to " +
                 std::to_string(hi) + ", not \"" + text + "\"");
  }
  return n;
}

Result<json::value> Json(const Values& v, const std::string& key) {
  auto parsed = jsonutil::Parse(v.at(key), "--" + key);
  if (!parsed) return Usage(parsed.error().message);
  return std::move(*parsed);
}

// S3 form-encodes object keys in its notifications.
std::string FormEncode(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// gzip (RFC 1952) of `data`, as CloudWatch Logs compresses a subscription's
// payload.
Result<std::string> Gzip(std::string_view data) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return MakeError("Internal", "zlib could not start a gzip stream");
  }
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (status != Z_STREAM_END) return MakeError("Internal", "zlib could not compress the logs");
  return out;
}

json::value S3Event(const std::string& kind, const Values& v) {
  const bool put = kind == "put";
  events::S3EventRecord r{
      .eventVersion = "2.1",
      .eventSource = "aws:s3",
      .awsRegion = v.at("region"),
      .eventTime = Now(),
      .eventName = put ? "ObjectCreated:Put" : "ObjectRemoved:Delete",
      .userIdentity = {.principalId = "AWS:AIDAEXAMPLEPRINCIPAL"},
      .requestParameters = {.sourceIPAddress = "127.0.0.1"},
      .responseElements = {.x_amz_request_id = "C3D13FE58DE4C810",
                           .x_amz_id_2 = "FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
      .s3 = {.s3SchemaVersion = "1.0",
             .configurationId = "sparta-generated",
             .bucket = {.name = v.at("bucket"),
                        .ownerIdentity = {.principalId = "A3NL1KOZZKExample"},
                        .arn = "arn:aws:s3:::" + v.at("bucket")},
             .object = {.key = FormEncode(v.at("key")), .sequencer = "0055AED6DCD90281E5"}}};
  if (put) {
    r.s3.object.size = static_cast<std::uint64_t>(std::stoull(v.at("size")));
    r.s3.object.eTag = v.at("etag");
  }
  return jsonutil::ToJson(events::S3Event{.Records = {std::move(r)}});
}

// The table of sources. Keys are checked before `make` runs, so `make` reads
// every key of its source with v.at().
const std::vector<SourceSpec>& Sources() {
  static const std::vector<SourceSpec> sources = {
      {"s3",
       {"put", "delete"},
       {{"bucket", "example-bucket", "the bucket's name"},
        {"key", "incoming/example.csv", "the object's key (encoded as S3 encodes it)"},
        {"size", "1024", "the object's size in bytes (put)"},
        {"etag", "0123456789abcdef0123456789abcdef", "the object's ETag (put)"}},
       [](const std::string& kind, const Values& v) -> Result<json::value> {
         if (auto size = Integer(v, "size", 0, 5LL << 40); !size) return size.error();
         return S3Event(kind, v);
       }},
      {"sns",
       {"notification"},
       {{"topic-arn", "arn:aws:sns:{region}:{account}:example-topic", "the topic's ARN"},
        {"message", "Hello from SNS!", "the message"},
        {"subject", "", "the subject (none when empty)"}},
       [](const std::string&, const Values& v) -> Result<json::value> {
         events::SnsMessage m{.Signature = "EXAMPLE",
                              .MessageId = "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
                              .Type = "Notification",
                              .TopicArn = v.at("topic-arn"),
                              .SignatureVersion = "1",
                              .Timestamp = Now(),
                              .SigningCertUrl = "https://sns." + v.at("region") +
                                                ".amazonaws.com/SimpleNotificationService.pem",
                              .Message = v.at("message"),
                              .UnsubscribeUrl = "https://sns." + v.at("region") +
                                                ".amazonaws.com/?Action=Unsubscribe"};
         if (!v.at("subject").empty()) m.Subject = v.at("subject");
         return jsonutil::ToJson(events::SnsEvent{
             .Records = {{.EventVersion = "1.0",
                          .EventSubscriptionArn = v.at("topic-arn") + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
                          .EventSource = "aws:sns",
                          .Sns = std::move(m)}}});
       }},
      {"sqs",
       {"receive"},
       {{"queue-arn", "arn:aws:sqs:{region}:{account}:example-queue", "the queue's ARN"},
        {"body", "Hello from SQS!", "each message's body"},
        {"count", "1", "how many messages (1 to 10)"}},
       [](const std::string&, const Values& v) -> Result<json::value> {
         auto count = Integer(v, "count", 1, 10);
         if (!count) return count.error();
         events::SqsEvent e;
         for (long long i = 1; i <= *count; ++i) {
           const std::string n = std::to_string(i);
           e.Records.push_back({.messageId = "059f36b4-87a3-44ab-83d2-66197285000" + n,
                                .receiptHandle = "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a" + n,
                                .body = v.at("body"),
                                .attributes = {{"ApproximateReceiveCount", "1"},
                                               {"SentTimestamp", "1545082649183"},
                                               {"SenderId", "AIDAEXAMPLESENDER"},
                                               {"ApproximateFirstReceiveTimestamp", "1545082649185"}},
                                .md5OfBody = "e4e68fb7bd0e697a0ae8f1bb342846b3",
                                .eventSource = "aws:sqs",
                                .eventSourceARN = v.at("queue-arn"),
                                .awsRegion = v.at("region")});
         }
         return jsonutil::ToJson(e);
       }},
      {"dynamodb",
       {"insert", "modify", "remove"},
       {{"stream-arn",
         "arn:aws:dynamodb:{region}:{account}:table/example-table/stream/2026-01-01T00:00:00.000",
         "the table's stream ARN"},
        {"keys", R"({"id":{"S":"1"}})", "the item's key (DynamoDB JSON)"},
        {"new-image", R"({"id":{"S":"1"},"status":{"S":"new"}})",
         "the item after (DynamoDB JSON; insert, modify)"},
        {"old-image", R"({"id":{"S":"1"},"status":{"S":"old"}})",
         "the item before (DynamoDB JSON; modify, remove)"}},
       [](const std::string& kind, const Values& v) -> Result<json::value> {
         events::DynamoDbEventRecord r{.eventID = "c4ca4238a0b923820dcc509a6f75849b",
                                       .eventName = kind == "insert"   ? "INSERT"
                                                    : kind == "modify" ? "MODIFY"
                                                                       : "REMOVE",
                                       .eventVersion = "1.1",
                                       .eventSource = "aws:dynamodb",
                                       .awsRegion = v.at("region"),
                                       .eventSourceARN = v.at("stream-arn")};
         auto item = [&](const std::string& key) -> Result<dynamodb::Item> {
           auto parsed = Json(v, key);
           if (!parsed) return parsed.error();
           auto converted = dynamodb::ItemFromJson(*parsed, "--" + key);
           if (!converted) return Usage(converted.error().message);
           return converted;
         };
         auto keys = item("keys");
         if (!keys) return keys.error();
         r.dynamodb.Keys = std::move(*keys);
         r.dynamodb.ApproximateCreationDateTime.seconds = 1767225600;
         r.dynamodb.SequenceNumber = "111100000000001234567890";
         r.dynamodb.SizeBytes = 26;
         r.dynamodb.StreamViewType = "NEW_AND_OLD_IMAGES";
         if (kind != "remove") {
           auto image = item("new-image");
           if (!image) return image.error();
           r.dynamodb.NewImage = std::move(*image);
         }
         if (kind != "insert") {
           auto image = item("old-image");
           if (!image) return image.error();
           r.dynamodb.OldImage = std::move(*image);
         }
         return jsonutil::ToJson(events::DynamoDbEvent{.Records = {std::move(r)}});
       }},
      {"kinesis",
       {"record"},
       {{"stream-arn", "arn:aws:kinesis:{region}:{account}:stream/example-stream",
         "the stream's ARN"},
        {"data", "Hello, Kinesis!", "each record's data (the event carries it base64)"},
        {"partition-key", "partition-1", "the records' partition key"},
        {"count", "1", "how many records (1 to 10000)"}},
       [](const std::string&, const Values& v) -> Result<json::value> {
         auto count = Integer(v, "count", 1, 10000);
         if (!count) return count.error();
         events::KinesisEvent e;
         for (long long i = 0; i < *count; ++i) {
           const std::string sequence =
               "4959033827149025660855969253836157109592157598913658" + std::to_string(8800 + i);
           events::KinesisEventRecord r;
           r.kinesis.kinesisSchemaVersion = "1.0";
           r.kinesis.partitionKey = v.at("partition-key");
           r.kinesis.sequenceNumber = sequence;
           r.kinesis.data = util::Base64Encode(v.at("data"));
           r.kinesis.approximateArrivalTimestamp = 1767225600.5;
           r.eventSource = "aws:kinesis";
           r.eventVersion = "1.0";
           r.eventID = "shardId-000000000000:" + sequence;
           r.eventName = "aws:kinesis:record";
           r.invokeIdentityArn = "arn:aws:iam::123456789012:role/example";
           r.awsRegion = v.at("region");
           r.eventSourceARN = v.at("stream-arn");
           e.Records.push_back(std::move(r));
         }
         return jsonutil::ToJson(e);
       }},
      {"ses",
       {"receive"},
       {{"from", "sender@example.com", "the sender"},
        {"to", "recipient@example.com", "the recipient"},
        {"subject", "Hello from SES!", "the subject"},
        {"function-arn", "arn:aws:lambda:{region}:{account}:function:example",
         "the function the rule invokes"}},
       [](const std::string&, const Values& v) -> Result<json::value> {
         const std::string now = Now();
         const events::SesVerdict pass{.status = "PASS"};
         events::SesNotification n{
             .mail = {.timestamp = now,
                      .source = v.at("from"),
                      .messageId = "o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g1",
                      .destination = {v.at("to")},
                      .headers = {{"From", v.at("from")},
                                  {"To", v.at("to")},
                                  {"Subject", v.at("subject")}},
                      .commonHeaders = {.from = {v.at("from")},
                                        .to = {v.at("to")},
                                        .date = now,
                                        .messageId = "<example@example.com>",
                                        .subject = v.at("subject")}},
             .receipt = {.timestamp = now,
                         .processingTimeMillis = 222,
                         .recipients = {v.at("to")},
                         .spamVerdict = pass,
                         .virusVerdict = pass,
                         .spfVerdict = pass,
                         .dkimVerdict = pass,
                         .dmarcVerdict = pass,
                         .action = {.type = "Lambda",
                                    .functionArn = v.at("function-arn"),
                                    .invocationType = "Event"}}};
         return jsonutil::ToJson(events::SesEvent{
             .Records = {{.eventVersion = "1.0", .ses = std::move(n), .eventSource = "aws:ses"}}});
       }},
      {"schedule",
       {"scheduled"},
       {{"rule-arn", "arn:aws:events:{region}:{account}:rule/example-rule", "the rule's ARN"},
        {"account", "{account}", "the account"}},
       [](const std::string&, const Values& v) -> Result<json::value> {
         return jsonutil::ToJson(events::eventbridge::ScheduledEvent{
             .version = "0",
             .id = "89d1a02d-5ec7-412e-82f5-13505f849b41",
             .detail_type = "Scheduled Event",
             .source = "aws.events",
             .account = v.at("account"),
             .time = Now().substr(0, 19) + "Z",
             .region = v.at("region"),
             .resources = {v.at("rule-arn")}});
       }},
      {"eventbridge",
       {"event"},
       {{"source", "example.app", "the event's source"},
        {"detail-type", "Example", "the event's detail-type"},
        {"detail", "{}", "the event's detail (JSON)"},
        {"account", "{account}", "the account"}},
       [](const std::string&, const Values& v) -> Result<json::value> {
         auto detail = Json(v, "detail");
         if (!detail) return detail.error();
         return jsonutil::ToJson(events::eventbridge::Event<json::value>{
             .version = "0",
             .id = "3e3c153a-8339-4e30-8c35-687ebef853fe",
             .detail_type = v.at("detail-type"),
             .source = v.at("source"),
             .account = v.at("account"),
             .time = Now().substr(0, 19) + "Z",
             .region = v.at("region"),
             .detail = std::move(*detail)});
       }},
      {"cloudwatch-logs",
       {"subscription"},
       {{"log-group", "/aws/lambda/example", "the log group"},
        {"log-stream", "2026/01/01/[$LATEST]0123456789abcdef", "the log stream"},
        {"message", "ERROR example", "the log line"},
        {"filter-name", "example-filter", "the subscription filter's name"},
        {"account", "{account}", "the log group's account"}},
       [](const std::string&, const Values& v) -> Result<json::value> {
         events::LogsData data{.messageType = "DATA_MESSAGE",
                               .owner = v.at("account"),
                               .logGroup = v.at("log-group"),
                               .logStream = v.at("log-stream"),
                               .subscriptionFilters = {v.at("filter-name")},
                               .logEvents = {{.id = "37823891123456789012345678901234567890123456",
                                              .timestamp = 1767225600000,
                                              .message = v.at("message")}}};
         auto gz = Gzip(jsonutil::Compact(jsonutil::ToJson(data)));
         if (!gz) return gz.error();
         return jsonutil::ToJson(events::CloudWatchLogsEvent{
             .awslogs = {.data = util::Base64Encode(*gz)}});
       }},
  };
  return sources;
}

std::string Defaulted(std::string_view value) {
  std::string out(value);
  auto replace = [&](std::string_view token, const std::string& with) {
    for (std::size_t at; (at = out.find(token)) != std::string::npos;) {
      out.replace(at, token.size(), with);
    }
  };
  const char* region = std::getenv("AWS_REGION");
  replace("{region}", region != nullptr && *region != '\0' ? region : "us-east-1");
  replace("{account}", "123456789012");
  return out;
}

std::string Names(const std::vector<std::string_view>& names, std::string_view separator = ", ",
                  std::string_view prefix = "") {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out.append(separator);
    out.append(prefix).append(n);
  }
  return out;
}

}  // namespace

Result<EventRequest> ParseEventRequest(std::string_view source,
                                       const std::vector<std::string>& args) {
  EventRequest request;
  const std::size_t colon = source.find(':');
  request.source = std::string(source.substr(0, colon));
  if (colon != std::string_view::npos) request.kind = std::string(source.substr(colon + 1));
  for (std::size_t i = 0; i < args.size(); i += 2) {
    if (!args[i].starts_with("--") || args[i].size() < 3) {
      return Usage("\"" + args[i] + "\" is not an event key; give --<key> <value> pairs after "
                   "--event-source (e.g. --bucket my-bucket)");
    }
    if (i + 1 == args.size()) return Usage(args[i] + " has no value");
    request.values[args[i].substr(2)] = args[i + 1];
  }
  return request;
}

Result<std::string> GenerateEvent(const EventRequest& request) {
  std::vector<std::string_view> names;
  for (const SourceSpec& spec : Sources()) {
    names.push_back(spec.name);
    if (spec.name != request.source) continue;
    const std::string kind = request.kind.empty() ? std::string(spec.kinds.front()) : request.kind;
    if (std::find(spec.kinds.begin(), spec.kinds.end(), kind) == spec.kinds.end()) {
      return Usage("event source " + request.source + " has no kind \"" + kind +
                   "\"; its kinds: " + Names(spec.kinds));
    }
    // The region of the ARNs and records: the environment's (AWS_REGION).
    Values values{{"region", Defaulted("{region}")}};
    std::vector<std::string_view> keys;
    for (const Key& key : spec.keys) {
      keys.push_back(key.name);
      values[std::string(key.name)] = Defaulted(key.default_value);
    }
    for (const auto& [key, value] : request.values) {
      if (!values.contains(key)) {
        return Usage("event source " + request.source + " has no key --" + key +
                     "; its keys: " + Names(keys, ", ", "--"));
      }
      values[key] = value;
    }
    auto event = spec.make(kind, values);
    if (!event) return event.error();
    return jsonutil::Pretty(*event);
  }
  return Usage("no event source \"" + request.source + "\"; the sources: " + Names(names));
}

std::string EventSourcesHelp() {
  std::string out;
  for (const SourceSpec& spec : Sources()) {
    out += "  " + std::string(spec.name);
    if (spec.kinds.size() > 1) out += "[:" + Names(spec.kinds, "|") + "]";
    out += "\n";
    for (const Key& key : spec.keys) {
      out += "      --" + std::string(key.name) + "  " + std::string(key.what) + " (default: " +
             Defaulted(key.default_value) + ")\n";
    }
  }
  return out;
}

}  // namespace sparta::cli
