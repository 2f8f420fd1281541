// provision / status / delete of the hello example through its command line,
// against moto_server (an AWS emulator) on loopback.

#include "aws/clients/moto_server.hpp"
#include "support/fault_proxy.hpp"
#include "program_test_util.hpp"
#include "sparta/util/files.hpp"

namespace sparta::testing {
namespace {

const std::string kHello = HELLO_PROGRAM;

// The last JSON line of a --output json run: the result (or the error).
json::object LastJsonLine(const std::string& out) {
  auto end = out.find_last_not_of('\n');
  if (end == std::string::npos) return {};
  auto newline = out.rfind('\n', end);
  size_t begin = newline == std::string::npos ? 0 : newline + 1;
  std::string line = out.substr(begin, end + 1 - begin);
  json::value v = ParseOrFail(line);
  return v.is_object() ? v.as_object() : json::object();
}

// The CLI with only the environment the test sets: no profile or
// credentials of the machine. Without moto, commands go to a loopback port
// nothing listens on (tests that never reach the network).
class CliEnvironment : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(util::WriteFileAtomic(dir_.path() / "config", "").ok());
    env_ = {"AWS_ACCESS_KEY_ID=test",
            "AWS_SECRET_ACCESS_KEY=test",
            "AWS_SESSION_TOKEN=",
            "AWS_REGION=us-east-1",
            "AWS_PROFILE=",
            "AWS_EC2_METADATA_DISABLED=true",
            "AWS_CONFIG_FILE=" + (dir_.path() / "config").string(),
            "AWS_SHARED_CREDENTIALS_FILE=" + (dir_.path() / "config").string()};
  }

  ProcessResult Run(std::vector<std::string> args, std::string endpoint = {}) {
    if (endpoint.empty()) {
      endpoint = "http://127.0.0.1:" + std::to_string(moto_ ? moto_->port() : 1);
    }
    std::vector<std::string> argv = {kHello};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--endpoint-url", endpoint});
    return RunProcess(argv, "", env_, dir_.path().string(), std::chrono::seconds(120));
  }

  TempDir dir_;
  std::unique_ptr<aws::testing::MotoServer> moto_;
  std::vector<std::string> env_;
};

// Against moto_server (skipped where it is not installed).
class ProvisionCli : public CliEnvironment {
 protected:
  void SetUp() override {
    if (aws::testing::MotoServer::Find().empty()) GTEST_SKIP() << "moto_server is not installed";
    CliEnvironment::SetUp();
    auto moto = aws::testing::MotoServer::Start();
    ASSERT_TRUE(moto.ok()) << moto.error().message;
    moto_ = std::move(*moto);
  }
};

