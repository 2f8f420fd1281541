// sqs.hpp against the SQS sample, and a typed handler taking an SqsEvent.
#include "sparta/events/sqs.hpp"

#include <gtest/gtest.h>

#include "samples.hpp"
#include "sparta/events/batch_response.hpp"
#include "sparta/runtime/function_error.hpp"
#include "sparta/runtime/handler.hpp"

namespace events_test {
namespace {

using sparta::events::BatchItemFailures;
using sparta::events::SqsEvent;

TEST(SqsEvent, ReadsEveryFieldOfTheSample) {
  const SqsEvent event = Parse<SqsEvent>("sqs-event.json");
  ASSERT_EQ(event.Records.size(), 1u);
  const auto& m = event.Records[0];
  EXPECT_EQ(m.messageId, "MessageID_1");
  EXPECT_EQ(m.receiptHandle, "MessageReceiptHandle");
  EXPECT_EQ(m.body, "Message Body");
  EXPECT_EQ(m.md5OfBody, "fce0ea8dd236ccb3ed9b37dae260836f");
  EXPECT_EQ(m.md5OfMessageAttributes, "582c92c5c5b6ac403040a4f3ab3115c9");
  EXPECT_EQ(m.eventSourceARN, "arn:aws:sqs:us-west-2:123456789012:SQSQueue");
  EXPECT_EQ(m.eventSource, "aws:sqs");
  EXPECT_EQ(m.awsRegion, "us-west-2");
  EXPECT_EQ(m.attributes, (std::map<std::string, std::string>{
                              {"ApproximateReceiveCount", "2"},
                              {"SentTimestamp", "1520621625029"},
                              {"SenderId", "AROAIWPX5BD2BHG722MW4:sender"},
                              {"ApproximateFirstReceiveTimestamp", "1520621634884"}}));
  ASSERT_EQ(m.messageAttributes.size(), 3u);
  const auto& a3 = m.messageAttributes.at("Attribute3");
  EXPECT_EQ(a3.binaryValue, "MTEwMA==");
  EXPECT_FALSE(a3.stringValue.has_value());
  EXPECT_EQ(a3.stringListValues, (std::vector<std::string>{"abc", "123"}));
  EXPECT_EQ(a3.binaryListValues, (std::vector<std::string>{"MA==", "MQ==", "MA=="}));
  EXPECT_EQ(a3.dataType, "Binary");
  const auto& a2 = m.messageAttributes.at("Attribute2");
  EXPECT_EQ(a2.stringValue, "123");
  EXPECT_FALSE(a2.binaryValue.has_value());
  EXPECT_TRUE(a2.stringListValues.empty());
  EXPECT_EQ(a2.binaryListValues, (std::vector<std::string>{"MQ==", "MA=="}));
  EXPECT_EQ(a2.dataType, "Number");
  const auto& a1 = m.messageAttributes.at("Attribute1");
  EXPECT_EQ(a1.stringValue, "AttributeValue1");
  EXPECT_TRUE(a1.binaryListValues.empty());
  EXPECT_EQ(a1.dataType, "String");
}

// What the Example in sqs.hpp shows: the runtime converts the event to the
// handler's parameter type and its BatchItemFailures to the response.
BatchItemFailures FailBodiesSayingFail(const SqsEvent& event, sparta::runtime::Context&) {
  BatchItemFailures failures;
  for (const auto& message : event.Records) {
    if (message.body == "fail") failures.Add(message.messageId);
  }
  return failures;
}

TEST(SqsEvent, ATypedHandlerTakesItAndAnswersBatchItemFailures) {
  sparta::runtime::Handler handler = FailBodiesSayingFail;
  sparta::runtime::Context ctx(sparta::runtime::InvocationInfo{});
  json::value event = Sample("sqs-event.json");
  json::array& records = event.at("Records").as_array();
  records.push_back(records[0]);
  records[1].at("messageId") = "MessageID_2";
  records[1].at("body") = "fail";
  EXPECT_EQ(handler.raw()(json::serialize(event), ctx),
            R"({"batchItemFailures":[{"itemIdentifier":"MessageID_2"}]})");
  EXPECT_EQ(handler.raw()(SampleText("sqs-event.json"), ctx), R"({"batchItemFailures":[]})");

  try {
    handler.raw()(R"({"Records":[{"messageId":7}]})", ctx);
    FAIL() << "converted";
  } catch (const sparta::runtime::FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Runtime.UnmarshalError");
    EXPECT_STREQ(e.what(),
                 "the event does not convert to sparta::events::SqsEvent: "
                 "$.Records[0].messageId: expected a string, got 7");
  }
}

}  // namespace
}  // namespace events_test
