#pragma once
// The fields Lambda adds to a Kinesis or DynamoDB Streams event when the
// event source mapping aggregates over tumbling windows
// (TumblingWindowInSeconds): the window, the state the previous invocation
// of the window returned (events/batch_response.hpp's TimeWindowResponse),
// and whether this is the window's last invocation.
//
// Members are named exactly as AWS names the JSON fields; unknown fields are
// ignored.

#include <boost/describe/class.hpp>
#include <map>
#include <string>
#include <vector>

namespace sparta::events {

struct TimeWindow {
  std::string start{};  // ISO 8601, "2020-12-09T07:04:00Z"
  std::string end{};
};
BOOST_DESCRIBE_STRUCT(TimeWindow, (), (start, end))

/// The window's fields, apart from the records.
struct TumblingWindow {
  TimeWindow window{};
  std::map<std::string, std::string> state{};
  std::string shardId{};
  std::string eventSourceARN{};
  bool isFinalInvokeForWindow = false;
  bool isWindowTerminatedEarly = false;
};
BOOST_DESCRIBE_STRUCT(TumblingWindow, (),
                      (window, state, shardId, eventSourceARN, isFinalInvokeForWindow,
                       isWindowTerminatedEarly))

/// A batch of Record (KinesisEventRecord, DynamoDbEventRecord) with its
/// window: KinesisTimeWindowEvent, DynamoDbTimeWindowEvent. Answer it with a
/// TimeWindowResponse (events/batch_response.hpp).
template <class Record>
struct TimeWindowEvent : TumblingWindow {
  std::vector<Record> Records{};

  BOOST_DESCRIBE_CLASS(TimeWindowEvent, (TumblingWindow), (Records), (), ())
};

}  // namespace sparta::events
