#pragma once
// The event a CloudWatch Logs subscription filter sends a function: log
// events as base64 of gzip of JSON, decoded on demand to LogsData.
//
// Members are named exactly as AWS names the JSON fields (`awslogs.data`,
// `logEvents[].message`), so AWS's documentation maps 1:1; unknown fields
// are ignored.
//
// **Example**:
//   void OnLogs(const sparta::events::CloudWatchLogsEvent& event, sparta::runtime::Context&) {
//     sparta::events::LogsData logs = sparta::OrThrow(event.Decode());
//     if (logs.messageType != "DATA_MESSAGE") return;  // CONTROL_MESSAGE: a connectivity check
//     for (const auto& e : logs.logEvents) Forward(logs.logGroup, e.timestamp, e.message);
//   }

#include <boost/describe/class.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::events {

struct LogEvent {
  std::string id{};
  std::int64_t timestamp = 0;  // milliseconds since the epoch
  std::string message{};
  /// The fields a filter pattern with named fields extracted.
  std::optional<std::map<std::string, std::string>> extractedFields{};
};
BOOST_DESCRIBE_STRUCT(LogEvent, (), (id, timestamp, message, extractedFields))

/// What `awslogs.data` decodes to.
struct LogsData {
  std::string messageType{};  // "DATA_MESSAGE" or "CONTROL_MESSAGE"
  std::string owner{};        // the account of the log group
  std::string logGroup{};
  std::string logStream{};
  std::vector<std::string> subscriptionFilters{};
  std::vector<LogEvent> logEvents{};
};
BOOST_DESCRIBE_STRUCT(LogsData, (),
                      (messageType, owner, logGroup, logStream, subscriptionFilters, logEvents))

/// The most decompressed bytes DecodeLogsData accepts. An invocation's
/// payload is small (Lambda limits it), but gzip can expand data a
/// thousandfold: the bound keeps a hostile or broken payload from taking the
/// function's memory.
inline constexpr std::size_t kMaxDecodedLogsBytes = 8 * 1024 * 1024;

/// base64 → gunzip → JSON → LogsData. Errors, each saying what failed:
/// "InvalidBase64", "InvalidGzip" (not gzip, corrupt or truncated, or bytes
/// after the gzip stream), "TooLarge" (more than kMaxDecodedLogsBytes
/// decompressed), "InvalidJson" (with the line and column) and
/// "ConversionError" (with the JSON path).
Result<LogsData> DecodeLogsData(std::string_view base64_gzip);

struct CloudWatchLogsData {
  std::string data;  // base64(gzip(JSON of LogsData))
};
BOOST_DESCRIBE_STRUCT(CloudWatchLogsData, (), (data))

struct CloudWatchLogsEvent {
  CloudWatchLogsData awslogs{};

  /// DecodeLogsData(awslogs.data).
  Result<LogsData> Decode() const { return DecodeLogsData(awslogs.data); }
};
BOOST_DESCRIBE_STRUCT(CloudWatchLogsEvent, (), (awslogs))

}  // namespace sparta::events
