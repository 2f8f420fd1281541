// Real AWS event samples (shared/testdata/events, from aws-lambda-go) read
// into small structs that name a few of their fields, as a handler would:
// every other key must be ignored, absent ones default, nulls fit optionals.
#include <gtest/gtest.h>

#include <boost/describe.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sparta/json/convert.hpp"
#include "sparta/util/files.hpp"

namespace aws_events_test {
using sparta::json::object;
using sparta::json::value;

struct SqsAttribute {
  std::optional<std::string> stringValue;
  std::optional<std::string> binaryValue;
  std::vector<std::string> stringListValues;
  std::string dataType;
};
BOOST_DESCRIBE_STRUCT(SqsAttribute, (), (stringValue, binaryValue, stringListValues, dataType))
struct SqsRecord {
  std::string messageId;
  std::string body;
  std::string eventSourceARN;
  std::map<std::string, std::string> attributes;
  std::map<std::string, SqsAttribute> messageAttributes;
};
BOOST_DESCRIBE_STRUCT(SqsRecord, (), (messageId, body, eventSourceARN, attributes, messageAttributes))
struct SqsEvent {
  std::vector<SqsRecord> Records;
};
BOOST_DESCRIBE_STRUCT(SqsEvent, (), (Records))

struct S3Object {
  std::string key;
  std::uint64_t size = 0;
  std::optional<std::string> versionId;
};
BOOST_DESCRIBE_STRUCT(S3Object, (), (key, size, versionId))
struct S3Bucket {
  std::string name;
  std::string arn;
};
BOOST_DESCRIBE_STRUCT(S3Bucket, (), (name, arn))
struct S3Entity {
  S3Bucket bucket;
  S3Object object;
};
BOOST_DESCRIBE_STRUCT(S3Entity, (), (bucket, object))
struct S3Record {
  std::string eventName;
  std::string eventTime;
  S3Entity s3;
};
BOOST_DESCRIBE_STRUCT(S3Record, (), (eventName, eventTime, s3))
struct S3Event {
  std::vector<S3Record> Records;
};
BOOST_DESCRIBE_STRUCT(S3Event, (), (Records))

struct SnsAttribute {
  std::string Type;
  std::string Value;
};
BOOST_DESCRIBE_STRUCT(SnsAttribute, (), (Type, Value))
struct SnsMessage {
  std::string Message;
  std::optional<std::string> Subject;
  std::map<std::string, SnsAttribute> MessageAttributes;
};
BOOST_DESCRIBE_STRUCT(SnsMessage, (), (Message, Subject, MessageAttributes))
struct SnsRecord {
  std::string EventSource;
  SnsMessage Sns;
};
BOOST_DESCRIBE_STRUCT(SnsRecord, (), (EventSource, Sns))
struct SnsEvent {
  std::vector<SnsRecord> Records;
};
BOOST_DESCRIBE_STRUCT(SnsEvent, (), (Records))

enum class HttpMethod { GET, POST, PUT, DELETE };
BOOST_DESCRIBE_ENUM(HttpMethod, GET, POST, PUT, DELETE)
struct RestRequestContext {
  std::string requestId;
  std::int64_t requestTimeEpoch = 0;
  object authorizer;  // whatever the authorizer put there
};
BOOST_DESCRIBE_STRUCT(RestRequestContext, (), (requestId, requestTimeEpoch, authorizer))
struct RestRequest {
  std::string path;
  HttpMethod httpMethod = HttpMethod::GET;
  std::map<std::string, std::string> headers;
  std::optional<std::map<std::string, std::string>> queryStringParameters;
  std::optional<std::map<std::string, std::string>> pathParameters;
  std::optional<std::string> body;
  bool isBase64Encoded = false;
  RestRequestContext requestContext;
};
BOOST_DESCRIBE_STRUCT(RestRequest, (),
                      (path, httpMethod, headers, queryStringParameters, pathParameters, body,
                       isBase64Encoded, requestContext))

struct HttpDescription {
  HttpMethod method = HttpMethod::GET;
  std::string path;
  std::string sourceIp;
};
BOOST_DESCRIBE_STRUCT(HttpDescription, (), (method, path, sourceIp))
struct HttpRequestContext {
  HttpDescription http;
  std::int64_t timeEpoch = 0;
};
BOOST_DESCRIBE_STRUCT(HttpRequestContext, (), (http, timeEpoch))
struct HttpRequest {
  std::string version;
  std::string rawPath;
  std::map<std::string, std::string> headers;
  std::optional<std::vector<std::string>> cookies;
  std::optional<std::string> body;
  HttpRequestContext requestContext;
};
BOOST_DESCRIBE_STRUCT(HttpRequest, (), (version, rawPath, headers, cookies, body, requestContext))

struct StreamRecord {
  std::int64_t ApproximateCreationDateTime = 0;
  std::map<std::string, object> Keys;
  std::optional<std::map<std::string, value>> NewImage;
  std::uint64_t SizeBytes = 0;
};
BOOST_DESCRIBE_STRUCT(StreamRecord, (), (ApproximateCreationDateTime, Keys, NewImage, SizeBytes))
struct DynamoRecord {
  std::string eventName;
  std::optional<object> userIdentity;  // only in some records
  StreamRecord dynamodb;
};
BOOST_DESCRIBE_STRUCT(DynamoRecord, (), (eventName, userIdentity, dynamodb))
struct DynamoEvent {
  std::vector<DynamoRecord> Records;
};
BOOST_DESCRIBE_STRUCT(DynamoEvent, (), (Records))

struct KinesisData {
  std::string data;
  double approximateArrivalTimestamp = 0;
};
BOOST_DESCRIBE_STRUCT(KinesisData, (), (data, approximateArrivalTimestamp))
struct KinesisRecord {
  KinesisData kinesis;
};
BOOST_DESCRIBE_STRUCT(KinesisRecord, (), (kinesis))
struct KinesisEvent {
  std::vector<KinesisRecord> Records;
};
BOOST_DESCRIBE_STRUCT(KinesisEvent, (), (Records))

struct RmqProperties {
  std::optional<std::string> contentType;
  std::optional<std::string> contentEncoding;  // null in the sample
  std::optional<std::string> correlationId;    // null in the sample
  int deliveryMode = 0;
  std::uint8_t priority = 0;
  std::uint32_t bodySize = 0;
};
BOOST_DESCRIBE_STRUCT(RmqProperties, (),
                      (contentType, contentEncoding, correlationId, deliveryMode, priority,
                       bodySize))
struct RmqMessage {
  RmqProperties basicProperties;
  bool redelivered = true;
  std::string data;
};
BOOST_DESCRIBE_STRUCT(RmqMessage, (), (basicProperties, redelivered, data))
struct RmqEvent {
  std::string eventSource;
  std::map<std::string, std::vector<RmqMessage>> rmqMessagesByQueue;
};
BOOST_DESCRIBE_STRUCT(RmqEvent, (), (eventSource, rmqMessagesByQueue))

}  // namespace aws_events_test

