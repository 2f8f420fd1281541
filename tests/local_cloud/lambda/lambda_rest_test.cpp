// LambdaService::HandleRest: Lambda's REST API as a client sees it.
#include <gtest/gtest.h>

#include "lambda_test_fixture.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::local_cloud::testing {
namespace {

using namespace std::chrono_literals;

class LambdaRestTest : public LambdaFixture {
 protected:
  json::value Body(const CloudResponse& response) {
    std::error_code ec;
    json::value value = json::parse(response.body, ec);
    EXPECT_FALSE(ec) << response.body;
    return value;
  }
  void ExpectError(const CloudResponse& response, int status, const std::string& code) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(Header(response, "x-amzn-ErrorType"), code) << response.body;
  }
};

TEST_F(LambdaRestTest, InvokeReturnsThePayload) {
  Create("echo");
  CloudResponse response = Invoke("echo", R"({"name":"x"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, R"({"name":"x"})");
  EXPECT_EQ(Header(response, "Content-Type"), "application/json");
  EXPECT_EQ(Header(response, "X-Amz-Executed-Version"), "$LATEST");
  EXPECT_EQ(Header(response, "X-Amz-Function-Error"), "");
  EXPECT_EQ(Header(response, "x-amzn-RequestId"), "req-1");
  EXPECT_EQ(Header(response, "X-Amz-Log-Result"), "");
}

// Events may nest as deeply as AWS's do; a payload nested past what Sparta
// reads is refused as Lambda refuses bad JSON, and the server stays up.
TEST_F(LambdaRestTest, DeepPayloadsReachTheFunctionAndTooDeepOnesAreRefused) {
  Create("deep");
  const std::string deep = std::string(600, '[') + "1" + std::string(600, ']');
  CloudResponse response = Invoke("deep", deep);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, deep);
  CloudResponse brackets = Invoke("deep", std::string(6 * 1000 * 1000, '['));
  ExpectError(brackets, 400, "InvalidRequestContentException");
  EXPECT_NE(brackets.body.find("Could not parse request body into json"), std::string::npos)
      << brackets.body.substr(0, 300);
  EXPECT_EQ(Invoke("deep", R"({"after":true})").status, 200);
}

TEST_F(LambdaRestTest, FunctionErrorIsUnhandled) {
  Create("fails");
  CloudResponse response = Invoke("fails", R"("error")");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(Header(response, "X-Amz-Function-Error"), "Unhandled");
  EXPECT_EQ(Body(response).at("errorType"), "TestError");
}

TEST_F(LambdaRestTest, CrashIsUnhandledAndTheNextInvokeWorks) {
  Create("crashy");
  CloudResponse crashed = Invoke("crashy", R"("segv")");
  EXPECT_EQ(crashed.status, 200);
  EXPECT_EQ(Header(crashed, "X-Amz-Function-Error"), "Unhandled");
  EXPECT_EQ(Body(crashed).at("errorType"), "Runtime.ExitError") << crashed.body;
  CloudResponse next = Invoke("crashy", R"("again")");
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, R"("again")");
  EXPECT_EQ(Header(next, "X-Amz-Function-Error"), "");
}

TEST_F(LambdaRestTest, TimeoutIsUnhandledAndTheNextInvokeWorks) {
  FunctionSpec spec = Spec("slow");
  spec.timeout_seconds = 1;
  Create(spec);
  auto start = std::chrono::steady_clock::now();
  CloudResponse timed_out = Invoke("slow", R"("sleep:5000")");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_EQ(Header(timed_out, "X-Amz-Function-Error"), "Unhandled");
  EXPECT_NE(timed_out.body.find("Task timed out after 1.00 seconds"), std::string::npos)
      << timed_out.body;
  CloudResponse next = Invoke("slow", R"("fast")");
  EXPECT_EQ(next.body, R"("fast")");
}

TEST_F(LambdaRestTest, TailReturnsTheLogOfTheInvoke) {
  Create("logger");
  CloudResponse response =
      Invoke("logger", R"("print:hello tail")", {{"X-Amz-Log-Type", "Tail"}});
  ASSERT_EQ(response.status, 200);
  auto tail = util::Base64Decode(Header(response, "X-Amz-Log-Result"));
  ASSERT_TRUE(tail.has_value());
  EXPECT_NE(tail->find("START RequestId: req-1"), std::string::npos) << *tail;
  EXPECT_NE(tail->find("out: hello tail"), std::string::npos) << *tail;
  EXPECT_NE(tail->find("REPORT RequestId: req-1"), std::string::npos) << *tail;
  // The same lines went to the function's log on disk.
  EXPECT_NE(LogsOf("/aws/lambda/logger").find("out: hello tail"), std::string::npos);
}

