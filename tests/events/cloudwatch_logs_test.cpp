// cloudwatch_logs.hpp: the sample, and each way its data can be bad.
#include "sparta/events/cloudwatch_logs.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

#include "samples.hpp"
#include "sparta/util/base64.hpp"

namespace events_test {
namespace {

using sparta::events::CloudWatchLogsEvent;
using sparta::events::DecodeLogsData;
using sparta::events::kMaxDecodedLogsBytes;

// gzip of `text` (zlib's deflate with a gzip header).
std::string Gzip(std::string_view text) {
  z_stream stream{};
  EXPECT_EQ(deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
            Z_OK);
  std::string out(deflateBound(&stream, static_cast<uLong>(text.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Encoded(std::string_view text) { return sparta::util::Base64Encode(Gzip(text)); }

TEST(CloudWatchLogsEvent, TheSampleDecodesToWhatTheReadmeSays) {
  const CloudWatchLogsEvent event = Parse<CloudWatchLogsEvent>("cloudwatch-logs-event.json");
  EXPECT_EQ(event.awslogs.data.substr(0, 12), "H4sIAAAAAAAA");
  auto logs = event.Decode();
  ASSERT_TRUE(logs.ok()) << logs.error().message;
  EXPECT_EQ(logs->messageType, "DATA_MESSAGE");
  EXPECT_EQ(logs->owner, "123456789123");
  EXPECT_EQ(logs->logGroup, "testLogGroup");
  EXPECT_EQ(logs->logStream, "testLogStream");
  EXPECT_EQ(logs->subscriptionFilters, (std::vector<std::string>{"testFilter"}));
  ASSERT_EQ(logs->logEvents.size(), 2u);
  EXPECT_EQ(logs->logEvents[0].id, "eventId1");
  EXPECT_EQ(logs->logEvents[0].timestamp, 1440442987000);
  EXPECT_EQ(logs->logEvents[0].message, "[ERROR] First test message");
  EXPECT_FALSE(logs->logEvents[0].extractedFields.has_value());
  EXPECT_EQ(logs->logEvents[1].id, "eventId2");
  EXPECT_EQ(logs->logEvents[1].timestamp, 1440442987001);
  EXPECT_EQ(logs->logEvents[1].message, "[ERROR] Second test message");
}

TEST(DecodeLogsData, ReadsWhatItIsGiven) {
  auto logs = DecodeLogsData(Encoded(
      R"({"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"",)"
      R"("subscriptionFilters":[],"logEvents":[{"id":"1","timestamp":5,"message":"check",)"
      R"("extractedFields":{"level":"INFO"}}],"new":{"field":1}})"));
  ASSERT_TRUE(logs.ok()) << logs.error().message;
  EXPECT_EQ(logs->messageType, "CONTROL_MESSAGE");
  ASSERT_EQ(logs->logEvents.size(), 1u);
  EXPECT_EQ(logs->logEvents[0].extractedFields,
            (std::map<std::string, std::string>{{"level", "INFO"}}));
}

TEST(DecodeLogsData, BadBase64) {
  auto logs = DecodeLogsData("H4sI*AAA");
  ASSERT_FALSE(logs.ok());
  EXPECT_EQ(logs.error().code, "InvalidBase64");
  EXPECT_EQ(logs.error().message, "awslogs.data is not base64 (8 characters)");
}

TEST(DecodeLogsData, BadGzip) {
  auto not_gzip = DecodeLogsData(sparta::util::Base64Encode("{\"messageType\":\"plain JSON\"}"));
  ASSERT_FALSE(not_gzip.ok());
  EXPECT_EQ(not_gzip.error().code, "InvalidGzip");
  EXPECT_EQ(not_gzip.error().message, "awslogs.data: not valid gzip (incorrect header check)");

  const std::string gzip = Gzip(R"({"messageType":"DATA_MESSAGE"})");
  auto truncated = DecodeLogsData(sparta::util::Base64Encode(gzip.substr(0, gzip.size() - 6)));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, "InvalidGzip");
  EXPECT_EQ(truncated.error().message, "awslogs.data: the gzip data ends early (truncated)");

  auto trailing = DecodeLogsData(sparta::util::Base64Encode(gzip + "xyz"));
  ASSERT_FALSE(trailing.ok());
  EXPECT_EQ(trailing.error().message, "awslogs.data: 3 bytes follow the gzip data");

  std::string corrupt = gzip;
  corrupt[gzip.size() - 5] ^= 0x55;  // the CRC-32 in the trailer
  auto crc = DecodeLogsData(sparta::util::Base64Encode(corrupt));
  ASSERT_FALSE(crc.ok());
  EXPECT_EQ(crc.error().message, "awslogs.data: not valid gzip (incorrect data check)");
}

TEST(DecodeLogsData, BadJsonOrShape) {
  auto json = DecodeLogsData(Encoded("{\"logEvents\": [}"));
  ASSERT_FALSE(json.ok());
  EXPECT_EQ(json.error().code, "InvalidJson");
  EXPECT_EQ(json.error().message.rfind("the decompressed awslogs.data is not valid JSON", 0), 0u)
      << json.error().message;
  EXPECT_NE(json.error().message.find("line 1, column 16"), std::string::npos)
      << json.error().message;

  auto shape = DecodeLogsData(Encoded(R"({"logEvents":[{"id":"1","timestamp":"soon"}]})"));
  ASSERT_FALSE(shape.ok());
  EXPECT_EQ(shape.error().code, "ConversionError");
  EXPECT_EQ(shape.error().message, "$.logEvents[0].timestamp: expected a number, got a string");
}

TEST(DecodeLogsData, AtMostTheLimitDecompressed) {
  // Exactly the limit: valid JSON padded with spaces.
  std::string at_limit = R"({"messageType":"DATA_MESSAGE","logEvents":[]})";
  at_limit.resize(kMaxDecodedLogsBytes, ' ');
  auto fits = DecodeLogsData(Encoded(at_limit));
  ASSERT_TRUE(fits.ok()) << fits.error().message;
  EXPECT_EQ(fits->messageType, "DATA_MESSAGE");

  // One byte more is refused, naming the limit.
  auto over = DecodeLogsData(Encoded(at_limit + " "));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, "TooLarge");
  EXPECT_EQ(over.error().message,
            "awslogs.data: decompresses to more than 8388608 bytes (kMaxDecodedLogsBytes, the "
            "limit of DecodeLogsData)");

  // A gzip bomb (1 GiB of zeros would be ~1 MB compressed; 64 MiB will do)
  // stops at the limit.
  auto bomb = DecodeLogsData(Encoded(std::string(64 << 20, '\0')));
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.error().code, "TooLarge");
}

}  // namespace
}  // namespace events_test
