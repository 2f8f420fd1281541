// LambdaService's typed API: definitions and their validation, persistence,
// and the worker pool (reuse, parallelism, throttling, replacement, stop).
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <future>
#include <vector>

#include "lambda_test_fixture.hpp"
#include "sparta/json/json.hpp"

namespace sparta::local_cloud::testing {
namespace {

using namespace std::chrono_literals;

class LambdaServiceTest : public LambdaFixture {};

// The event that holds a worker until `release` exists (the bootstrap
// creates "<release>.started" first).
std::string Hold(const fs::path& release) { return "\"hold:" + release.string() + "\""; }

int PidOf(const CloudResponse& response) {
  EXPECT_EQ(response.status, 200) << response.body;
  return std::atoi(response.body.c_str());
}

TEST_F(LambdaServiceTest, CreateGetListDelete) {
  FunctionSpec spec = Spec("hello");
  spec.environment = {{"GREETING", "hi"}};
  spec.tags = {{"team", "a"}};
  std::size_t zip_size = spec.code_zip.size();
  auto created = lambda_->CreateFunction(spec);
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->arn, "arn:aws:lambda:us-east-1:123456789012:function:hello");
  EXPECT_EQ(created->code_size, static_cast<std::int64_t>(zip_size));
  EXPECT_EQ(created->code_sha256.size(), 44u);  // base64 of 32 bytes
  EXPECT_EQ(created->revision_id.size(), 36u);
  EXPECT_TRUE(created->spec.code_zip.empty());
  EXPECT_EQ(created->last_modified.substr(created->last_modified.size() - 5), "+0000");

  auto got = lambda_->GetFunction("hello");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->spec.environment.at("GREETING"), "hi");
  EXPECT_EQ(got->spec.tags.at("team"), "a");
  ASSERT_TRUE(lambda_->GetFunction(created->arn).ok());
  ASSERT_EQ(lambda_->ListFunctions().size(), 1u);
  ASSERT_EQ(store_->List("lambda/code")->size(), 1u);

  ASSERT_TRUE(lambda_->DeleteFunction("hello").ok());
  auto gone = lambda_->GetFunction("hello");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "ResourceNotFoundException");
  EXPECT_EQ(gone.error().message,
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:hello");
  EXPECT_TRUE(lambda_->ListFunctions().empty());
  EXPECT_TRUE(store_->List("lambda/code")->empty()) << "the unused code blob stays";
  EXPECT_EQ(lambda_->DeleteFunction("hello").error().code, "ResourceNotFoundException");
}

TEST_F(LambdaServiceTest, SharedCodeBlobLivesWhileAFunctionUsesIt) {
  Create("one");
  Create("two");
  ASSERT_EQ(store_->List("lambda/code")->size(), 1u);
  ASSERT_TRUE(lambda_->DeleteFunction("one").ok());
  EXPECT_EQ(store_->List("lambda/code")->size(), 1u);
  EXPECT_GT(PidOf(Invoke("two", R"("pid")")), 0);
}

