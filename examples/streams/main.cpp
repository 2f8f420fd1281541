// The streams service: functions that read a DynamoDB table's changes and a
// Kinesis stream.
//
//   * Audit reads the Orders table's stream (new and old images) and says
//     what changed, with DynamoDB's attribute values as typed C++ values.
//     A batch that keeps failing is split in two (bisect) and, after two
//     retries, its records go to the Failed queue.
//   * Count reads the Clicks stream in 60-second tumbling windows: Lambda
//     hands each invocation the window's state so far, and the function
//     returns the new state (clicks per page).
//
// The role of each may read its stream only (the stream-read actions on that
// stream's ARN); Audit may also send to the Failed queue.
//
//   ./streams build
//   ./streams invoke Audit --event-source dynamodb
//   ./streams provision --endpoint-url http://127.0.0.1:4566   (sparta-local)

#include <boost/describe.hpp>
#include <sparta/events/batch_response.hpp>
#include <sparta/events/dynamodb.hpp>
#include <sparta/events/kinesis.hpp>
#include <sparta/resources/dynamodb.hpp>
#include <sparta/resources/kinesis.hpp>
#include <sparta/resources/sqs.hpp>
#include <sparta/sparta.hpp>
#include <string>

using namespace std::chrono_literals;
namespace events = sparta::events;
namespace ddb = sparta::resources::dynamodb;
namespace kinesis = sparta::resources::kinesis;
namespace sqs = sparta::resources::sqs;

// ---- Audit: what changed in Orders --------------------------------------

struct Change {
  std::string order;   // the key
  std::string change;  // INSERT, MODIFY, REMOVE
  std::string status_before;
  std::string status_after;
};
BOOST_DESCRIBE_STRUCT(Change, (), (order, change, status_before, status_after))

struct AuditReport {
  std::vector<Change> changes;
};
BOOST_DESCRIBE_STRUCT(AuditReport, (), (changes))

// A string attribute of an image, or "" when the image or attribute is
// absent (an INSERT has no old image, a REMOVE no new one).
std::string Status(const std::optional<sparta::dynamodb::Item>& image) {
  if (!image) return "";
  auto found = image->find("status");
  if (found == image->end() || found->second.if_string() == nullptr) return "";
  return *found->second.if_string();
}

AuditReport Audit(const events::DynamoDbEvent& event, sparta::runtime::Context& ctx) {
  AuditReport report;
  for (const events::DynamoDbEventRecord& record : event.Records) {
    const auto& keys = record.dynamodb.Keys;
    auto id = keys.find("id");
    Change change{.order = id != keys.end() && id->second.if_string() ? *id->second.if_string() : "",
                  .change = record.eventName,
                  .status_before = Status(record.dynamodb.OldImage),
                  .status_after = Status(record.dynamodb.NewImage)};
    ctx.log().Info("order " + change.order + ": " + change.change + " " + change.status_before +
                   " -> " + change.status_after);
    report.changes.push_back(std::move(change));
  }
  return report;
}

// ---- Count: clicks per page in tumbling windows --------------------------

events::TimeWindowResponse Count(const events::KinesisTimeWindowEvent& event,
                                 sparta::runtime::Context& ctx) {
  events::TimeWindowResponse response;
  response.state = event.state;  // the window's counts so far
  for (const events::KinesisEventRecord& record : event.Records) {
    auto page = record.kinesis.DecodedData();
    if (!page) {
      // Not base64: report it, Lambda retries from this record.
      response.Add(record.kinesis.sequenceNumber);
      break;
    }
    std::string& count = response.state[*page];
    count = std::to_string((count.empty() ? 0 : std::stoll(count)) + 1);
  }
  if (event.isFinalInvokeForWindow) {
    ctx.log().Info("window " + event.window.start + " - " + event.window.end + " closed with " +
                   std::to_string(response.state.size()) + " pages");
  }
  return response;
}

int main(int argc, char** argv) {
  ddb::Table orders{"Orders",
                    {.AttributeDefinitions = {{.AttributeName = "id", .AttributeType = "S"}},
                     .BillingMode = "PAY_PER_REQUEST",
                     .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}},
                     .StreamSpecification = {{.StreamViewType = "NEW_AND_OLD_IMAGES"}}}};
  kinesis::Stream clicks{"Clicks", {.RetentionPeriodHours = 24, .ShardCount = 1}};
  sqs::Queue failed{"Failed"};

  sparta::Function audit = sparta::DynamoDbReactor(
      "Audit", Audit,
      {.stream_arn = orders.StreamArn(),
       .starting_position = sparta::StartingPosition::kTrimHorizon,
       .batch_size = 50,
       .bisect_batch_on_error = true,
       .maximum_retry_attempts = 2,
       .on_failure = sparta::FailureDestination::Queue(failed.Arn())},
      {.description = "Says what changed in Orders"});
  sparta::Function count = sparta::KinesisReactor(
      "Count", Count,
      {.stream_arn = clicks.Arn(),
       .batching_window = 5s,
       .tumbling_window = 60s,
       .report_batch_item_failures = true},
      {.description = "Counts clicks per page, per minute"});

  sparta::Service service{
      .name = "SpartaStreams",
      .description = "Sparta C++ example: a DynamoDB stream and a Kinesis stream, each read by a "
                     "function",
      .functions = {audit, count},
      .resources = {orders, clicks, failed},
      .outputs = {{"OrdersTable", {.value = orders.Ref()}},
                  {"ClicksStream", {.value = clicks.Ref()}}}};
  return sparta::Main(argc, argv, service);
}
