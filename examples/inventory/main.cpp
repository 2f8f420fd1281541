// The inventory service: a function and everything around it, declared as
// C++ values.
//
//   * typed resources: a DynamoDB table and an S3 bucket, with the
//     properties CloudFormation's schemas give them;
//   * discovery: the function lists what it uses, and finds at run time
//     what the stack created (names, ARNs), with no hand-typed ARNs;
//   * a custom resource served by this same program: `Custom::RandomToken`
//     makes a secret at deploy time that the function reads through
//     discovery;
//   * a decorator: PublishVersion gives the function a version per code
//     change and an alias `live` on it;
//   * calling AWS from the handler: the function writes its report into the
//     bucket with the project's own S3 client (no AWS SDK), its credentials,
//     region and endpoint taken from the function's environment.
//
//   ./inventory build
//   ./inventory provision --endpoint-url http://127.0.0.1:4566   (sparta-local)
//   ./inventory call Describe

#include <boost/describe.hpp>
#include <random>
#include <sparta/aws/function_session.hpp>
#include <sparta/json/convert.hpp>
#include <sparta/resources/dynamodb.hpp>
#include <sparta/resources/s3.hpp>
#include <sparta/runtime/or_throw.hpp>
#include <sparta/service/lambda_version.hpp>
#include <sparta/sparta.hpp>
#include <string>

namespace ddb = sparta::resources::dynamodb;
namespace s3 = sparta::resources::s3;

// ---- A custom resource type: a random token made at deploy time --------

struct RandomToken {
  static constexpr std::string_view kType = "Custom::RandomToken";

  struct Properties {
    int Length = 32;
  };
  struct Data {
    std::string Token;
  };

  // Create makes the token; its physical ID says how long it is.
  sparta::CustomResult<Data> Create(const Properties& p, const sparta::CustomResourceCall&) {
    if (p.Length < 8 || p.Length > 256) {
      throw std::invalid_argument("Length must be from 8 to 256, not " + std::to_string(p.Length));
    }
    static constexpr std::string_view kAlphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device random;
    std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
    std::string token;
    for (int i = 0; i < p.Length; ++i) token += kAlphabet[pick(random)];
    return {.physical_id = "token-" + std::to_string(p.Length) + "-" + token.substr(0, 6),
            .data = {.Token = token},
            .no_echo = true};
  }

  // A new length is a new token (a new physical ID: CloudFormation then
  // deletes the old one); anything else keeps it.
  sparta::CustomResult<Data> Update(const Properties& now, const Properties& before,
                                    const sparta::CustomResourceCall& call) {
    if (now.Length != before.Length) return Create(now, call);
    throw std::invalid_argument("nothing to update: only Length changes a RandomToken");
  }

  // Nothing to clean up: the token lives only in the stack.
  void Delete(const Properties&, const sparta::CustomResourceCall&) {}
};
BOOST_DESCRIBE_STRUCT(RandomToken::Properties, (), (Length))
BOOST_DESCRIBE_STRUCT(RandomToken::Data, (), (Token))

// ---- The function ---------------------------------------------------------

struct Inventory {
  std::string stack;
  std::string bucket;
  std::string bucket_arn;
  std::string table;
  std::string table_arn;
  std::size_t token_length = 0;
  std::string report_key;  // where the function wrote this report in the bucket
};
BOOST_DESCRIBE_STRUCT(Inventory, (),
                      (stack, bucket, bucket_arn, table, table_arn, token_length, report_key))

// What the stack made for this function, found through discovery, written
// as a report into the bucket and returned.
Inventory Describe(const sparta::json::value&, sparta::runtime::Context& context) {
  const sparta::runtime::Discovery& found = sparta::runtime::Discover();
  auto bucket = found.Get<s3::Bucket>("Reports");
  auto table = found.Get<ddb::Table>("Items");
  Inventory inventory{.stack = found.stack().name,
                      .bucket = bucket.Ref(),
                      .bucket_arn = bucket.Arn(),
                      .table = table.Ref(),
                      .table_arn = table.Arn(),
                      .token_length = found.Resource("ApiToken").Attribute("Token").size(),
                      .report_key = "reports/" + context.request_id() + ".json"};

  // One S3 client per execution environment. OrThrow turns an error (no
  // such bucket, access denied, ...) into the invocation's error.
  static const sparta::aws::S3Client s3 =
      sparta::OrThrow(sparta::OrThrow(sparta::aws::FunctionSession::Shared()).S3());
  sparta::aws::PutObjectOptions json_file{.content_type = "application/json"};
  sparta::OrThrow(s3.PutObject(inventory.bucket, inventory.report_key,
                               sparta::jsonutil::Compact(sparta::jsonutil::ToJson(inventory)),
                               json_file));
  return inventory;
}

int main(int argc, char** argv) {
  s3::Bucket reports{"Reports", {}, {.deletion_policy = sparta::cfn::DeletionPolicy::kDelete}};
  ddb::Table items{"Items",
                   {.AttributeDefinitions = {{.AttributeName = "sku", .AttributeType = "S"}},
                    .BillingMode = "PAY_PER_REQUEST",
                    .KeySchema = {{.AttributeName = "sku", .KeyType = "HASH"}}}};
  sparta::CustomResource<RandomToken> token{"ApiToken", {{"Length", 32}}};

  sparta::Function describe{
      "Describe",
      Describe,
      {.description = "Reports what the stack made for it",
       .timeout = std::chrono::seconds(10),
       .dependencies = {reports, items, token},
       .decorators = {sparta::PublishVersion("live")}},
      // Least privilege: write objects into this bucket, nothing else.
      sparta::IamRoleDefinition{
          .privileges = {{.actions = {"s3:PutObject"},
                          .resources = {sparta::cfn::Join("", {reports.Arn(), "/*"})}}}}};
  sparta::Service service{
      .name = "SpartaInventory",
      .description = "Sparta C++ example: typed resources, discovery, a custom resource",
      .functions = {describe},
      .resources = {reports, items, token},
      .outputs = {{"ReportsBucket", {.value = reports.Ref()}},
                  {"ItemsTableArn", {.value = items.Arn()}},
                  {"DescribeLiveAlias", {.value = sparta::AliasArnOf(describe)}}}};
  return sparta::Main(argc, argv, service);
}
