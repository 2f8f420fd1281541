// The dropzone service: a function that reacts to files a partner drops
// into a bucket this service does not own.
//
//   * The bucket exists already (another team made it); its name is the
//     DropBucket parameter. `sparta::ExistingBucket` names it.
//   * Sparta cannot declare the bucket's notifications in this template, so
//     a built-in custom resource reads the bucket's notification
//     configuration, adds Intake's entry (orders/*.json) and writes it back.
//     Entries that others put there stay as they are; deleting the stack
//     removes Intake's entry and nothing else.
//   * Intake reads each order it is told about and answers the totals.
//
//   ./dropzone build
//   ./dropzone provision --param DropBucket=<bucket> --endpoint-url http://127.0.0.1:4566
//   (put orders/7.json, e.g. {"id": "7", "total": 12.5}, into the bucket, then:)
//   ./dropzone call Intake --event-source s3 --bucket <bucket> --key orders/7.json
//       --endpoint-url http://127.0.0.1:4566

#include <boost/describe.hpp>
#include <sparta/aws/function_session.hpp>
#include <sparta/events/s3.hpp>
#include <sparta/json/convert.hpp>
#include <sparta/json/json.hpp>
#include <sparta/runtime/or_throw.hpp>
#include <sparta/sparta.hpp>
#include <string>
#include <vector>

namespace events = sparta::events;

// What the partner drops: one order per object.
struct Order {
  std::string id;
  double total = 0;
};
BOOST_DESCRIBE_STRUCT(Order, (), (id, total))

struct Received {
  std::vector<std::string> orders;  // ids, in event order
  double total = 0;
};
BOOST_DESCRIBE_STRUCT(Received, (), (orders, total))

Received Intake(const events::S3Event& event, sparta::runtime::Context& ctx) {
  static const sparta::aws::S3Client s3 =
      sparta::OrThrow(sparta::OrThrow(sparta::aws::FunctionSession::Shared()).S3());
  Received out;
  for (const events::S3EventRecord& record : event.Records) {
    const std::string key = sparta::OrThrow(record.s3.object.DecodedKey());
    const auto object = sparta::OrThrow(s3.GetObject(record.s3.bucket.name, key));
    // A malformed order fails the invocation with what was wrong and where.
    const auto body = sparta::OrThrow(sparta::jsonutil::Parse(object.body, key));
    const Order order = sparta::OrThrow(sparta::jsonutil::TryFromJson<Order>(body));
    ctx.log().Info(key + ": order " + order.id);
    out.orders.push_back(order.id);
    out.total += order.total;
  }
  return out;
}

int main(int argc, char** argv) {
  sparta::Parameter drop_bucket{
      "DropBucket",
      {.description = "The partner's existing bucket that orders are dropped into",
       .min_length = 3,
       .max_length = 63}};

  sparta::Function intake = sparta::S3Reactor(
      "Intake", Intake,
      {.bucket = sparta::ExistingBucket{drop_bucket.Ref()},
       .events = {"s3:ObjectCreated:*"},
       .prefix = "orders/",
       .suffix = ".json"},
      {.description = "Totals the orders dropped into the partner's bucket",
       .timeout = std::chrono::seconds(30)});

  sparta::Service service{
      .name = "SpartaDropzone",
      .description = "Sparta C++ example: a function reacting to a bucket it does not own",
      .functions = {intake},
      .parameters = {drop_bucket}};
  return sparta::Main(argc, argv, service);
}
