// Typed event parsing (text → typed struct: parse + convert, what a typed
// handler does with its event) against parsing the same bytes into a
// generic json::value, for the large shared samples: an SQS batch of 10
// messages, the DynamoDB Streams batch, a Kinesis batch of 100 records and
// the CloudWatch Logs event (without and with decoding its data). Prints
// events/s of each and the ratio typed/generic; best of 5 runs of ~0.2 s.
// ("+ Decode()" adds base64, gunzip and a second parse to the typed side:
// its ratio is not comparable to the others.)
//
//   build/bench/bench_events [path/to/shared/testdata/events]

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rate.hpp"
#include "sparta/events/cloudwatch_logs.hpp"
#include "sparta/events/dynamodb.hpp"
#include "sparta/events/kinesis.hpp"
#include "sparta/events/parse.hpp"
#include "sparta/events/sqs.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/files.hpp"

namespace {

namespace json = sparta::json;
namespace jsonutil = sparta::jsonutil;
namespace events = sparta::events;

std::size_t sink = 0;

// One row: typed parsing of `text` as T (then `after`, e.g. decoding)
// against the generic parse of the same text. The two alternate, five runs
// each, and each keeps its best: on a shared machine both then see the same
// load.
template <class T, class After>
void Row(const char* what, const std::string& text, After after) {
  auto check = events::Parse<T>(text);
  if (!check.ok()) {
    std::fprintf(stderr, "%s: %s\n", what, check.error().message.c_str());
    std::exit(1);
  }
  double typed = 0;
  double generic = 0;
  for (int run = 0; run < 5; ++run) {
    typed = std::max(typed, bench::Rate([&] {
                       auto event = events::Parse<T>(text);
                       sink += after(*event);
                     }));
    generic = std::max(generic, bench::Rate([&] { sink += jsonutil::Parse(text)->is_object(); }));
  }
  std::printf("  %-36s %6zu %10.0f %10.0f %6.2f\n", what, text.size(), typed, generic,
              typed / generic);
}

template <class T>
void Row(const char* what, const std::string& text) {
  Row<T>(what, text, [](const T&) { return std::size_t{1}; });
}

// `count` records taken in turn from the sample's, `vary` making each one
// distinct (ids, sequence numbers), as compact text.
template <class Vary>
std::string Repeated(const json::value& sample, int count, Vary vary) {
  json::array records;
  for (int i = 0; i < count; ++i) {
    json::value record = sample.at("Records").at(static_cast<std::size_t>(i) %
                                                   sample.at("Records").as_array().size());
    vary(record, i);
    records.push_back(std::move(record));
  }
  return jsonutil::Compact(json::object{{"Records", std::move(records)}});
}

std::string Read(const std::string& dir, std::string_view name) {
  auto text = sparta::util::ReadFile(dir + "/" + std::string(name));
  if (!text.ok()) {
    std::fprintf(stderr, "%s\n", text.error().message.c_str());
    std::exit(1);
  }
  return std::move(*text);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir =
      argc > 1 ? argv[1] : std::string(BENCH_SHARED_TESTDATA) + "/events";

  const std::string sqs = Repeated(json::parse(Read(dir, "sqs-event.json")), 10,
                                   [](json::value& r, int i) {
                                     r.at("messageId") = "MessageID_" + std::to_string(i);
                                   });
  const std::string dynamodb = Read(dir, "dynamodb-event.json");
  const std::string kinesis = Repeated(json::parse(Read(dir, "kinesis-event.json")), 100,
                                       [](json::value& r, int i) {
                                         r.at("kinesis").at("sequenceNumber") =
                                             "4956816737333333333333333333333333333333333333333" +
                                             std::to_string(1000000 + i);
                                       });
  const std::string logs = Read(dir, "cloudwatch-logs-event.json");

  std::printf("typed event parsing (text → struct) against text → json::value; events/s, "
              "best of 5 runs of ~0.2 s\n");
  std::printf("  %-36s %6s %10s %10s %6s\n", "event", "bytes", "typed", "generic", "ratio");
  Row<events::SqsEvent>("SQS, 10 messages", sqs);
  Row<events::DynamoDbEvent>("DynamoDB Streams (sample, 2 records)", dynamodb);
  Row<events::KinesisEvent>("Kinesis, 100 records", kinesis);
  Row<events::CloudWatchLogsEvent>("CloudWatch Logs (sample)", logs);
  Row<events::CloudWatchLogsEvent>("CloudWatch Logs + Decode()", logs,
                                   [](const events::CloudWatchLogsEvent& e) {
                                     return e.Decode()->logEvents.size();
                                   });
  return sink == 0 ? 1 : 0;
}
