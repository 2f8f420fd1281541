// The embedded local cloud end to end: `sparta-local` as a program, the hello
// example and the faulty fixture provisioned into it through their command
// lines, called through the Lambda Invoke API, inspected with the AWS CLI,
// compared with moto_server, and broken on purpose (signatures, crashes,
// kill -9 in the middle of a provision).

#include <signal.h>

#include <map>
#include <set>
#include <fstream>
#include <thread>

#include "sparta/aws/cloudformation_client.hpp"
#include "sparta/aws/lambda_client.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/aws/sts_client.hpp"
#include "sparta/util/files.hpp"

#include "aws/clients/moto_server.hpp"
#include "program_test_util.hpp"
#include "support/local_cloud_process.hpp"

namespace sparta::testing {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const std::string kHello = HELLO_PROGRAM;
const std::string kFaulty = FAULTY_PROGRAM;
const std::string kInventory = INVENTORY_PROGRAM;
const std::string kMirrors = MIRRORS_PROGRAM;
const std::string kLocal = SPARTA_LOCAL_PROGRAM;

json::object LastJsonLine(const std::string& out) {
  auto end = out.find_last_not_of('\n');
  if (end == std::string::npos) return {};
  auto newline = out.rfind('\n', end);
  size_t begin = newline == std::string::npos ? 0 : newline + 1;
  json::value v = ParseOrFail(out.substr(begin, end + 1 - begin));
  return v.is_object() ? v.as_object() : json::object();
}

std::string FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string paths = path ? path : "";
  size_t start = 0;
  while (start <= paths.size()) {
    size_t end = paths.find(':', start);
    if (end == std::string::npos) end = paths.size();
    fs::path candidate = fs::path(paths.substr(start, end - start)) / name;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return "";
}

class LocalCloud : public ::testing::Test {
 protected:
  void SetUp() override {
    data_ = dir_.path() / "cloud";
    StartCloud();
    env_ = LocalCloudEnvironment(dir_.path());
  }
  void TearDown() override {
    if (cloud_) {
      const int status = cloud_->Terminate();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "sparta-local did not stop cleanly on SIGTERM; log:\n"
          << cloud_->Log();
      cloud_.reset();
      EXPECT_FALSE(ProcessesRunUnder(data_)) << "function processes outlived sparta-local";
    }
  }

  void StartCloud() {
    auto cloud = LocalCloudProcess::Start(kLocal, data_);
    ASSERT_TRUE(cloud.ok()) << cloud.error().message;
    cloud_ = std::move(*cloud);
  }

  ProcessResult Run(const std::string& program, std::vector<std::string> args,
                    const std::string& input = {}, std::vector<std::string> extra_env = {}) {
    std::vector<std::string> argv = {program};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--endpoint-url", cloud_->endpoint()});
    std::vector<std::string> env = env_;
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    return RunProcess(argv, input, env, dir_.path().string(), 120s);
  }

  ProcessResult Aws(std::vector<std::string> args) {
    std::vector<std::string> argv = {aws_cli_,   "--endpoint-url", cloud_->endpoint(),
                                     "--region", "us-east-1",      "--output",
                                     "json"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv, "", env_, dir_.path().string(), 60s);
  }

  // Provisions hello and checks it was created.
  void ProvisionHello() {
    auto first = Run(kHello, {"provision", "--output", "json"});
    ASSERT_EQ(first.exit_code, 0) << first.out << first.err << "\nlog:\n" << cloud_->Log();
    auto created = LastJsonLine(first.out);
    ASSERT_EQ(Str(created, "outcome"), "created") << first.out;
    ASSERT_EQ(Str(created, "stackStatus"), "CREATE_COMPLETE") << first.out;
  }

  json::object CallJson(const std::string& program, const std::string& function,
                        const std::string& event, ProcessResult* raw = nullptr) {
    auto r = Run(program, {"call", function, "--event", "-", "--output", "json"}, event);
    if (raw) *raw = r;
    json::value v = ParseOrFail(r.out);
    EXPECT_TRUE(v.is_object()) << r.out << "\nstderr: " << r.err;
    return v.is_object() ? v.as_object() : json::object();
  }

