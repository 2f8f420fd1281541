// The `sparta-local` program and the LocalCloud assembly: the ready line,
// real clients (our STS/S3 clients, the AWS CLI when installed), signals,
// start errors, usage errors, restart on the same data dir after kill -9.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sparta/aws/aws_client.hpp"
#include "sparta/aws/credentials_providers.hpp"
#include "sparta/aws/http_transport.hpp"
#include "sparta/aws/sigv4.hpp"
#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/aws/sts_client.hpp"
#include "sparta/local_cloud/local_cloud.hpp"
#include "sparta/util/zip.hpp"

#include "local/raw_http.hpp"
#include "support/subprocess.hpp"

extern char** environ;

namespace sparta::local_cloud {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kProgram = std::string(SPARTA_BINARY_DIR) + "/sparta-local";

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = fs::temp_directory_path() /
            ("sparta-local-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A running sparta-local with its stdout and stderr captured.
class Program {
 public:
  explicit Program(std::vector<std::string> args) {
    int out[2], err[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::vector<std::string> argv_strings = {kProgram};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_strings) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, kProgram.c_str(), &actions, nullptr, argv.data(), environ) != 0) {
      pid_ = -1;
    }
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    ::close(err[1]);
    out_fd_ = out[0];
    err_fd_ = err[0];
  }
  ~Program() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
    if (err_fd_ >= 0) ::close(err_fd_);
  }

  pid_t pid() const { return pid_; }

  // The first stdout line, or "" when none came within `timeout`.
  std::string ReadLine(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const Clock::time_point deadline = Clock::now() + timeout;
    while (out_.find('\n') == std::string::npos) {
      if (!Fill(out_fd_, out_, deadline)) return "";
    }
    std::string line = out_.substr(0, out_.find('\n') + 1);
    out_.erase(0, line.size());
    return line;
  }

  // Waits for the exit; returns the exit status, or -1 for a signal or timeout.
  int Wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const Clock::time_point deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      int status = 0;
      pid_t done = ::waitpid(pid_, &status, WNOHANG);
      if (done == pid_) {
        exited_ = true;
        // Collect what is left of stderr.
        while (Fill(err_fd_, err_, Clock::now() + std::chrono::milliseconds(200))) {
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

  const std::string& err() const { return err_; }

 private:
  static bool Fill(int fd, std::string& into, Clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd poll_fd{fd, POLLIN, 0};
    if (::poll(&poll_fd, 1, static_cast<int>(left)) <= 0) return false;
    char chunk[4096];
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n <= 0) return false;
    into.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool exited_ = false;
  std::string out_;
  std::string err_;
};

struct Ready {
  int port = 0;
  std::string data_dir;
};

std::optional<Ready> ParseReady(const std::string& line) {
  static const std::regex kReady(
      R"(^sparta-local ready on http://127\.0\.0\.1:([0-9]+) \(data (/[^)]*)\)\n$)");
  std::smatch match;
  if (!std::regex_match(line, match, kReady)) return std::nullopt;
  return Ready{std::stoi(match[1]), match[2]};
}

std::shared_ptr<aws::AwsClient> Client(int port, const std::string& service) {
  aws::AwsClientOptions options;
  options.endpoint.scheme = "http";
  options.endpoint.host = "127.0.0.1";
  options.endpoint.port = static_cast<std::uint16_t>(port);
  options.endpoint.signing_region = "us-east-1";
  options.endpoint.signing_name = service;
  options.endpoint.s3_path_style = true;
  aws::Credentials credentials;
  credentials.access_key_id = "test";
  credentials.secret_access_key = "test";
  options.credentials = std::make_shared<aws::StaticCredentialsProvider>(credentials);
  options.transport = aws::MakeHttpTransport();
  options.retry.max_attempts = 1;
  options.timeout = std::chrono::seconds(10);
  return std::make_shared<aws::AwsClient>(options);
}

bool AwsCliOnPath() {
  const char* path = std::getenv("PATH");
  if (path == nullptr) return false;
  std::string_view rest = path;
  while (!rest.empty()) {
    std::size_t colon = rest.find(':');
    fs::path candidate = fs::path(std::string(rest.substr(0, colon))) / "aws";
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return false;
}

// Processes whose parent is `pid`.
std::vector<int> ChildrenOf(pid_t pid) {
  std::vector<int> children;
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    std::getline(stat, line);
    std::size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(line.substr(close + 2));
    char state;
    int parent = 0;
    fields >> state >> parent;
    if (parent == pid) children.push_back(std::stoi(name));
  }
  return children;
}

// Creates `bucket` and puts `body` at `key` in it, through the S3 API.
::testing::AssertionResult BucketWithObject(int port, const std::string& bucket,
                                            const std::string& key, std::string body) {
  auto s3 = Client(port, "s3");
  aws::HttpRequest request;
  request.method = "PUT";
  request.path = "/" + bucket;
  if (auto created = s3->Send(request, "CreateBucket"); !created.ok()) {
    return ::testing::AssertionFailure() << created.error().message;
  }
  request.path += "/" + key;
  request.body = std::move(body);
  auto put = s3->Send(request, "PutObject");
  if (!put.ok()) return ::testing::AssertionFailure() << put.error().message;
  if (put->status != 200) return ::testing::AssertionFailure() << put->body;
  return ::testing::AssertionSuccess();
}

TEST(SpartaLocalProgramTest, PrintsTheReadyLineServesStsAndStopsOnSigterm) {
  TempDir dir;
  Program program({"--port", "0", "--data-dir", dir.path().string(), "--verbose"});
  ASSERT_GT(program.pid(), 0);
  const std::string line = program.ReadLine();
  std::optional<Ready> ready = ParseReady(line);
  ASSERT_TRUE(ready) << "ready line: '" << line << "'";
  EXPECT_EQ(fs::path(ready->data_dir), fs::canonical(dir.path()));

  aws::StsClient sts(Client(ready->port, "sts"));
  auto identity = sts.GetCallerIdentity();
  ASSERT_TRUE(identity.ok()) << identity.error().message;
  EXPECT_EQ(identity->account, "000000000000");

  const Clock::time_point start = Clock::now();
  ASSERT_EQ(::kill(program.pid(), SIGTERM), 0);
  EXPECT_EQ(program.Wait(), 0) << program.err();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  EXPECT_NE(program.err().find("sparta-local stopped\n"), std::string::npos) << program.err();
  // --verbose: one line for the STS call.
  EXPECT_NE(program.err().find("POST / sts 200 "), std::string::npos) << program.err();
  EXPECT_TRUE(ChildrenOf(program.pid()).empty());
}

// --account-id is the account every ARN names; the data directory keeps it.
TEST(SpartaLocalProgramTest, TheAccountIsChosenAndKeptByTheDataDirectory) {
  TempDir dir;
  {
    Program program({"--port", "0", "--data-dir", dir.path().string(), "--account-id",
                     "123456789012"});
    std::optional<Ready> ready = ParseReady(program.ReadLine());
    ASSERT_TRUE(ready) << program.err();
    aws::StsClient sts(Client(ready->port, "sts"));
    auto identity = sts.GetCallerIdentity();
    ASSERT_TRUE(identity.ok()) << identity.error().message;
    EXPECT_EQ(identity->account, "123456789012");
    EXPECT_EQ(identity->arn, "arn:aws:iam::123456789012:root");
    ::kill(program.pid(), SIGTERM);
    EXPECT_EQ(program.Wait(), 0);
  }
  Program other({"--port", "0", "--data-dir", dir.path().string()});
  EXPECT_EQ(other.Wait(), 1);
  EXPECT_NE(other.err().find("holds the state of account 123456789012; start with --account-id "
                             "123456789012, or give another --data-dir for account 000000000000"),
            std::string::npos)
      << other.err();
  Program malformed({"--port", "0", "--data-dir", dir.path().string(), "--account-id", "12ab"});
  EXPECT_EQ(malformed.Wait(), 1);
  EXPECT_NE(malformed.err().find("the account id \"12ab\" is not an AWS account id: give 12 "
                                 "digits"),
            std::string::npos)
      << malformed.err();
}

TEST(SpartaLocalProgramTest, TheAwsCliCanCallIt) {
  if (!AwsCliOnPath()) GTEST_SKIP() << "the `aws` CLI is not on PATH";
  TempDir dir;
  Program program({"--port", "0", "--data-dir", dir.path().string()});
  std::optional<Ready> ready = ParseReady(program.ReadLine());
  ASSERT_TRUE(ready);
  const std::string endpoint = "http://127.0.0.1:" + std::to_string(ready->port);
  const std::vector<std::string> env = {"AWS_ACCESS_KEY_ID=test", "AWS_SECRET_ACCESS_KEY=test",
                                        "AWS_DEFAULT_REGION=us-east-1", "AWS_CONFIG_FILE=/dev/null",
                                        "AWS_SHARED_CREDENTIALS_FILE=/dev/null"};
  testing::ProcessResult result =
      testing::RunProcess({"/usr/bin/env", "aws", "--endpoint-url", endpoint, "sts",
                           "get-caller-identity", "--output", "json"},
                          "", env, "", std::chrono::seconds(20));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("\"Account\": \"000000000000\""), std::string::npos) << result.out;

  // S3 through the CLI: an upload (100-continue, checksums), then its presigned
  // URL (SigV2 with AWS CLI v1, SigV4 with v2) fetched without credentials.
  auto aws_cli = [&](std::vector<std::string> args, const std::string& input = {}) {
    std::vector<std::string> argv = {"/usr/bin/env", "aws", "--endpoint-url", endpoint};
    argv.insert(argv.end(), args.begin(), args.end());
    return testing::RunProcess(argv, input, env, "", std::chrono::seconds(20));
  };
  result = aws_cli({"s3", "mb", "s3://cli-bucket"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  result = aws_cli({"s3", "cp", "-", "s3://cli-bucket/dir/a key.txt"}, "uploaded by the CLI");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  result = aws_cli({"s3", "presign", "s3://cli-bucket/dir/a key.txt", "--expires-in", "60"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string url = result.out.substr(0, result.out.find('\n'));
  const std::size_t path_start = url.find('/', url.find("//") + 2);
  const std::size_t question = url.find('?');
  ASSERT_NE(question, std::string::npos) << url;
  aws::HttpRequest get;
  get.method = "GET";
  get.scheme = "http";
  get.host = "127.0.0.1";
  get.port = static_cast<std::uint16_t>(ready->port);
  get.path = url.substr(path_start, question - path_start);
  get.query = url.substr(question + 1);
  auto fetched = aws::MakeHttpTransport()->Send(get, std::chrono::seconds(10));
  ASSERT_TRUE(fetched.ok()) << fetched.error().message;
  EXPECT_EQ(fetched->status, 200) << url << "\n" << fetched->body;
  EXPECT_EQ(fetched->body, "uploaded by the CLI");

  // A wrong secret: the CLI shows AWS's code and wording.
  std::vector<std::string> wrong = env;
  wrong[1] = "AWS_SECRET_ACCESS_KEY=wrong";
  result = testing::RunProcess(
      {"/usr/bin/env", "aws", "--endpoint-url", endpoint, "sts", "get-caller-identity"}, "", wrong,
      "", std::chrono::seconds(20));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("SignatureDoesNotMatch"), std::string::npos) << result.err;

  ::kill(program.pid(), SIGTERM);
  EXPECT_EQ(program.Wait(), 0);
}

TEST(SpartaLocalProgramTest, PortInUseExitsOneWithAMessage) {
  TempDir dir;
  Program first({"--port", "0", "--data-dir", (dir.path() / "a").string()});
  std::optional<Ready> ready = ParseReady(first.ReadLine());
  ASSERT_TRUE(ready);
  Program second(
      {"--port", std::to_string(ready->port), "--data-dir", (dir.path() / "b").string()});
  EXPECT_EQ(second.Wait(), 1);
  EXPECT_NE(second.err().find("already in use"), std::string::npos) << second.err();
  EXPECT_NE(second.err().find(std::to_string(ready->port)), std::string::npos) << second.err();

  // The same data dir twice is refused too.
  Program third({"--port", "0", "--data-dir", (dir.path() / "a").string()});
  EXPECT_EQ(third.Wait(), 1);
  EXPECT_NE(third.err().find("in use by another running sparta-local"), std::string::npos)
      << third.err();
  ::kill(first.pid(), SIGINT);
  EXPECT_EQ(first.Wait(), 0);
}

TEST(SpartaLocalProgramTest, StartAndUsageErrors) {
  TempDir dir;
  Program public_host({"--host", "0.0.0.0", "--port", "0", "--data-dir", dir.path().string()});
  EXPECT_EQ(public_host.Wait(), 1);
  EXPECT_NE(public_host.err().find("loopback"), std::string::npos) << public_host.err();

  std::ofstream(dir.path() / "file") << "not a directory";
  Program bad_dir({"--port", "0", "--data-dir", (dir.path() / "file" / "sub").string()});
  EXPECT_EQ(bad_dir.Wait(), 1);
  EXPECT_NE(bad_dir.err().find("cannot start"), std::string::npos) << bad_dir.err();

  Program unknown_flag({"--bogus"});
  EXPECT_EQ(unknown_flag.Wait(), 2);
  Program bad_port({"--port", "70000"});
  EXPECT_EQ(bad_port.Wait(), 2);
  Program help({"--help"});
  EXPECT_EQ(help.Wait(), 0);
  Program version({"--version"});
  EXPECT_EQ(version.Wait(), 0);
  EXPECT_NE(version.ReadLine().find("sparta-local"), std::string::npos);
}

// A client that asked for a large object and stopped reading it does not
// hold sparta-local's stop: SIGTERM ends it within the write grace, and what
// was committed is there after a restart.
TEST(SpartaLocalProgramTest, SigtermStopsPromptlyWhileAClientHoldsAnUnreadBody) {
  TempDir dir;
  Program program({"--port", "0", "--data-dir", dir.path().string()});
  std::optional<Ready> ready = ParseReady(program.ReadLine());
  ASSERT_TRUE(ready);
  ASSERT_TRUE(BucketWithObject(ready->port, "slow", "big", std::string(20 * 1024 * 1024, 'x')));

  // GET it over a raw socket, read the first bytes, then read no more.
  aws::HttpRequest get;
  get.method = "GET";
  get.scheme = "http";
  get.host = "127.0.0.1";
  get.port = static_cast<std::uint16_t>(ready->port);
  get.path = "/slow/big";
  aws::Credentials credentials;
  credentials.access_key_id = "test";
  credentials.secret_access_key = "test";
  ASSERT_TRUE(aws::SignRequest(get, credentials,
                               {.region = "us-east-1", .service = "s3", .s3_path_rules = true,
                                .add_content_sha256 = true})
                  .ok());
  std::string wire = "GET /slow/big HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(ready->port) +
                     "\r\n";
  for (const auto& [name, value] : get.headers) wire += name + ": " + value + "\r\n";
  wire += "\r\n";
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  ASSERT_GE(fd, 0);
  int small = 4096;  // a small receive buffer: the server blocks sooner
  ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(ready->port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(::send(fd, wire.data(), wire.size(), MSG_NOSIGNAL), static_cast<ssize_t>(wire.size()));
  char first[1024];
  ASSERT_GT(::recv(fd, first, sizeof first, 0), 0);  // the body is being written
  EXPECT_EQ(std::string_view(first, 12), "HTTP/1.1 200");

  const Clock::time_point sent = Clock::now();
  ASSERT_EQ(::kill(program.pid(), SIGTERM), 0);
  EXPECT_EQ(program.Wait(std::chrono::seconds(15)), 0) << program.err();
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - sent).count();
  std::printf("sparta-local stopped %lld ms after SIGTERM, a 20 MiB body unread\n",
              static_cast<long long>(took));
  ::close(fd);

  Program again({"--port", "0", "--data-dir", dir.path().string()});
  std::optional<Ready> restarted = ParseReady(again.ReadLine());
  ASSERT_TRUE(restarted) << again.err();
  aws::HttpRequest head;
  head.method = "HEAD";
  head.path = "/slow/big";
  auto headed = Client(restarted->port, "s3")->Send(head, "HeadObject");
  ASSERT_TRUE(headed.ok()) << headed.error().message;
  EXPECT_EQ(headed->status, 200);
  ::kill(again.pid(), SIGTERM);
  EXPECT_EQ(again.Wait(), 0);
}

TEST(SpartaLocalProgramTest, RestartAfterKillNineKeepsTheState) {
  TempDir dir;
  int port = 0;
  {
    Program program({"--port", "0", "--data-dir", dir.path().string()});
    std::optional<Ready> ready = ParseReady(program.ReadLine());
    ASSERT_TRUE(ready);
    port = ready->port;
    aws::HttpRequest create;
    create.method = "PUT";
    create.path = "/kept-bucket";
    auto created = Client(port, "s3")->Send(create, "CreateBucket");
    ASSERT_TRUE(created.ok()) << created.error().message;
    EXPECT_EQ(created->status, 200);
    ::kill(program.pid(), SIGKILL);
    EXPECT_EQ(program.Wait(), -1);
  }
  // The same port and data dir at once.
  Program program({"--port", std::to_string(port), "--data-dir", dir.path().string()});
  std::optional<Ready> ready = ParseReady(program.ReadLine());
  ASSERT_TRUE(ready) << program.err();
  EXPECT_EQ(ready->port, port);
  aws::HttpRequest list;
  list.method = "GET";
  list.path = "/";
  auto listed = Client(port, "s3")->Send(list, "ListBuckets");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_NE(listed->body.find("<Name>kept-bucket</Name>"), std::string::npos) << listed->body;
  ::kill(program.pid(), SIGTERM);
  EXPECT_EQ(program.Wait(), 0);
}

bool ProcessGone(int pid, std::chrono::milliseconds timeout = std::chrono::seconds(3)) {
  const Clock::time_point deadline = Clock::now() + timeout;
  while (Clock::now() < deadline) {
    if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
    // A zombie awaiting its reaper is gone for our purpose.
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    std::size_t close = line.rfind(')');
    if (close != std::string::npos && line.size() > close + 2 && line[close + 2] == 'Z') {
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

// The whole cloud through its wire APIs: code to S3, a stack with a role and
// a function, an invoke (the function answers its process id); SIGTERM
// leaves no process behind.
#ifdef LAMBDA_TEST_BOOTSTRAP
TEST(SpartaLocalProgramTest, SigtermStopsFunctionProcessesOfADeployedStack) {
  std::ifstream bootstrap_file(LAMBDA_TEST_BOOTSTRAP, std::ios::binary);
  ASSERT_TRUE(bootstrap_file) << LAMBDA_TEST_BOOTSTRAP;
  std::string bootstrap((std::istreambuf_iterator<char>(bootstrap_file)),
                        std::istreambuf_iterator<char>());
  auto zip = util::BuildZip({{"bootstrap", bootstrap, 0755}});
  ASSERT_TRUE(zip.ok()) << zip.error().message;

  // Orphans of sparta-local come to this process, not to init: one that
  // survived its parent is then seen (and reaped) here instead of lost.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  TempDir dir;
  Program program({"--port", "0", "--data-dir", dir.path().string()});
  std::optional<Ready> ready = ParseReady(program.ReadLine());
  ASSERT_TRUE(ready);
  ASSERT_TRUE(BucketWithObject(ready->port, "code", "fn.zip", *zip));

  const std::string template_body = R"({"Resources":{
    "Role":{"Type":"AWS::IAM::Role","Properties":{"AssumeRolePolicyDocument":{
      "Version":"2012-10-17","Statement":[{"Effect":"Allow",
      "Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}},
    "Fn":{"Type":"AWS::Lambda::Function","Properties":{"FunctionName":"spawner",
      "Runtime":"provided.al2","Handler":"x","Role":{"Fn::GetAtt":["Role","Arn"]},
      "Code":{"S3Bucket":"code","S3Key":"fn.zip"}}}}})";
  auto cloudformation = Client(ready->port, "cloudformation");
  aws::HttpRequest create;
  create.method = "POST";
  create.path = "/";
  create.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  create.body = "Action=CreateStack&Version=2010-05-15&StackName=st&TemplateBody=" +
                aws::detail::UriEncode(template_body, false) +
                "&Capabilities.member.1=CAPABILITY_IAM";
  auto created = cloudformation->Send(create, "CreateStack");
  ASSERT_TRUE(created.ok()) << created.error().message;
  aws::HttpRequest describe = create;
  describe.body = "Action=DescribeStacks&Version=2010-05-15&StackName=st";
  std::string status;
  const Clock::time_point deadline = Clock::now() + std::chrono::seconds(15);
  while (Clock::now() < deadline) {
    auto described = cloudformation->Send(describe, "DescribeStacks");
    ASSERT_TRUE(described.ok()) << described.error().message;
    std::size_t at = described->body.find("<StackStatus>");
    if (at != std::string::npos) {
      status = described->body.substr(at + 13, described->body.find('<', at + 13) - at - 13);
    }
    if (status.find("IN_PROGRESS") == std::string::npos && !status.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(status, "CREATE_COMPLETE");

  aws::HttpRequest invoke;
  invoke.method = "POST";
  invoke.path = "/2015-03-31/functions/spawner/invocations";
  invoke.body = "\"pid\"";
  auto invoked = Client(ready->port, "lambda")->Send(invoke, "Invoke");
  ASSERT_TRUE(invoked.ok()) << invoked.error().message;
  ASSERT_EQ(invoked->status, 200) << invoked->body;
  const std::size_t digits = invoked->body.find_first_of("0123456789");
  ASSERT_NE(digits, std::string::npos) << invoked->body;
  const int function_pid = std::atoi(invoked->body.c_str() + digits);
  ASSERT_GT(function_pid, 0) << invoked->body;
  const std::vector<int> children = ChildrenOf(program.pid());
  ASSERT_FALSE(children.empty());
  EXPECT_FALSE(ProcessGone(function_pid, std::chrono::milliseconds(0)));

  ASSERT_EQ(::kill(program.pid(), SIGTERM), 0);
  EXPECT_EQ(program.Wait(), 0) << program.err();
  // No child of sparta-local outlives it: reparented here, one would be our
  // child now (zombies, already dead, are reaped first).
  std::vector<int> orphans;
  const Clock::time_point orphans_deadline = Clock::now() + std::chrono::seconds(3);
  do {
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    orphans = ChildrenOf(::getpid());
    if (orphans.empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (Clock::now() < orphans_deadline);
  EXPECT_TRUE(orphans.empty()) << orphans.size() << " process(es) outlived sparta-local, e.g. "
                               << (orphans.empty() ? 0 : orphans[0]);
  for (int orphan : orphans) {
    ::kill(orphan, SIGKILL);
    ::waitpid(orphan, nullptr, 0);
  }
  for (int child : children) EXPECT_TRUE(ProcessGone(child)) << "child " << child;
  EXPECT_TRUE(ProcessGone(function_pid)) << "function process " << function_pid;
  ::prctl(PR_SET_CHILD_SUBREAPER, 0);
}
#endif  // LAMBDA_TEST_BOOTSTRAP

// ---- LocalCloud in process ----

TEST(LocalCloudTest, DispatchesBySigningNameAndNamesWhatItDoesNotImplement) {
  TempDir dir;
  std::vector<std::string> lines;
  std::mutex mutex;
  LocalCloudOptions options;
  options.port = 0;
  options.data_dir = dir.path();
  options.request_log = [&](const std::string& line) {
    std::lock_guard lock(mutex);
    lines.push_back(line);
  };
  auto cloud = LocalCloud::Start(options);
  ASSERT_TRUE(cloud.ok()) << cloud.error().message;
  const int port = (*cloud)->port();
  EXPECT_EQ((*cloud)->endpoint(), "http://127.0.0.1:" + std::to_string(port));

  // IAM through its own signing name.
  aws::HttpRequest list_roles;
  list_roles.method = "POST";
  list_roles.path = "/";
  list_roles.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  list_roles.body = "Action=ListRoles&Version=2010-05-08";
  auto roles = Client(port, "iam")->Send(list_roles, "ListRoles");
  ASSERT_TRUE(roles.ok()) << roles.error().message;
  EXPECT_NE(roles->body.find("ListRolesResponse"), std::string::npos) << roles->body;

  // Lambda.
  aws::HttpRequest functions;
  functions.method = "GET";
  functions.path = "/2015-03-31/functions/";
  auto listed = Client(port, "lambda")->Send(functions, "ListFunctions");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_NE(listed->body.find("Functions"), std::string::npos) << listed->body;

  // A service it does not have.
  aws::HttpRequest logs = list_roles;
  logs.body = "Action=DescribeLogGroups";
  auto unknown = Client(port, "logs")->Send(logs, "DescribeLogGroups");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("sparta-local does not implement the 'logs' service"),
            std::string::npos)
      << unknown.error().message;

  // The data dir is held while it runs.
  auto second = LocalCloud::Start(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "DataDirInUse");

  (*cloud)->Stop();
  (*cloud)->Stop();
  {
    std::lock_guard lock(mutex);
    ASSERT_EQ(lines.size(), 3u);
    // Each line is logged once its response is written, so a client may
    // already have its answer (and send the next request) before the line
    // is in: the order of lines is not the order of requests.
    std::sort(lines.begin(), lines.end());
    EXPECT_EQ(lines[0].rfind("GET /2015-03-31/functions/ lambda 200 ", 0), 0u) << lines[0];
    EXPECT_EQ(lines[1].rfind("POST / iam 200 ", 0), 0u) << lines[1];
    EXPECT_EQ(lines[2].rfind("POST / logs 501 ", 0), 0u) << lines[2];
  }
  // Released after Stop? No: held until destruction, then free again.
  cloud = MakeError("x", "y");
  auto again = LocalCloud::Start(options);
  EXPECT_TRUE(again.ok()) << again.error().message;
}

TEST(LocalCloudTest, StartErrors) {
  LocalCloudOptions options;
  options.port = 0;
  options.host = "10.0.0.1";
  options.data_dir = "/tmp/never-created-by-sparta-local-test";
  auto public_host = LocalCloud::Start(options);
  ASSERT_FALSE(public_host.ok());
  EXPECT_EQ(public_host.error().code, "InvalidArgument");
  EXPECT_FALSE(fs::exists(options.data_dir));
  options.host = "127.0.0.1";
  options.data_dir.clear();
  auto no_dir = LocalCloud::Start(options);
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(no_dir.error().code, "InvalidArgument");
}

}  // namespace
}  // namespace sparta::local_cloud
