// The JSON protocol (awsJson 1.0/1.1), on SQS's model: documents decoded
// with their wire types, outputs encoded, and the service's dispatch by
// X-Amz-Target with AWS's error documents.
#include "sparta/local_cloud/protocol/json_protocol.hpp"

#include <gtest/gtest.h>

#include "sparta/local_cloud/protocol/protocol_service.hpp"

#include "local_cloud/protocol/model_fixture.hpp"

namespace sparta::local_cloud::protocol {
namespace {

const Shape& Input(std::string_view operation) {
  return *testing::Sqs().FindOperation(operation)->input;
}

TEST(JsonProtocolTest, DecodesMembersBlobsAndIgnoresUnknownOnes) {
  json::value document = json::parse(R"({
    "QueueUrl": "http://127.0.0.1/000000000000/q", "MessageBody": "hi", "DelaySeconds": 5,
    "MessageAttributes": {"bin": {"DataType": "Binary", "BinaryValue": "AAEC"}},
    "FutureMember": [1, 2, 3]})");
  auto value = DecodeJson(Input("SendMessage"), document);
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(value->at("DelaySeconds"), 5);
  EXPECT_EQ(value->at("MessageAttributes").at("bin").at("BinaryValue").as_string(),
            std::string("\x00\x01\x02", 3));
  EXPECT_FALSE(value->as_object().contains("FutureMember"));
}

TEST(JsonProtocolTest, AMemberOfTheWrongTypeIsASerializationException) {
  auto wrong = DecodeJson(Input("SendMessage"),
                          json::parse(R"({"QueueUrl":"u","MessageBody":"b","DelaySeconds":"5"})"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, "SerializationException");
  EXPECT_EQ(wrong.error().message,
            "Value at 'DelaySeconds' is a string, but the member is an integer");
  auto bad_blob = DecodeJson(
      Input("SendMessage"),
      json::parse(R"({"QueueUrl":"u","MessageBody":"b",)"
                  R"("MessageAttributes":{"a":{"DataType":"Binary","BinaryValue":"!!"}}})"));
  ASSERT_FALSE(bad_blob.ok());
  EXPECT_NE(bad_blob.error().message.find("MessageAttributes.a.BinaryValue"), std::string::npos)
      << bad_blob.error().message;
  auto not_object = DecodeJson(Input("SendMessage"), json::parse("[1]"));
  ASSERT_FALSE(not_object.ok());
}

TEST(JsonProtocolTest, TimestampsTravelAsEpochSecondsAndBlobsAsBase64) {
  auto model = ServiceModel::Parse(R"({"metadata":{"protocol":"json"},"operations":{},"shapes":{
    "Out":{"type":"structure","members":{"At":{"shape":"T"},"Data":{"shape":"B"},"Skip":{"shape":"T"}}},
    "T":{"type":"timestamp"},"B":{"type":"blob"}}})");
  ASSERT_TRUE(model.ok()) << model.error().message;
  const Shape& out = *(*model)->FindShape("Out");
  json::value wire = EncodeJson(
      out, json::object{{"At", "2026-12-03T10:00:00.250Z"}, {"Data", "hi"}, {"Skip", nullptr}});
  EXPECT_EQ(jsonutil::Compact(wire), R"({"At":1796292000.25,"Data":"aGk="})");
  auto back = DecodeJson(out, wire);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->at("At").as_string(), "2026-12-03T10:00:00.250Z");
  EXPECT_EQ(back->at("Data").as_string(), "hi");
  EXPECT_FALSE(ParseIsoTimestamp("2026-13-03T10:00:00Z").has_value());
  EXPECT_FALSE(ParseIsoTimestamp("yesterday").has_value());
}

CloudRequest JsonCall(std::string target, std::string body) {
  CloudRequest request;
  request.method = "POST";
  request.headers = {{"X-Amz-Target", std::move(target)},
                     {"Content-Type", "application/x-amz-json-1.0"}};
  request.body = std::move(body);
  request.request_id = "rid";
  return request;
}

json::value Body(const CloudResponse& response) { return json::parse(response.body); }

TEST(JsonProtocolTest, TheServiceDispatchesByTargetAndAnswersJson) {
  auto service = ProtocolService::Create(
      testing::SqsShared(),
      {{"GetQueueUrl",
        [](const Call& call) -> Result<json::value> {
          if (*call.String("QueueName") == "missing") {
            return MakeError("QueueDoesNotExist", "The specified queue does not exist.");
          }
          return json::value(
              json::object{{"QueueUrl", "http://q/" + std::string(*call.String("QueueName"))}});
        }},
       {"PurgeQueue", [](const Call&) -> Result<json::value> { return json::value(nullptr); }}});
  ASSERT_TRUE(service.ok()) << service.error().message;
  const ProtocolService& sqs = **service;

  CloudResponse ok = sqs.Handle(JsonCall("AmazonSQS.GetQueueUrl", R"({"QueueName":"jobs"})"));
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(*aws::FindHeader(ok.headers, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(Body(ok), json::parse(R"({"QueueUrl":"http://q/jobs"})"));

  CloudResponse empty = sqs.Handle(JsonCall("AmazonSQS.PurgeQueue", R"({"QueueUrl":"u"})"));
  EXPECT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body, "{}");

  CloudResponse missing =
      sqs.Handle(JsonCall("AmazonSQS.GetQueueUrl", R"({"QueueName":"missing"})"));
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Body(missing).at("__type"), "QueueDoesNotExist");
  EXPECT_EQ(Body(missing).at("message"), "The specified queue does not exist.");

  CloudResponse invalid = sqs.Handle(JsonCall("AmazonSQS.GetQueueUrl", "{}"));
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(Body(invalid).at("__type"), "ValidationException");
  EXPECT_EQ(Body(invalid).at("message"),
            "1 validation error detected: Value null at 'queueName' failed to satisfy "
            "constraint: Member must not be null");

  CloudResponse garbage = sqs.Handle(JsonCall("AmazonSQS.GetQueueUrl", "{\"QueueName\":"));
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(Body(garbage).at("__type"), "SerializationException");

  CloudResponse unknown = sqs.Handle(JsonCall("AmazonSQS.Fly", "{}"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(Body(unknown).at("__type"), "UnknownOperationException");
  CloudResponse other_service = sqs.Handle(JsonCall("DynamoDB_20120810.GetItem", "{}"));
  EXPECT_EQ(Body(other_service).at("__type"), "UnknownOperationException");

  CloudResponse unserved = sqs.Handle(JsonCall("AmazonSQS.CreateQueue", R"({"QueueName":"q"})"));
  EXPECT_EQ(unserved.status, 501);
  EXPECT_EQ(Body(unserved).at("__type"), "NotImplemented");
  EXPECT_NE(
      std::string(Body(unserved).at("message").as_string()).find("SQS's operation CreateQueue"),
      std::string::npos);
}

}  // namespace
}  // namespace sparta::local_cloud::protocol