TEST_F(LambdaServiceTest, CreateValidatesAsLambda) {
  auto refused = [&](FunctionSpec spec) {
    auto created = lambda_->CreateFunction(std::move(spec));
    EXPECT_FALSE(created.ok());
    return created.ok() ? Error{} : created.error();
  };
  FunctionSpec unknown_role = Spec("f");
  unknown_role.role_arn = "arn:aws:iam::123456789012:role/nobody";
  Error role = refused(unknown_role);
  EXPECT_EQ(role.code, "InvalidParameterValueException");
  EXPECT_EQ(role.message, "The role defined for the function cannot be assumed by Lambda.");

  FunctionSpec no_role = Spec("f");
  no_role.role_arn.clear();
  EXPECT_EQ(refused(no_role).code, "InvalidParameterValueException");

  FunctionSpec not_an_arn = Spec("f");
  not_an_arn.role_arn = "exec";
  EXPECT_EQ(refused(not_an_arn).message,
            "The role defined for the function cannot be assumed by Lambda.");

  FunctionSpec no_bootstrap = Spec("f");
  no_bootstrap.code_zip = BootstrapZip("main");
  Error bootstrap = refused(no_bootstrap);
  EXPECT_EQ(bootstrap.code, "InvalidParameterValueException");
  EXPECT_NE(bootstrap.message.find("bootstrap"), std::string::npos);

  FunctionSpec not_a_zip = Spec("f");
  not_a_zip.code_zip = "definitely not a zip";
  EXPECT_NE(refused(not_a_zip).message.find("Could not unzip uploaded file"), std::string::npos);

  FunctionSpec small = Spec("f");
  small.memory_mb = 64;
  Error memory = refused(small);
  EXPECT_EQ(memory.code, "InvalidParameterValueException");
  EXPECT_NE(memory.message.find("MemorySize"), std::string::npos);

  FunctionSpec slow = Spec("f");
  slow.timeout_seconds = 901;
  EXPECT_NE(refused(slow).message.find("Timeout"), std::string::npos);

  FunctionSpec reserved_env = Spec("f");
  reserved_env.environment = {{"AWS_REGION", "eu-west-1"}};
  EXPECT_NE(refused(reserved_env).message.find("AWS_REGION"), std::string::npos);

  for (std::string bad : {std::string(""), std::string(65, 'a'), std::string("has space"),
                          std::string("dot.name")}) {
    FunctionSpec named = Spec(bad);
    EXPECT_EQ(refused(named).code, "InvalidParameterValueException") << bad;
  }
  EXPECT_TRUE(lambda_->ListFunctions().empty());

  // Another account's role cannot be checked locally: accepted.
  FunctionSpec foreign = Spec("foreign");
  foreign.role_arn = "arn:aws:iam::999999999999:role/any";
  EXPECT_TRUE(lambda_->CreateFunction(foreign).ok());
  Error twice = refused(Spec("foreign"));
  EXPECT_EQ(twice.code, "ResourceConflictException");
  EXPECT_EQ(twice.message, "Function already exist: foreign");
}

TEST_F(LambdaServiceTest, FunctionsSurviveAReopenAndStillRun) {
  FunctionSpec spec = Spec("kept");
  spec.environment = {{"COLOR", "blue"}};
  spec.reserved_concurrency = 3;
  Create(spec);
  ASSERT_EQ(Invoke("kept", R"("env:COLOR")").body, R"("blue")");
  auto before = lambda_->GetFunction("kept");
  Close();
  Open();
  auto functions = lambda_->ListFunctions();
  ASSERT_EQ(functions.size(), 1u);
  EXPECT_EQ(functions[0].spec.name, "kept");
  EXPECT_EQ(functions[0].code_sha256, before->code_sha256);
  EXPECT_EQ(functions[0].revision_id, before->revision_id);
  EXPECT_EQ(functions[0].spec.reserved_concurrency, 3);
  EXPECT_EQ(functions[0].spec.role_arn, kRoleArn);
  // The code is extracted again on the first invoke after the restart.
  EXPECT_FALSE(fs::exists(dir_ / "lambda-run" / ""));
  CloudResponse response = Invoke("kept", R"("env:COLOR")");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"("blue")");
}

TEST_F(LambdaServiceTest, ReopenDropsOrphanCodeAndRefusesCorruptDocuments) {
  Create("real");
  // A blob whose document never got written (a writer killed in between).
  ASSERT_TRUE(store_->PutBlob("lambda/code/" + std::string(64, 'a') + ".zip", "zip").ok());
  Close();
  Open();
  EXPECT_EQ(store_->List("lambda/code")->size(), 1u);
  EXPECT_EQ(lambda_->ListFunctions().size(), 1u);

  Close();
  {
    std::ofstream corrupt(dir_ / "lambda" / "functions" / "bad.json");
    corrupt << R"({"Configuration":{}})";
  }
  auto store = StateStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  auto reopened = LambdaService::Open(**store, context_, nullptr);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.error().code, "Corrupt");
  EXPECT_NE(reopened.error().message.find("bad.json"), std::string::npos);
  fs::remove(dir_ / "lambda" / "functions" / "bad.json");
  Open();
}

