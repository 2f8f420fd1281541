// batch_response.hpp: the exact JSON Lambda reads.
#include "sparta/events/batch_response.hpp"

#include <gtest/gtest.h>

#include "sparta/json/convert.hpp"

namespace sparta::events {
namespace {

std::string Written(const auto& response) { return jsonutil::Compact(jsonutil::ToJson(response)); }

TEST(BatchItemFailures, NoFailureIsAnEmptyList) {
  EXPECT_EQ(Written(BatchItemFailures{}), R"({"batchItemFailures":[]})");
}

TEST(BatchItemFailures, EachFailureIsItsIdentifier) {
  BatchItemFailures sqs;
  sqs.Add("MessageID_1");
  sqs.Add("MessageID_3");
  EXPECT_EQ(Written(sqs),
            R"({"batchItemFailures":[{"itemIdentifier":"MessageID_1"},)"
            R"({"itemIdentifier":"MessageID_3"}]})");
  BatchItemFailures kinesis;
  kinesis.Add("49568167373333333333333333333333333333333333333333333333");
  EXPECT_EQ(Written(kinesis),
            R"({"batchItemFailures":[{"itemIdentifier":)"
            R"("49568167373333333333333333333333333333333333333333333333"}]})");
  EXPECT_EQ(jsonutil::FromJson<BatchItemFailures>(jsonutil::ToJson(sqs))
                .batchItemFailures.at(1)
                .itemIdentifier,
            "MessageID_3");
}

TEST(TimeWindowResponse, StateAndFailures) {
  TimeWindowResponse response;
  response.state = {{"count", "3"}, {"sum", "12"}};
  EXPECT_EQ(Written(response), R"({"batchItemFailures":[],"state":{"count":"3","sum":"12"}})");
  response.Add("222");
  EXPECT_EQ(Written(response),
            R"({"batchItemFailures":[{"itemIdentifier":"222"}],"state":{"count":"3","sum":"12"}})");
}

}  // namespace
}  // namespace sparta::events