TEST_F(LambdaRestTest, EventIsAcceptedAndRunsInTheBackground) {
  Create("async");
  CloudResponse response =
      Invoke("async", R"("print:from event")", {{"X-Amz-Invocation-Type", "Event"}});
  EXPECT_EQ(response.status, 202);
  EXPECT_TRUE(response.body.empty());
  EXPECT_TRUE(WaitFor([&] {
    return LogsOf("/aws/lambda/async").find("out: from event") != std::string::npos;
  })) << "the queued event never ran";
  std::string big(300 * 1024, ' ');
  big.front() = '"';
  big.back() = '"';
  ExpectError(Invoke("async", big, {{"X-Amz-Invocation-Type", "Event"}}), 413,
              "RequestEntityTooLargeException");
}

TEST_F(LambdaRestTest, DryRunChecksWithoutRunning) {
  Create("dry");
  CloudResponse response = Invoke("dry", R"("pid")", {{"X-Amz-Invocation-Type", "DryRun"}});
  EXPECT_EQ(response.status, 204);
  EXPECT_FALSE(fs::exists(dir_ / "lambda-run")) << "a dry run started the function";
  ExpectError(Invoke("ghost", "{}", {{"X-Amz-Invocation-Type", "DryRun"}}), 404,
              "ResourceNotFoundException");
  ExpectError(Invoke("dry", "{}", {{"X-Amz-Invocation-Type", "Sometimes"}}), 400,
              "InvalidParameterValueException");
}

TEST_F(LambdaRestTest, PayloadMustBeJsonAndSmallEnough) {
  Create("strict");
  CloudResponse not_json = Invoke("strict", "echo:hi");
  ExpectError(not_json, 400, "InvalidRequestContentException");
  EXPECT_EQ(Body(not_json).at("message").as_string().find("Could not parse request body into json"),
            0u);
  std::string huge(6 * 1024 * 1024 + 1, ' ');
  ExpectError(Invoke("strict", huge), 413, "RequestEntityTooLargeException");
  // An empty body is an empty event.
  EXPECT_EQ(Invoke("strict", "").body, "{}");
  ExpectError(Invoke("strict", "{}", {{"X-Amz-Client-Context", "not base64!"}}), 400,
              "InvalidRequestContentException");
  EXPECT_EQ(Invoke("strict", "{}", {{"X-Amz-Client-Context", util::Base64Encode(R"({"a":1})")}})
                .status,
            200);
}