TEST_F(ProvisionCli, FullCycle) {
  // First provision: the stack is created, both objects uploaded.
  auto first = Run({"provision", "--output", "json"});
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  auto created = LastJsonLine(first.out);
  EXPECT_EQ(Str(created, "outcome"), "created");
  EXPECT_EQ(Str(created, "stackStatus"), "CREATE_COMPLETE");
  EXPECT_GT(created.at("bytesUploaded").to_number<int64_t>(), 100000);
  bool has_arn = false;
  for (const auto& o : created.at("outputs").as_array()) {
    if (o.at("key") == "HelloFunctionArn") has_arn = true;
  }
  EXPECT_TRUE(has_arn) << first.out;

  // Same build again: no changes, nothing uploaded.
  auto again = Run({"provision", "--output", "json"});
  ASSERT_EQ(again.exit_code, 0) << again.out << again.err;
  auto unchanged = LastJsonLine(again.out);
  EXPECT_EQ(Str(unchanged, "outcome"), "no-changes");
  EXPECT_EQ(unchanged.at("bytesUploaded").to_number<int64_t>(), 0);

  // Different code (another service's bootstrap): an update through a change set.
  auto update = Run({"provision", "--output", "json", "--bootstrap", FAULTY_BOOTSTRAP});
  ASSERT_EQ(update.exit_code, 0) << update.out << update.err;
  EXPECT_EQ(Str(LastJsonLine(update.out), "outcome"), "updated");

  auto status = Run({"status", "--output", "json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto report = LastJsonLine(status.out);
  EXPECT_EQ(Str(report, "stackStatus"), "UPDATE_COMPLETE");
  EXPECT_GE(report.at("resources").as_array().size(), 6u);

  auto text_status = Run({"status"});
  EXPECT_EQ(text_status.exit_code, 0);
  EXPECT_NE(text_status.out.find("HelloFunction"), std::string::npos) << text_status.out;

  auto removed = Run({"delete", "--delete-artifacts"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_NE(removed.out.find("deleted"), std::string::npos) << removed.out;

  auto gone = Run({"status"});
  EXPECT_EQ(gone.exit_code, 1);
  EXPECT_NE(gone.err.find("SpartaHello"), std::string::npos) << gone.err;
  EXPECT_NE(gone.err.find("provision"), std::string::npos) << gone.err;

  auto again_delete = Run({"delete"});
  EXPECT_EQ(again_delete.exit_code, 0) << again_delete.err;
  EXPECT_NE(again_delete.out.find("does not exist"), std::string::npos) << again_delete.out;
}

TEST_F(ProvisionCli, StagesAreIndependentStacks) {
  auto dev = Run({"provision", "--stage", "dev", "--output", "json"});
  ASSERT_EQ(dev.exit_code, 0) << dev.err;
  EXPECT_EQ(Str(LastJsonLine(dev.out), "stackName"), "SpartaHello-dev");
  auto plain = Run({"status"});
  EXPECT_EQ(plain.exit_code, 1) << "the stage must not create the unstaged stack";
  auto bad = Run({"provision", "--stage", "no spaces"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--stage"), std::string::npos) << bad.err;
}

TEST_F(ProvisionCli, NoopChangesNothing) {
  auto plan = Run({"provision", "--noop"});
  ASSERT_EQ(plan.exit_code, 0) << plan.err;
  EXPECT_NE(plan.out.find("HelloFunction"), std::string::npos) << plan.out;
  auto status = Run({"status"});
  EXPECT_EQ(status.exit_code, 1) << "noop created the stack";
}

// AWS's answer to bad or expired credentials reaches the user verbatim (moto
// does not check signatures, so the proxy in front of it answers for AWS).
TEST_F(ProvisionCli, RejectedCredentialsShowAwsError) {
  auto proxy = FaultProxy::Start("127.0.0.1", moto_->port());
  ASSERT_TRUE(proxy.ok()) << proxy.error().message;
  const std::pair<const char*, const char*> answers[] = {
      {"InvalidClientTokenId", "The security token included in the request is invalid."},
      {"ExpiredToken", "The security token included in the request is expired"}};
  for (auto [code, message] : answers) {
    (*proxy)->Enqueue(Fault::Respond(403, std::string("<ErrorResponse><Error><Type>Sender</Type><Code>") +
                                              code + "</Code><Message>" + message +
                                              "</Message></Error><RequestId>r-1</RequestId>"
                                              "</ErrorResponse>"),
                      1);
    auto r = Run({"provision"}, (*proxy)->url());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find(code), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("AWS_SECRET"), std::string::npos);
  }
}

TEST_F(CliEnvironment, MalformedParameterIsAUsageError) {
  auto r = Run({"provision", "--param", "NoEqualsSign"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("NoEqualsSign"), std::string::npos) << r.err;
}

TEST_F(CliEnvironment, MissingCredentialsSayHowToConfigureThem) {
  env_.push_back("AWS_ACCESS_KEY_ID=");
  env_.push_back("AWS_SECRET_ACCESS_KEY=");
  auto r = Run({"status"});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("credentials"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace sparta::testing