namespace sparta::jsonutil {
namespace {

using namespace aws_events_test;

json::value Sample(const std::string& name) {
  std::string path = SPARTA_SHARED_TESTDATA "/events/" + name;
  auto text = util::ReadFile(path);
  EXPECT_TRUE(text.ok()) << path;
  if (!text.ok()) return nullptr;
  auto parsed = Parse(*text, path);
  EXPECT_TRUE(parsed.ok()) << parsed.error().message;
  return parsed.ok() ? *parsed : json::value();
}

TEST(AwsEvents, Sqs) {
  auto e = FromJson<SqsEvent>(Sample("sqs-event.json"));
  ASSERT_EQ(e.Records.size(), 1u);
  const SqsRecord& r = e.Records[0];
  EXPECT_EQ(r.messageId, "MessageID_1");
  EXPECT_EQ(r.body, "Message Body");
  EXPECT_EQ(r.eventSourceARN, "arn:aws:sqs:us-west-2:123456789012:SQSQueue");
  EXPECT_EQ(r.attributes.at("ApproximateReceiveCount"), "2");
  ASSERT_EQ(r.messageAttributes.size(), 3u);
  EXPECT_EQ(r.messageAttributes.at("Attribute1").stringValue, "AttributeValue1");
  EXPECT_FALSE(r.messageAttributes.at("Attribute3").stringValue.has_value());
  EXPECT_EQ(r.messageAttributes.at("Attribute3").binaryValue, "MTEwMA==");
  EXPECT_EQ(r.messageAttributes.at("Attribute3").stringListValues,
            (std::vector<std::string>{"abc", "123"}));
  EXPECT_EQ(r.messageAttributes.at("Attribute2").dataType, "Number");
}

TEST(AwsEvents, S3) {
  auto e = FromJson<S3Event>(Sample("s3-event.json"));
  ASSERT_EQ(e.Records.size(), 1u);
  EXPECT_EQ(e.Records[0].eventName, "ObjectCreated:Put");
  EXPECT_EQ(e.Records[0].s3.bucket.name, "sourcebucket");
  EXPECT_EQ(e.Records[0].s3.object.key, "Happy%20Face.jpg");
  EXPECT_EQ(e.Records[0].s3.object.size, 1024u);
  EXPECT_EQ(e.Records[0].s3.object.versionId, "version");
}

TEST(AwsEvents, Sns) {
  auto e = FromJson<SnsEvent>(Sample("sns-event.json"));
  ASSERT_EQ(e.Records.size(), 1u);
  EXPECT_EQ(e.Records[0].EventSource, "aws:sns");
  EXPECT_EQ(e.Records[0].Sns.Message, "Hello from SNS!");
  EXPECT_EQ(e.Records[0].Sns.Subject, "TestInvoke");
  EXPECT_EQ(e.Records[0].Sns.MessageAttributes.at("TestBinary").Type, "Binary");
}

TEST(AwsEvents, ApiGatewayRest) {
  auto e = FromJson<RestRequest>(Sample("apigw-request.json"));
  EXPECT_EQ(e.path, "/hello/world");
  EXPECT_EQ(e.httpMethod, HttpMethod::POST);
  EXPECT_EQ(e.headers.at("Content-Type"), "application/json");
  ASSERT_TRUE(e.queryStringParameters.has_value());
  EXPECT_EQ(e.queryStringParameters->at("name"), "me");
  EXPECT_EQ(e.pathParameters->at("proxy"), "hello/world");
  EXPECT_EQ(e.body, "{\r\n\t\"a\": 1\r\n}");
  EXPECT_FALSE(e.isBase64Encoded);  // absent from the sample: the default
  EXPECT_EQ(e.requestContext.requestTimeEpoch, 1589522469693);
  EXPECT_EQ(e.requestContext.authorizer.at("clientId"), 1);
}

TEST(AwsEvents, ApiGatewayHttp) {
  auto e = FromJson<HttpRequest>(Sample("apigw-v2-request-no-authorizer.json"));
  EXPECT_EQ(e.version, "2.0");
  EXPECT_EQ(e.rawPath, "/");
  EXPECT_EQ(e.requestContext.http.method, HttpMethod::GET);
  EXPECT_EQ(e.requestContext.http.sourceIp, "1.2.3.4");
  EXPECT_GT(e.requestContext.timeEpoch, 0);
  EXPECT_EQ(e.headers.at("user-agent"), "curl/7.58.0");
}

TEST(AwsEvents, DynamoDbStream) {
  auto e = FromJson<DynamoEvent>(Sample("dynamodb-event.json"));
  ASSERT_GE(e.Records.size(), 2u);
  EXPECT_EQ(e.Records[0].eventName, "INSERT");
  EXPECT_TRUE(e.Records[0].userIdentity.has_value());
  EXPECT_FALSE(e.Records[1].userIdentity.has_value());
  EXPECT_EQ(e.Records[0].dynamodb.ApproximateCreationDateTime, 1480642020);
  EXPECT_EQ(e.Records[0].dynamodb.Keys.at("val").at("S"), "data");
  EXPECT_EQ(e.Records[0].dynamodb.SizeBytes, 54u);
}

TEST(AwsEvents, Kinesis) {
  auto e = FromJson<KinesisEvent>(Sample("kinesis-event.json"));
  ASSERT_FALSE(e.Records.empty());
  EXPECT_EQ(e.Records[0].kinesis.data, "SGVsbG8gV29ybGQ=");
  EXPECT_DOUBLE_EQ(e.Records[0].kinesis.approximateArrivalTimestamp, 1480641523.477);
}

TEST(AwsEvents, RabbitMqNullsFitOptionals) {
  auto e = FromJson<RmqEvent>(Sample("rabbitmq-event.json"));
  EXPECT_EQ(e.eventSource, "aws:rmq");
  const auto& messages = e.rmqMessagesByQueue.at("test::/");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].basicProperties.contentType, "text/plain");
  EXPECT_FALSE(messages[0].basicProperties.contentEncoding.has_value());
  EXPECT_FALSE(messages[0].basicProperties.correlationId.has_value());
  EXPECT_EQ(messages[0].basicProperties.priority, 34);
  EXPECT_EQ(messages[0].basicProperties.bodySize, 80u);
  EXPECT_FALSE(messages[0].redelivered);
}

TEST(AwsEvents, AWrongShapeNamesTheField) {
  // S3's object size as a string: the path leads to it.
  json::value v = Sample("s3-event.json");
  v.at("Records").at(0).at("s3").at("object").at("size") = "1024";
  try {
    (void)FromJson<S3Event>(v);
    FAIL();
  } catch (const ConversionError& e) {
    EXPECT_STREQ(e.what(), "$.Records[0].s3.object.size: expected a number, got a string");
  }
}

}  // namespace
}  // namespace sparta::jsonutil
