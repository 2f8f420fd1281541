// Typed conversion of a ~100 KB SQS event (the shared SQS sample's record
// repeated): parse + FromJson, FromJson alone, ToJson + CompactStrict, and
// the compact writer against Boost.JSON's serializer. Prints events/s and
// MB/s (of event text), best of 5 runs of ~0.2 s each.
//
//   build/bench/bench_json_convert [path/to/sqs-event.json]

#include <boost/describe.hpp>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "rate.hpp"
#include "sparta/json/convert.hpp"
#include "sparta/util/files.hpp"

namespace sqs {
struct MessageAttribute {
  std::optional<std::string> stringValue;
  std::optional<std::string> binaryValue;
  std::vector<std::string> stringListValues;
  std::vector<std::string> binaryListValues;
  std::string dataType;
};
BOOST_DESCRIBE_STRUCT(MessageAttribute, (),
                      (stringValue, binaryValue, stringListValues, binaryListValues, dataType))
struct Record {
  std::string messageId;
  std::string receiptHandle;
  std::string body;
  std::string md5OfBody;
  std::optional<std::string> md5OfMessageAttributes;
  std::string eventSourceARN;
  std::string eventSource;
  std::string awsRegion;
  std::map<std::string, std::string> attributes;
  std::map<std::string, MessageAttribute> messageAttributes;
};
BOOST_DESCRIBE_STRUCT(Record, (),
                      (messageId, receiptHandle, body, md5OfBody, md5OfMessageAttributes,
                       eventSourceARN, eventSource, awsRegion, attributes, messageAttributes))
struct Event {
  std::vector<Record> Records;
};
BOOST_DESCRIBE_STRUCT(Event, (), (Records))
}  // namespace sqs

namespace {

namespace json = sparta::json;
namespace jsonutil = sparta::jsonutil;

using bench::BestRate;

void Print(const char* what, double per_second, size_t bytes) {
  std::printf("  %-34s %9.0f events/s  %7.1f MB/s\n", what, per_second,
              per_second * static_cast<double>(bytes) / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  std::string sample_path =
      argc > 1 ? argv[1] : std::string(BENCH_SHARED_TESTDATA) + "/events/sqs-event.json";
  auto sample_text = sparta::util::ReadFile(sample_path);
  if (!sample_text.ok()) {
    std::fprintf(stderr, "%s\n", sample_text.error().message.c_str());
    return 1;
  }
  auto sample = jsonutil::Parse(*sample_text, sample_path);
  if (!sample.ok()) {
    std::fprintf(stderr, "%s\n", sample.error().message.c_str());
    return 1;
  }

  // Repeat the record (with distinct ids and bodies) up to ~100 KB of text.
  const json::value record = sample->at("Records").at(0);
  json::array records;
  std::string text;
  for (int i = 0; text.size() < 100 * 1000; ++i) {
    json::value r = record;
    std::string id = "MessageID_";
    id += std::to_string(i);
    r.at("messageId") = id;
    std::string body = "{\"order\":";
    body += std::to_string(i);
    body += ",\"note\":\"line one\\nline two \\\"quoted\\\"\"}";
    r.at("body") = body;
    records.push_back(std::move(r));
    text = jsonutil::Compact(json::object{{"Records", records}});
  }
  const json::value event = json::parse(text);
  const size_t bytes = text.size();
  const sqs::Event typed = jsonutil::FromJson<sqs::Event>(event);
  const std::string written = *jsonutil::CompactStrict(jsonutil::ToJson(typed));
  if (typed.Records.size() != records.size() || json::parse(written) != event) {
    std::fprintf(stderr, "the round trip does not reproduce the event\n");
    return 1;
  }

  std::printf("typed conversion of a %zu-byte SQS event (%zu records)\n", bytes,
              typed.Records.size());
  size_t sink = 0;
  Print("parse + FromJson", BestRate([&] {
          auto v = jsonutil::Parse(text);
          sink += jsonutil::FromJson<sqs::Event>(*v).Records.size();
        }),
        bytes);
  Print("parse alone", BestRate([&] { sink += jsonutil::Parse(text)->is_object(); }), bytes);
  Print("FromJson alone", BestRate([&] {
          sink += jsonutil::FromJson<sqs::Event>(event).Records.size();
        }),
        bytes);
  Print("ToJson + CompactStrict", BestRate([&] {
          sink += jsonutil::CompactStrict(jsonutil::ToJson(typed))->size();
        }),
        bytes);
  Print("CompactStrict alone", BestRate([&] { sink += jsonutil::CompactStrict(event)->size(); }),
        bytes);
  Print("Boost.JSON serialize (reference)", BestRate([&] { sink += json::serialize(event).size(); }),
        bytes);
  return sink == 0 ? 1 : 0;
}