TEST_F(LambdaServiceTest, FunctionEnvironmentHasCredentialsAndEndpoint) {
  Create("env");
  EXPECT_EQ(Invoke("env", R"("env:AWS_ENDPOINT_URL")").body, R"("http://127.0.0.1:4566")");
  EXPECT_EQ(Invoke("env", R"("env:AWS_ACCESS_KEY_ID")").body, R"("test")");
  EXPECT_EQ(Invoke("env", R"("env:AWS_LAMBDA_FUNCTION_NAME")").body, R"("env")");
}

TEST_F(LambdaServiceTest, WarmWorkerIsReused) {
  Create("warm");
  int first = PidOf(Invoke("warm", R"("pid")"));
  int second = PidOf(Invoke("warm", R"("pid")"));
  EXPECT_EQ(first, second);
  EXPECT_EQ(LogStreamsOf("/aws/lambda/warm"), 1u);
}

TEST_F(LambdaServiceTest, TwoConcurrentInvokesUseTwoWorkers) {
  Create("parallel");
  // Two invokes in flight at once, each held until both have started: one
  // worker cannot run both.
  auto both_at_once = [&](const std::string& round) {
    const fs::path first = dir_ / ("first-" + round);
    const fs::path second = dir_ / ("second-" + round);
    auto a = std::async(std::launch::async, [&] { return Invoke("parallel", Hold(first)); });
    ASSERT_TRUE(WaitFor([&] { return fs::exists(first.string() + ".started"); }, 30s));
    auto b = std::async(std::launch::async, [&] { return Invoke("parallel", Hold(second)); });
    ASSERT_TRUE(WaitFor([&] { return fs::exists(second.string() + ".started"); }, 30s));
    std::ofstream(first).put('\n');
    std::ofstream(second).put('\n');
    EXPECT_EQ(a.get().body, R"("released")");
    EXPECT_EQ(b.get().body, R"("released")");
  };
  both_at_once("1");
  // Each process writes its own log stream.
  EXPECT_EQ(LogStreamsOf("/aws/lambda/parallel"), 2u);
  // Both stay warm: two more concurrent invokes start no third process.
  both_at_once("2");
  EXPECT_EQ(LogStreamsOf("/aws/lambda/parallel"), 2u);
}

TEST_F(LambdaServiceTest, LocalCapMakesInvokesWait) {
  Close();
  options_.max_workers_per_function = 1;
  Open();
  Create("single");
  auto slow = [&] { return Invoke("single", R"("sleep:300")"); };
  auto a = std::async(std::launch::async, slow);
  auto b = std::async(std::launch::async, slow);
  EXPECT_EQ(a.get().status, 200);
  EXPECT_EQ(b.get().status, 200);
  EXPECT_EQ(LogStreamsOf("/aws/lambda/single"), 1u);
}

TEST_F(LambdaServiceTest, ReservedConcurrencyThrottles) {
  FunctionSpec spec = Spec("limited");
  spec.reserved_concurrency = 1;
  Create(spec);
  const fs::path release = dir_ / "release-limited";
  auto busy = std::async(std::launch::async,
                         [&] { return Invoke("limited", Hold(release)); });
  // The first invoke holds the only slot until the file appears.
  ASSERT_TRUE(WaitFor([&] { return fs::exists(release.string() + ".started"); }, 30s));
  CloudResponse throttled = Invoke("limited", R"("pid")");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(Header(throttled, "x-amzn-ErrorType"), "TooManyRequestsException");
  json::value body = json::parse(throttled.body);
  EXPECT_EQ(body.at("Reason"), "ReservedFunctionConcurrentInvocationLimitExceeded");
  EXPECT_EQ(body.at("message"), "Rate Exceeded.");
  std::ofstream(release).put('\n');
  EXPECT_EQ(busy.get().body, R"("released")");
  EXPECT_EQ(Invoke("limited", R"("pid")").status, 200);

  FunctionSpec off = Spec("off");
  off.reserved_concurrency = 0;
  Create(off);
  EXPECT_EQ(Invoke("off", R"("pid")").status, 429);
}

TEST_F(LambdaServiceTest, UpdateReplacesWorkers) {
  FunctionSpec spec = Spec("changing");
  spec.environment = {{"STAGE", "one"}};
  Create(spec);
  EXPECT_EQ(Invoke("changing", R"("env:STAGE")").body, R"("one")");
  int old_pid = PidOf(Invoke("changing", R"("pid")"));

  spec.environment = {{"STAGE", "two"}};
  auto updated = lambda_->UpdateFunction(spec);
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_TRUE(WaitFor([&] { return ProcessIsGone(old_pid); })) << "the idle old worker runs on";
  EXPECT_EQ(Invoke("changing", R"("env:STAGE")").body, R"("two")");
  EXPECT_NE(PidOf(Invoke("changing", R"("pid")")), old_pid);

  FunctionSpec missing = Spec("missing");
  EXPECT_EQ(lambda_->UpdateFunction(missing).error().code, "ResourceNotFoundException");
}

TEST_F(LambdaServiceTest, UpdateLetsABusyWorkerFinish) {
  FunctionSpec spec = Spec("busy");
  Create(spec);
  int old_pid = PidOf(Invoke("busy", R"("pid")"));
  const fs::path release = dir_ / "release-busy";
  auto running = std::async(std::launch::async, [&] { return Invoke("busy", Hold(release)); });
  ASSERT_TRUE(WaitFor([&] { return fs::exists(release.string() + ".started"); }, 30s));
  spec.environment = {{"NEW", "1"}};
  ASSERT_TRUE(lambda_->UpdateFunction(spec).ok());
  EXPECT_FALSE(ProcessIsGone(old_pid)) << "an in-flight invoke was cut";
  std::ofstream(release).put('\n');
  CloudResponse finished = running.get();
  EXPECT_EQ(finished.body, R"("released")");
  EXPECT_TRUE(WaitFor([&] { return ProcessIsGone(old_pid); }));
  EXPECT_EQ(Invoke("busy", R"("env:NEW")").body, R"("1")");
}

TEST_F(LambdaServiceTest, StopAllLeavesNoChildProcess) {
  Create("a");
  Create("b");
  int pid_a = PidOf(Invoke("a", R"("pid")"));
  int pid_b = PidOf(Invoke("b", R"("pid")"));
  ASSERT_FALSE(ProcessIsGone(pid_a));
  lambda_->StopAll();
  EXPECT_TRUE(ProcessIsGone(pid_a));
  EXPECT_TRUE(ProcessIsGone(pid_b));
  // Functions stay defined and start again on demand.
  int again = PidOf(Invoke("a", R"("pid")"));
  EXPECT_NE(again, pid_a);
  lambda_.reset();  // the destructor stops them too
  EXPECT_TRUE(ProcessIsGone(again));
}

TEST_F(LambdaServiceTest, DeleteStopsWorkers) {
  Create("doomed");
  int pid = PidOf(Invoke("doomed", R"("pid")"));
  ASSERT_TRUE(lambda_->DeleteFunction("doomed").ok());
  EXPECT_TRUE(ProcessIsGone(pid));
  EXPECT_EQ(Invoke("doomed", R"("pid")").status, 404);
}

}  // namespace
}  // namespace sparta::local_cloud::testing