  TempDir dir_;
  fs::path data_;
  std::unique_ptr<LocalCloudProcess> cloud_;
  std::vector<std::string> env_;
  std::string aws_cli_ = FindOnPath("aws");
};

TEST_F(LocalCloud, ProgramPrintsOneReadyLine) {
  EXPECT_EQ(cloud_->ready_line().rfind("sparta-local ready on http://127.0.0.1:", 0), 0u)
      << cloud_->ready_line();
  EXPECT_NE(cloud_->ready_line().find(fs::weakly_canonical(data_).string()), std::string::npos)
      << cloud_->ready_line();
}

// provision → call → change code → provision (update: new workers answer) →
// provision (no changes) → delete (functions stopped, state gone).
TEST_F(LocalCloud, FullCycle) {
  ProvisionHello();
  auto hello = CallJson(kHello, "Hello", R"({"name":"Sparta"})");
  EXPECT_NE(Str(hello, "payload").find("Hello, Sparta!"), std::string::npos)
      << Str(hello, "payload");
  EXPECT_EQ(Str(hello, "functionName"), "SpartaHello-Hello");
  EXPECT_NE(Str(hello, "logTail").find("REPORT RequestId:"), std::string::npos);

  // A function error comes back as Lambda reports it, with exit code 1.
  ProcessResult failed;
  auto error = CallJson(kHello, "Hello", R"({"name":""})", &failed);
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_EQ(Str(error, "functionError"), "Unhandled");
  EXPECT_NE(Str(error, "payload").find("InvalidName"), std::string::npos);

  // New code: the faulty service's bootstrap, which declares no "Hello".
  auto update = Run(kHello, {"provision", "--output", "json", "--bootstrap", FAULTY_BOOTSTRAP});
  ASSERT_EQ(update.exit_code, 0) << update.out << update.err;
  EXPECT_EQ(Str(LastJsonLine(update.out), "outcome"), "updated") << update.out;
  EXPECT_EQ(Str(LastJsonLine(update.out), "stackStatus"), "UPDATE_COMPLETE");
  auto replaced = CallJson(kHello, "Hello", R"({"name":"Sparta"})");
  EXPECT_EQ(Str(replaced, "functionError"), "Unhandled") << "the old worker answered";
  EXPECT_NE(Str(replaced, "payload").find("ThrowStd"), std::string::npos)
      << "the new bootstrap lists its own handlers: " << Str(replaced, "payload");

  // The same build again: nothing uploaded, no stack update.
  auto again = Run(kHello, {"provision", "--output", "json", "--bootstrap", FAULTY_BOOTSTRAP});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  auto unchanged = LastJsonLine(again.out);
  EXPECT_EQ(Str(unchanged, "outcome"), "no-changes");
  EXPECT_EQ(unchanged.at("bytesUploaded").to_number<int64_t>(), 0);
  EXPECT_EQ(Str(unchanged, "stackStatus"), "UPDATE_COMPLETE");

  auto removed = Run(kHello, {"delete"});
  ASSERT_EQ(removed.exit_code, 0) << removed.out << removed.err;
  EXPECT_FALSE(ProcessesRunUnder(data_)) << "deleting the stack left its function running";
  auto gone = Run(kHello, {"call", "Hello"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("does not exist"), std::string::npos) << gone.err;
  aws::LambdaClient lambda(cloud_->Client("lambda"));
  auto direct = lambda.Invoke({.function_name = "SpartaHello-Hello"});
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().code, "ResourceNotFoundException");
}

// The inventory example: typed resources, discovery and a custom resource
// served by the program itself, provisioned for real. The function reports
// what discovery found; it must be what the stack created.
TEST_F(LocalCloud, InventoryExampleDiscoversItsResourcesAndWritesToItsBucket) {
  auto provisioned = Run(kInventory, {"provision", "--output", "json"});
  ASSERT_EQ(provisioned.exit_code, 0) << provisioned.out << provisioned.err << "\nlog:\n"
                                      << cloud_->Log();
  ASSERT_EQ(Str(LastJsonLine(provisioned.out), "stackStatus"), "CREATE_COMPLETE")
      << provisioned.out;

  aws::CloudFormationClient cfn(cloud_->Client("cloudformation"));
  auto resources = cfn.ListAllStackResources("SpartaInventory");
  ASSERT_TRUE(resources.ok()) << resources.error().message;
  std::map<std::string, std::string> physical;
  for (const auto& r : *resources) physical[r.logical_resource_id] = r.physical_resource_id;
  ASSERT_TRUE(physical.contains("Reports") && physical.contains("Items") &&
              physical.contains("ApiToken") && physical.contains("RandomTokenProviderFunction"));
  EXPECT_EQ(physical["ApiToken"].rfind("token-32-", 0), 0u) << physical["ApiToken"];
  EXPECT_TRUE(physical.contains("DescribeVersion") && physical.contains("DescribeAlias"));

  ProcessResult raw;
  auto called = CallJson(kInventory, "Describe", "{}", &raw);
  ASSERT_EQ(raw.exit_code, 0) << raw.out << raw.err;
  json::value found = ParseOrFail(Str(called, "payload"));
  EXPECT_EQ(found.at("stack"), "SpartaInventory");
  EXPECT_EQ(std::string(found.at("bucket").as_string()), physical["Reports"]);
  EXPECT_EQ(std::string(found.at("bucket_arn").as_string()), "arn:aws:s3:::" + physical["Reports"]);
  EXPECT_EQ(std::string(found.at("table").as_string()), physical["Items"]);
  EXPECT_NE(found.at("table_arn").as_string().find(":table/" + physical["Items"]),
            std::string::npos);
  EXPECT_EQ(found.at("token_length"), 32);

  // The function wrote its report into the bucket through the local S3,
  // with its own S3 client (FunctionSession: credentials, region and
  // endpoint from its environment).
  const std::string report_key(found.at("report_key").as_string());
  EXPECT_TRUE(report_key.starts_with("reports/") && report_key.ends_with(".json")) << report_key;
  aws::S3Client s3(cloud_->Client("s3"));
  auto report = s3.GetObject(physical["Reports"], report_key);
  ASSERT_TRUE(report.ok()) << report.error().message << "\nlog:\n" << cloud_->Log();
  EXPECT_EQ(report->info.content_type, "application/json");
  EXPECT_EQ(ParseOrFail(report->body), found);
  // A bucket must be empty before CloudFormation can delete it.
  ASSERT_TRUE(s3.DeleteObject(physical["Reports"], report_key).ok());

  // The custom resource's Delete runs when the stack goes.
  auto stack = cfn.DescribeStack("SpartaInventory");
  ASSERT_TRUE(stack.ok()) << stack.error().message;
  auto removed = Run(kInventory, {"delete"});
  ASSERT_EQ(removed.exit_code, 0) << removed.out << removed.err;
  auto events = cfn.StackEventsSince(stack->stack_id, "");
  ASSERT_TRUE(events.ok()) << events.error().message;
  bool token_deleted = false;
  for (const auto& e : *events) {
    if (e.logical_resource_id == "ApiToken" && e.resource_status == "DELETE_COMPLETE") {
      token_deleted = true;
    }
  }
  EXPECT_TRUE(token_deleted);
}

// A discovery document over Lambda's 4 KB of environment: `provision` says
// it is served from the stack, sparta-local resolves the function's Metadata,
// and the function reads it with its own signed DescribeStackResource.
TEST_F(LocalCloud, MirrorsExampleDiscoversADocumentServedFromTheStack) {
  auto provisioned = Run(kMirrors, {"provision", "--output", "json"});
  ASSERT_EQ(provisioned.exit_code, 0) << provisioned.out << provisioned.err << "\nlog:\n"
                                      << cloud_->Log();
  EXPECT_NE(provisioned.out.find("function Locate: its discovery document does not fit in "
                                 "Lambda's 4 KB of environment; it is served from the stack"),
            std::string::npos)
      << provisioned.out;

  aws::CloudFormationClient cfn(cloud_->Client("cloudformation"));
  auto resources = cfn.ListAllStackResources("SpartaMirrors");
  ASSERT_TRUE(resources.ok()) << resources.error().message;
  std::map<std::string, std::string> physical;
  for (const auto& r : *resources) physical[r.logical_resource_id] = r.physical_resource_id;
  auto detail = cfn.DescribeStackResource("SpartaMirrors", "LocateFunction");
  ASSERT_TRUE(detail.ok()) << detail.error().message;
  json::value metadata = ParseOrFail(detail->metadata);
  json::value document = ParseOrFail(std::string(metadata.at("SpartaDiscovery").as_string()));
  EXPECT_EQ(std::string(document.at("resources").at("OsloMirror").at("ref").as_string()),
            physical["OsloMirror"]);  // resolved, not an intrinsic

  ProcessResult raw;
  auto called = CallJson(kMirrors, "Locate", "{}", &raw);
  ASSERT_EQ(raw.exit_code, 0) << raw.out << raw.err;
  ASSERT_TRUE(called.at("functionError").is_null()) << Str(called, "payload");
  json::value mirrors = ParseOrFail(Str(called, "payload"));
  ASSERT_EQ(mirrors.as_object().size(), 8u) << mirrors;
  for (const std::string region : {"Lisbon", "Oslo", "Seoul"}) {
    const std::string bucket = physical[region + "Mirror"];
    ASSERT_FALSE(bucket.empty()) << region;
    EXPECT_EQ(std::string(mirrors.at(region).at("bucket").as_string()), bucket);
    EXPECT_NE(mirrors.at(region).at("domain").as_string().find(bucket), std::string::npos)
        << mirrors.at(region);
  }
  auto removed = Run(kMirrors, {"delete"});
  EXPECT_EQ(removed.exit_code, 0) << removed.out << removed.err;
}

TEST_F(LocalCloud, FailingResourceRollsBackWithItsReason) {
  auto r = Run(kFaulty, {"provision"}, "", {"SPARTA_FAULTY_DECLARATION=missing-role"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const std::string all = r.out + r.err;
  EXPECT_NE(all.find("ROLLBACK_COMPLETE"), std::string::npos) << all;
  EXPECT_NE(all.find("cannot be assumed by Lambda"), std::string::npos) << all;
  aws::CloudFormationClient cloudformation(cloud_->Client("cloudformation"));
  auto stack = cloudformation.DescribeStack("SpartaFaulty");
  ASSERT_TRUE(stack.ok()) << stack.error().message;
  EXPECT_EQ(stack->stack_status, "ROLLBACK_COMPLETE");
  // Nothing it created survives the rollback.
  auto resources = cloudformation.ListAllStackResources("SpartaFaulty");
  ASSERT_TRUE(resources.ok()) << resources.error().message;
  for (const auto& resource : *resources) {
    EXPECT_NE(resource.resource_status, "CREATE_COMPLETE") << resource.logical_resource_id;
  }
  // A provision without the fault replaces the rolled-back stack.
  auto fixed = Run(kFaulty, {"provision", "--output", "json"});
  ASSERT_EQ(fixed.exit_code, 0) << fixed.out << fixed.err;
  EXPECT_EQ(Str(LastJsonLine(fixed.out), "stackStatus"), "CREATE_COMPLETE");
}

TEST_F(LocalCloud, WorkerCrashMidInvokeThenTheNextInvokeWorks) {
  auto r = Run(kFaulty, {"provision"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  auto crash = CallJson(kFaulty, "Segfault", "{}");
  EXPECT_EQ(Str(crash, "functionError"), "Unhandled");
  EXPECT_NE(Str(crash, "payload").find("Runtime.ExitError"), std::string::npos)
      << Str(crash, "payload");
  auto env = CallJson(kFaulty, "Environment", "{}");
  EXPECT_TRUE(env.at("functionError").is_null()) << Str(env, "payload");
  auto vars = ParseOrFail(Str(env, "payload"));
  ASSERT_TRUE(vars.is_object());
  EXPECT_EQ(vars.at("GREETING"), "hi");
  EXPECT_EQ(vars.at("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"), "512");
}

TEST_F(LocalCloud, SignaturesAreVerified) {
  aws::StsClient good(cloud_->Client("sts"));
  auto me = good.GetCallerIdentity();
  ASSERT_TRUE(me.ok()) << me.error().message;
  EXPECT_EQ(me->account, "000000000000");

  aws::StsClient wrong_secret(cloud_->Client("sts", "test", "not-the-secret"));
  auto bad = wrong_secret.GetCallerIdentity();
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "SignatureDoesNotMatch") << bad.error().message;

  aws::StsClient unknown_key(cloud_->Client("sts", "AKIDUNKNOWN", "x"));
  auto unknown = unknown_key.GetCallerIdentity();
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "InvalidClientTokenId") << unknown.error().message;

  // The same through a whole command: the user sees AWS's answer.
  auto r = Run(kHello, {"status"}, "", {"AWS_SECRET_ACCESS_KEY=wrong"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("SignatureDoesNotMatch"), std::string::npos) << r.err;
}

TEST_F(LocalCloud, MalformedRequestsGetAwsErrorsAndTheServerCarriesOn) {
  auto cloudformation = cloud_->Client("cloudformation");
  struct Case {
    std::string service, method, path, body, code;
  };
  const std::vector<Case> cases = {
      {"cloudformation", "POST", "/", "Action=NoSuchAction&Version=2010-05-15", "InvalidAction"},
      {"cloudformation", "POST", "/", "%%%garbage&&==", ""},
      {"cloudformation", "POST", "/",
       "Action=CreateStack&Version=2010-05-15&StackName=x&TemplateBody=%7Bnot%20json",
       "ValidationError"},
      {"s3", "POST", "/bucket-x?delete", "<Delete><Object><Key>", ""},
      {"lambda", "POST", "/2015-03-31/functions/none/invocations", "{not json", ""},
  };
  for (const Case& c : cases) {
    aws::HttpRequest request;
    request.method = c.method;
    auto q = c.path.find('?');
    request.path = c.path.substr(0, q);
    if (q != std::string::npos) request.query = c.path.substr(q + 1);
    request.body = c.body;
    request.headers = {{"Content-Type", c.service == "cloudformation"
                                            ? "application/x-www-form-urlencoded"
                                            : "application/octet-stream"}};
    auto r = cloud_->Client(c.service)->Send(request, "malformed");
    ASSERT_FALSE(r.ok()) << c.service << " " << c.body;
    if (!c.code.empty()) {
      EXPECT_EQ(r.error().code, c.code) << r.error().message;
    }
    // A refusal, never a server failure: AwsClient writes the status as
    // "(HTTP <status>, request id ...)".
    EXPECT_EQ(r.error().message.find("(HTTP 5"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("(HTTP 4"), std::string::npos) << r.error().message;
  }
  aws::StsClient sts(cloud_->Client("sts"));
  EXPECT_TRUE(sts.GetCallerIdentity().ok()) << "the server did not survive malformed requests";
}

// kill -9 in the middle of a provision, then a restart on the same data
// dir: every stack is in a settled state, and provisioning again succeeds.
// The stack is held mid-creation by a custom resource that waits for a file
// (faulty's "held" declaration), so the kill lands while it is in progress.
TEST_F(LocalCloud, KillNineDuringProvisionThenRestart) {
  const fs::path release = dir_.path() / "release-hold";
  const std::vector<std::string> held = {"SPARTA_FAULTY_DECLARATION=held",
                                         "SPARTA_FAULTY_HOLD=" + release.string()};
  ProcessResult interrupted;
  std::thread provision([&] { interrupted = Run(kFaulty, {"provision"}, "", held); });
  const fs::path started = release.string() + ".started";
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline && !fs::exists(started)) {
    std::this_thread::sleep_for(10ms);
  }
  if (!fs::exists(started)) {
    provision.join();
    FAIL() << "the custom resource never ran: " << interrupted.out << interrupted.err
           << "\nlog:\n"
           << cloud_->Log();
  }
  aws::CloudFormationClient cloudformation(cloud_->Client("cloudformation"));
  auto during = cloudformation.DescribeStack("SpartaFaulty");
  EXPECT_TRUE(during.ok() && during->stack_status == "CREATE_IN_PROGRESS")
      << (during.ok() ? during->stack_status : during.error().message);
  cloud_->Kill();
  provision.join();
  EXPECT_NE(interrupted.exit_code, 0) << "provision cannot have succeeded against a killed cloud";

  StartCloud();
  aws::CloudFormationClient after(cloud_->Client("cloudformation"));
  std::string status;
  const auto settle = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < settle) {
    auto stack = after.DescribeStack("SpartaFaulty");
    if (!stack.ok()) {
      status = "absent";
      break;
    }
    status = stack->stack_status;
    if (status.find("IN_PROGRESS") == std::string::npos) break;
    std::this_thread::sleep_for(50ms);
  }
  // Interrupted mid-creation, the stack cannot have completed.
  EXPECT_TRUE(status == "absent" || status == "ROLLBACK_COMPLETE" || status == "CREATE_FAILED")
      << status << "\nlog:\n"
      << cloud_->Log();

  std::ofstream(release).put('\n');
  auto rerun = Run(kFaulty, {"provision", "--output", "json"}, "", held);
  ASSERT_EQ(rerun.exit_code, 0) << rerun.out << rerun.err << "\nlog:\n" << cloud_->Log();
  auto chatty = CallJson(kFaulty, "Chatty", R"("again")");
  EXPECT_EQ(Str(chatty, "payload"), R"("done")") << Str(chatty, "payload");
}

TEST_F(LocalCloud, StateSurvivesARestart) {
  ProvisionHello();
  ASSERT_EQ(cloud_->Terminate(), 0);
  StartCloud();
  auto status = Run(kHello, {"status", "--output", "json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(Str(LastJsonLine(status.out), "stackStatus"), "CREATE_COMPLETE");
  auto hello = CallJson(kHello, "Hello", R"({"name":"back"})");
  EXPECT_NE(Str(hello, "payload").find("Hello, back!"), std::string::npos) << Str(hello, "payload");
  auto again = Run(kHello, {"provision", "--output", "json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Str(LastJsonLine(again.out), "outcome"), "no-changes");
}

// The official AWS CLI against sparta-local: outputs checked.
TEST_F(LocalCloud, AwsCli) {
  if (aws_cli_.empty()) GTEST_SKIP() << "the AWS CLI (aws) is not installed";
  ProvisionHello();

  auto stacks = Aws({"cloudformation", "describe-stacks", "--stack-name", "SpartaHello"});
  ASSERT_EQ(stacks.exit_code, 0) << stacks.err;
  auto stack = ParseOrFail(stacks.out).at("Stacks").at(0);
  EXPECT_EQ(stack.at("StackStatus"), "CREATE_COMPLETE");
  bool has_output = false;
  for (const auto& o : stack.at("Outputs").as_array()) {
    if (o.at("OutputKey") == "HelloFunctionName") {
      has_output = true;
      EXPECT_EQ(o.at("OutputValue"), "SpartaHello-Hello");
    }
  }
  EXPECT_TRUE(has_output) << stacks.out;

  auto events = Aws({"cloudformation", "describe-stack-events", "--stack-name", "SpartaHello"});
  ASSERT_EQ(events.exit_code, 0) << events.err;
  auto first_event = ParseOrFail(events.out).at("StackEvents").at(0);  // newest first
  EXPECT_EQ(first_event.at("LogicalResourceId"), "SpartaHello");
  EXPECT_EQ(first_event.at("ResourceStatus"), "CREATE_COMPLETE");

  auto resources = Aws({"cloudformation", "list-stack-resources", "--stack-name", "SpartaHello"});
  ASSERT_EQ(resources.exit_code, 0) << resources.err;
  std::set<std::string> types;
  const json::value summaries = ParseOrFail(resources.out);
  for (const auto& r : summaries.at("StackResourceSummaries").as_array()) {
    types.insert(std::string(r.at("ResourceType").as_string()));
    EXPECT_EQ(r.at("ResourceStatus"), "CREATE_COMPLETE");
  }
  EXPECT_EQ(types, (std::set<std::string>{"AWS::IAM::Role", "AWS::Lambda::Function",
                                          "AWS::Logs::LogGroup"}));

  auto tmpl = Aws({"cloudformation", "get-template", "--stack-name", "SpartaHello"});
  ASSERT_EQ(tmpl.exit_code, 0) << tmpl.err;
  EXPECT_NE(tmpl.out.find("AWS::Lambda::Function"), std::string::npos);

  // S3: copy a file up and down, list it.
  ASSERT_TRUE(util::WriteFileAtomic(dir_.path() / "up.txt", "local bytes\n").ok());
  ASSERT_EQ(Aws({"s3", "mb", "s3://cli-bucket"}).exit_code, 0);
  auto cp = Aws({"s3", "cp", (dir_.path() / "up.txt").string(), "s3://cli-bucket/dir/up.txt"});
  ASSERT_EQ(cp.exit_code, 0) << cp.err;
  auto ls = Aws({"s3", "ls", "s3://cli-bucket/dir/"});
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_NE(ls.out.find("up.txt"), std::string::npos) << ls.out;
  EXPECT_NE(ls.out.find(" 12 "), std::string::npos) << ls.out;
  auto down = Aws({"s3", "cp", "s3://cli-bucket/dir/up.txt", (dir_.path() / "down.txt").string()});
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(*util::ReadFile(dir_.path() / "down.txt"), "local bytes\n");
  ASSERT_EQ(Aws({"s3", "rm", "s3://cli-bucket/dir/up.txt"}).exit_code, 0);
  EXPECT_EQ(Aws({"s3", "ls", "s3://cli-bucket/dir/"}).out, "");

  // Lambda: a payload and an error.
  const std::string out_file = (dir_.path() / "out.json").string();
  // AWS CLI v2 reads --payload as base64 unless told otherwise; v1 knows
  // no such option.
  const ProcessResult version = Aws({"--version"});  // stdout in v2, stderr in early v1
  const bool v2 = (version.out + version.err).find("aws-cli/2.") != std::string::npos;
  auto lambda_invoke = [&](const std::string& function, const std::string& payload) {
    std::vector<std::string> args = {"lambda", "invoke", "--function-name", function};
    if (!payload.empty()) args.insert(args.end(), {"--payload", payload});
    if (v2) args.insert(args.end(), {"--cli-binary-format", "raw-in-base64-out"});
    args.push_back(out_file);
    return Aws(args);
  };
  auto invoke = lambda_invoke("SpartaHello-Hello", R"({"name":"cli"})");
  ASSERT_EQ(invoke.exit_code, 0) << invoke.err;
  EXPECT_EQ(ParseOrFail(invoke.out).at("StatusCode"), 200);
  EXPECT_NE(util::ReadFile(out_file)->find("Hello, cli!"), std::string::npos);
  auto failing = lambda_invoke("SpartaHello-Hello", R"({"name":""})");
  ASSERT_EQ(failing.exit_code, 0) << failing.err;
  EXPECT_EQ(ParseOrFail(failing.out).at("FunctionError"), "Unhandled");
  EXPECT_NE(util::ReadFile(out_file)->find("InvalidName"), std::string::npos);
  auto missing = lambda_invoke("nope", "");
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("ResourceNotFoundException"), std::string::npos) << missing.err;

  auto who = Aws({"sts", "get-caller-identity"});
  ASSERT_EQ(who.exit_code, 0) << who.err;
  EXPECT_EQ(ParseOrFail(who.out).at("Account"), "000000000000");

  // IAM: the stack's role and one made here are seen alike.
  auto roles = Aws({"iam", "list-roles"});
  ASSERT_EQ(roles.exit_code, 0) << roles.err;
  const std::size_t stack_roles = ParseOrFail(roles.out).at("Roles").as_array().size();
  EXPECT_GE(stack_roles, 1u) << roles.out;
  const std::string trust =
      R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
      R"("Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})";
  auto created = Aws({"iam", "create-role", "--role-name", "cli-role", "--path", "/team/",
                      "--assume-role-policy-document", trust, "--tags", "Key=team,Value=core"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_EQ(ParseOrFail(created.out).at("Role").at("Arn"),
            "arn:aws:iam::000000000000:role/team/cli-role");
  ASSERT_EQ(Aws({"iam", "put-role-policy", "--role-name", "cli-role", "--policy-name", "logs",
                 "--policy-document", R"({"Version":"2012-10-17","Statement":[]})"})
                .exit_code,
            0);
  auto policy = Aws({"iam", "get-role-policy", "--role-name", "cli-role", "--policy-name", "logs"});
  ASSERT_EQ(policy.exit_code, 0) << policy.err;
  // The CLI decodes IAM's URL-encoded documents back into JSON.
  EXPECT_EQ(ParseOrFail(policy.out).at("PolicyDocument").at("Version"), "2012-10-17");
  auto tags = Aws({"iam", "list-role-tags", "--role-name", "cli-role"});
  ASSERT_EQ(tags.exit_code, 0) << tags.err;
  EXPECT_EQ(ParseOrFail(tags.out).at("Tags").at(0).at("Value"), "core");
  auto conflict = Aws({"iam", "delete-role", "--role-name", "cli-role"});
  EXPECT_NE(conflict.exit_code, 0);
  EXPECT_NE(conflict.err.find("DeleteConflict"), std::string::npos) << conflict.err;
  ASSERT_EQ(
      Aws({"iam", "delete-role-policy", "--role-name", "cli-role", "--policy-name", "logs"})
          .exit_code,
      0);
  ASSERT_EQ(Aws({"iam", "delete-role", "--role-name", "cli-role"}).exit_code, 0);
  auto bad_name = Aws({"iam", "get-role", "--role-name", "no spaces"});
  EXPECT_NE(bad_name.exit_code, 0);
  EXPECT_NE(bad_name.err.find("ValidationError"), std::string::npos) << bad_name.err;
  // An operation IAM has and sparta-local does not serve says so.
  auto user = Aws({"iam", "create-user", "--user-name", "u"});
  EXPECT_NE(user.exit_code, 0);
  EXPECT_NE(user.err.find("NotImplemented"), std::string::npos) << user.err;
  EXPECT_NE(user.err.find("CreateUser"), std::string::npos) << user.err;
}

// The same provision on sparta-local and on moto_server: both end
// CREATE_COMPLETE with the same resources.
TEST_F(LocalCloud, SameResourcesAsMoto) {
  if (aws::testing::MotoServer::Find().empty()) GTEST_SKIP() << "moto_server is not installed";
  auto moto = aws::testing::MotoServer::Start();
  ASSERT_TRUE(moto.ok()) << moto.error().message;
  ProvisionHello();
  std::vector<std::string> argv = {
      kHello, "provision",      "--output",
      "json", "--endpoint-url", "http://127.0.0.1:" + std::to_string((*moto)->port())};
  auto on_moto = RunProcess(argv, "", env_, dir_.path().string(), 120s);
  ASSERT_EQ(on_moto.exit_code, 0) << on_moto.out << on_moto.err;
  EXPECT_EQ(Str(LastJsonLine(on_moto.out), "stackStatus"), "CREATE_COMPLETE");

  auto listing = [](const aws::CloudFormationClient& client) {
    std::set<std::pair<std::string, std::string>> out;
    auto resources = client.ListAllStackResources("SpartaHello");
    EXPECT_TRUE(resources.ok()) << resources.error().message;
    if (!resources.ok()) return out;
    for (const auto& r : *resources) {
      out.emplace(r.logical_resource_id, r.resource_type);
      EXPECT_EQ(r.resource_status, "CREATE_COMPLETE") << r.logical_resource_id;
    }
    return out;
  };
  auto local = listing(aws::CloudFormationClient(cloud_->Client("cloudformation")));
  auto remote = listing(aws::CloudFormationClient((*moto)->Client("cloudformation")));
  EXPECT_EQ(local, remote);
  EXPECT_EQ(local.size(), 6u);
}

}  // namespace
}  // namespace sparta::testing
