// The objects service: a function that reacts to files landing in a bucket.
//
//   * Catalog runs for every `.csv` object created under `incoming/` in the
//     Uploads bucket (S3's notification configuration, filtered by prefix and
//     suffix), reads the object through the project's S3 client and answers
//     how many rows it has.
//   * S3Reactor declares the source and lets the function read that bucket's
//     objects (s3:GetObject on them, nothing else). That statement lives in a
//     policy of its own: the bucket names the function, so the function's
//     role cannot name the bucket without a circular dependency.
//
//   ./objects build
//   ./objects provision --endpoint-url http://127.0.0.1:4566   (sparta-local)
//   (put incoming/a.csv into the Uploads bucket, then:)
//   ./objects call Catalog --event-source s3 --bucket <Uploads> --key incoming/a.csv
//       --endpoint-url http://127.0.0.1:4566
// (`invoke` runs the handler with no AWS credentials: it says so, as Catalog
// reads the object through S3.)

#include <algorithm>
#include <boost/describe.hpp>
#include <sparta/aws/function_session.hpp>
#include <sparta/events/s3.hpp>
#include <sparta/resources/s3.hpp>
#include <sparta/runtime/or_throw.hpp>
#include <sparta/sparta.hpp>
#include <string>

namespace events = sparta::events;
namespace s3 = sparta::resources::s3;

struct CatalogEntry {
  std::string bucket;
  std::string key;  // decoded: "incoming/Q1 report.csv", not "incoming/Q1+report.csv"
  std::size_t rows = 0;
};
BOOST_DESCRIBE_STRUCT(CatalogEntry, (), (bucket, key, rows))

struct Catalogued {
  std::vector<CatalogEntry> entries;
};
BOOST_DESCRIBE_STRUCT(Catalogued, (), (entries))

Catalogued Catalog(const events::S3Event& event, sparta::runtime::Context& ctx) {
  static const sparta::aws::S3Client s3 =
      sparta::OrThrow(sparta::OrThrow(sparta::aws::FunctionSession::Shared()).S3());
  Catalogued out;
  for (const events::S3EventRecord& record : event.Records) {
    CatalogEntry entry{.bucket = record.s3.bucket.name,
                       .key = sparta::OrThrow(record.s3.object.DecodedKey())};
    const auto object = sparta::OrThrow(s3.GetObject(entry.bucket, entry.key));
    entry.rows = static_cast<std::size_t>(std::count(object.body.begin(), object.body.end(), '\n'));
    ctx.log().Info(record.eventName + " " + entry.key + ": " + std::to_string(entry.rows) +
                   " rows");
    out.entries.push_back(std::move(entry));
  }
  return out;
}

int main(int argc, char** argv) {
  s3::Bucket uploads{"Uploads", {}, {.deletion_policy = sparta::cfn::DeletionPolicy::kDelete}};

  sparta::Function catalog = sparta::S3Reactor(
      "Catalog", Catalog, {.bucket = uploads, .prefix = "incoming/", .suffix = ".csv"},
      {.description = "Counts the rows of each CSV file that lands in Uploads",
       .timeout = std::chrono::seconds(30)});

  sparta::Service service{
      .name = "SpartaObjects",
      .description = "Sparta C++ example: a function reacting to objects in a bucket",
      .functions = {catalog},
      .resources = {uploads},
      .outputs = {{"UploadsBucket", {.value = uploads.Ref()}}}};
  return sparta::Main(argc, argv, service);
}