TEST_F(LambdaRestTest, FunctionsAreNamedByNameArnOrPartialArn) {
  Create("named");
  const std::string arn = "arn:aws:lambda:us-east-1:123456789012:function:named";
  EXPECT_EQ(Invoke(arn, R"("by arn")").body, R"("by arn")");
  EXPECT_EQ(Invoke("123456789012:function:named", R"("partial")").body, R"("partial")");
  EXPECT_EQ(Invoke("named:$LATEST", R"("latest")").body, R"("latest")");
  EXPECT_EQ(Invoke("arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Anamed",
                   R"("encoded")")
                .body,
            R"("encoded")");
  CloudResponse version = Invoke("named:1", "{}");
  ExpectError(version, 404, "ResourceNotFoundException");
  EXPECT_EQ(Body(version).at("message"),
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:named:1");
  ExpectError(Invoke("arn:aws:lambda:us-east-1:999999999999:function:named", "{}"), 404,
              "ResourceNotFoundException");
  ExpectError(Rest("POST", "/2015-03-31/functions/named/invocations", "{}", {},
                   "Qualifier=prod"),
              404, "ResourceNotFoundException");
  EXPECT_EQ(Rest("POST", "/2015-03-31/functions/named/invocations", "{}", {},
                 "Qualifier=%24LATEST")
                .status,
            200);
  CloudResponse missing = Invoke("nope", "{}");
  ExpectError(missing, 404, "ResourceNotFoundException");
  EXPECT_EQ(Body(missing).at("message"),
            "Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope");
  ExpectError(Invoke("bad%20name", "{}"), 400, "InvalidParameterValueException");
}

TEST_F(LambdaRestTest, GetFunctionAndConfigurationUseLambdasFieldNames) {
  FunctionSpec spec = Spec("described");
  spec.environment = {{"A", "1"}};
  spec.tags = {{"owner", "me"}};
  spec.reserved_concurrency = 2;
  spec.description = "a test";
  Create(spec);
  CloudResponse got = Rest("GET", "/2015-03-31/functions/described");
  ASSERT_EQ(got.status, 200) << got.body;
  json::value body = Body(got);
  const json::object& config = body.at("Configuration").as_object();
  EXPECT_EQ(config.at("FunctionName"), "described");
  EXPECT_EQ(config.at("FunctionArn"), "arn:aws:lambda:us-east-1:123456789012:function:described");
  EXPECT_EQ(config.at("Runtime"), "provided.al2023");
  EXPECT_EQ(config.at("Role"), kRoleArn);
  EXPECT_EQ(config.at("Handler"), "handler");
  EXPECT_EQ(config.at("Description"), "a test");
  EXPECT_EQ(config.at("Timeout"), 3);
  EXPECT_EQ(config.at("MemorySize"), 128);
  EXPECT_EQ(config.at("Version"), "$LATEST");
  EXPECT_EQ(config.at("State"), "Active");
  EXPECT_EQ(config.at("LastUpdateStatus"), "Successful");
  EXPECT_EQ(config.at("PackageType"), "Zip");
  EXPECT_EQ(config.at("Environment").at("Variables").at("A"), "1");
  EXPECT_EQ(config.at("TracingConfig").at("Mode"), "PassThrough");
  EXPECT_EQ(config.at("EphemeralStorage").at("Size"), 512);
  EXPECT_EQ(config.at("LoggingConfig").at("LogGroup"), "/aws/lambda/described");
  EXPECT_EQ(config.at("LoggingConfig").at("LogFormat"), "Text");
  EXPECT_EQ(config.at("Architectures").as_array().size(), 1u);
  EXPECT_EQ(config.at("CodeSha256").as_string().size(), 44u);
  EXPECT_GT(config.at("CodeSize").as_int64(), 0);
  EXPECT_EQ(body.at("Code").at("RepositoryType"), "S3");
  EXPECT_EQ(body.at("Tags").at("owner"), "me");
  EXPECT_EQ(body.at("Concurrency").at("ReservedConcurrentExecutions"), 2);

  CloudResponse configuration = Rest("GET", "/2015-03-31/functions/described/configuration");
  ASSERT_EQ(configuration.status, 200);
  EXPECT_EQ(Body(configuration), json::value(config));

  // Code.Location serves the zip.
  CloudResponse code = Rest("GET", "/2015-03-31/functions/described/code");
  EXPECT_EQ(code.status, 200);
  EXPECT_EQ(code.body, spec.code_zip);
}

TEST_F(LambdaRestTest, ListFunctionsPages) {
  Create("a1");
  Create("b2");
  Create("c3");
  json::value all = Body(Rest("GET", "/2015-03-31/functions/"));
  EXPECT_EQ(all.at("Functions").as_array().size(), 3u);
  EXPECT_EQ(all.as_object().count("NextMarker"), 0u);
  json::value first = Body(Rest("GET", "/2015-03-31/functions/", "", {}, "MaxItems=2"));
  ASSERT_EQ(first.at("Functions").as_array().size(), 2u);
  EXPECT_EQ(first.at("Functions").at(0).at("FunctionName"), "a1");
  std::string marker(first.at("NextMarker").as_string());
  json::value second =
      Body(Rest("GET", "/2015-03-31/functions", "", {}, "MaxItems=2&Marker=" + marker));
  ASSERT_EQ(second.at("Functions").as_array().size(), 1u);
  EXPECT_EQ(second.at("Functions").at(0).at("FunctionName"), "c3");
  ExpectError(Rest("GET", "/2015-03-31/functions/", "", {}, "MaxItems=0"), 400,
              "InvalidParameterValueException");
}

TEST_F(LambdaRestTest, CreateUpdateConcurrencyAndDeleteOverRest) {
  json::object create;
  create["FunctionName"] = "wire";
  create["Runtime"] = "provided.al2023";
  create["Role"] = kRoleArn;
  create["Handler"] = "h";
  create["MemorySize"] = 256;
  create["Environment"] = json::object{{"Variables", json::object{{"V", "1"}}}};
  create["Code"] = json::object{{"ZipFile", util::Base64Encode(BootstrapZip())}};
  CloudResponse created = Rest("POST", "/2015-03-31/functions", json::serialize(create));
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(Body(created).at("MemorySize"), 256);
  EXPECT_EQ(Invoke("wire", R"("env:V")").body, R"("1")");
  ExpectError(Rest("POST", "/2015-03-31/functions", json::serialize(create)), 409,
              "ResourceConflictException");

  json::object bad_role = create;
  bad_role["FunctionName"] = "other";
  bad_role["Role"] = "arn:aws:iam::123456789012:role/ghost";
  CloudResponse refused = Rest("POST", "/2015-03-31/functions", json::serialize(bad_role));
  ExpectError(refused, 400, "InvalidParameterValueException");
  EXPECT_EQ(Body(refused).at("message"),
            "The role defined for the function cannot be assumed by Lambda.");
  json::object no_code = create;
  no_code["FunctionName"] = "other";
  no_code.erase("Code");
  ExpectError(Rest("POST", "/2015-03-31/functions", json::serialize(no_code)), 400,
              "InvalidParameterValueException");
  json::object bad_memory = create;
  bad_memory["FunctionName"] = "other";
  bad_memory["MemorySize"] = "lots";
  ExpectError(Rest("POST", "/2015-03-31/functions", json::serialize(bad_memory)), 400,
              "InvalidRequestContentException");

  int old_pid = std::atoi(Invoke("wire", R"("pid")").body.c_str());
  json::object code{{"ZipFile", util::Base64Encode(BootstrapZip())}};
  CloudResponse updated_code =
      Rest("PUT", "/2015-03-31/functions/wire/code", json::serialize(code));
  EXPECT_EQ(updated_code.status, 200) << updated_code.body;
  EXPECT_NE(std::atoi(Invoke("wire", R"("pid")").body.c_str()), old_pid);

  json::object configuration{{"Environment", json::object{{"Variables", json::object{{"V", "2"}}}}}};
  EXPECT_EQ(Rest("PUT", "/2015-03-31/functions/wire/configuration", json::serialize(configuration))
                .status,
            200);
  EXPECT_EQ(Invoke("wire", R"("env:V")").body, R"("2")");

  CloudResponse put = Rest("PUT", "/2017-10-31/functions/wire/concurrency",
                           R"({"ReservedConcurrentExecutions":0})");
  EXPECT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(Body(Rest("GET", "/2019-09-30/functions/wire/concurrency"))
                .at("ReservedConcurrentExecutions"),
            0);
  ExpectError(Invoke("wire", "{}"), 429, "TooManyRequestsException");
  EXPECT_EQ(Rest("DELETE", "/2017-10-31/functions/wire/concurrency").status, 204);
  EXPECT_EQ(Invoke("wire", "{}").status, 200);

  EXPECT_EQ(Rest("DELETE", "/2015-03-31/functions/wire").status, 204);
  ExpectError(Rest("GET", "/2015-03-31/functions/wire"), 404, "ResourceNotFoundException");
  ExpectError(Rest("DELETE", "/2015-03-31/functions/wire"), 404, "ResourceNotFoundException");
}

TEST_F(LambdaRestTest, UnknownOperationsAndGarbageNeverCrash) {
  Create("sturdy");
  CloudResponse unknown = Rest("PATCH", "/2015-03-31/functions/sturdy");
  ExpectError(unknown, 404, "UnknownOperationException");
  EXPECT_NE(Body(unknown).at("message").as_string().find("PATCH /2015-03-31/functions/sturdy"),
            std::string::npos);
  ExpectError(Rest("GET", "/"), 404, "UnknownOperationException");
  ExpectError(Rest("GET", "/2015-03-31/layers"), 404, "UnknownOperationException");
  ExpectError(Rest("GET", "/2015-03-31/functions/sturdy/invocations/extra"), 404,
              "UnknownOperationException");
  for (const std::string& body : {std::string("{"), std::string("[]"), std::string("\xff\xfe"),
                                  std::string(R"({"FunctionName":7})"),
                                  std::string(R"({"FunctionName":"x","Code":{"ZipFile":"%%"}})"),
                                  std::string(R"({"FunctionName":"x","Code":{"ZipFile":"UEsF"}})")}) {
    CloudResponse response = Rest("POST", "/2015-03-31/functions", body);
    EXPECT_GE(response.status, 400) << body;
    EXPECT_LT(response.status, 500) << body << " -> " << response.body;
  }
  for (const std::string& name : {std::string("%"), std::string("%00"), std::string(":"),
                                  std::string("a:b:c:d:e:f:g:h:i"), std::string(200, 'x'),
                                  std::string("arn:aws:lambda:us-east-1:123456789012:function:")}) {
    CloudResponse response = Invoke(name, "{}");
    EXPECT_GE(response.status, 400) << name;
    EXPECT_LT(response.status, 500) << name << " -> " << response.body;
  }
  EXPECT_EQ(Rest("PUT", "/2017-10-31/functions/sturdy/concurrency", "{\"x\":1}").status, 400);
  EXPECT_EQ(Invoke("sturdy", "{}").status, 200);
}

}  // namespace
}  // namespace sparta::local_cloud::testing
