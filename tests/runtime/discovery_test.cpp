// Discovery inside a function: the document CloudFormation resolved, read
// typed and untyped, with clear errors for what the function did not declare.

#include "sparta/runtime/discovery.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <cstdlib>

#include "sparta/resources/dynamodb.hpp"
#include "sparta/resources/s3.hpp"
#include "sparta/runtime/function_error.hpp"

namespace sparta::runtime {
namespace {

namespace ddb = sparta::resources::dynamodb;
namespace s3 = sparta::resources::s3;

// What CloudFormation makes of the document Synthesize() writes (see
// tests/service/declarations_test.cpp), plus a key a later version may add.
constexpr std::string_view kResolved = R"({
  "stack": {"name": "shop", "id": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop/1",
            "region": "us-east-1", "account": "123456789012", "partition": "aws",
            "urlSuffix": "amazonaws.com", "future": "ignored"},
  "function": "WriterFunction",
  "resources": {
    "Uploads": {"type": "AWS::S3::Bucket", "ref": "shop-uploads-1x2y",
                "attributes": {"Arn": "arn:aws:s3:::shop-uploads-1x2y",
                               "DomainName": "shop-uploads-1x2y.s3.amazonaws.com"}},
    "Orders": {"type": "AWS::DynamoDB::Table", "ref": "shop-Orders-ABC",
               "attributes": {"Arn": "arn:aws:dynamodb:us-east-1:123456789012:table/shop-Orders-ABC"}}
  }})";

Discovery Parsed() {
  auto d = Discovery::Parse(kResolved);
  EXPECT_TRUE(d.ok()) << d.error().message;
  return *d;
}

TEST(Discovery, ReadsTheStackAndTheDependencies) {
  Discovery d = Parsed();
  EXPECT_EQ(d.stack().name, "shop");
  EXPECT_EQ(d.stack().region, "us-east-1");
  EXPECT_EQ(d.stack().account, "123456789012");
  EXPECT_EQ(d.stack().partition, "aws");
  EXPECT_EQ(d.stack().url_suffix, "amazonaws.com");
  EXPECT_EQ(d.function_logical_id(), "WriterFunction");
  EXPECT_EQ(d.resources().size(), 2u);
  EXPECT_EQ(d.Resource("Uploads").ref, "shop-uploads-1x2y");
  EXPECT_EQ(d.Resource("Uploads").Attribute("DomainName"), "shop-uploads-1x2y.s3.amazonaws.com");
}

TEST(Discovery, TypedAccessorsReturnTheResolvedValues) {
  Discovery d = Parsed();
  EXPECT_EQ(d.Get<s3::Bucket>("Uploads").Ref(), "shop-uploads-1x2y");
  EXPECT_EQ(d.Get<s3::Bucket>("Uploads").Arn(), "arn:aws:s3:::shop-uploads-1x2y");
  ddb::Table orders{"Orders", {.KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}}};
  EXPECT_EQ(d.Get(orders).Arn(), "arn:aws:dynamodb:us-east-1:123456789012:table/shop-Orders-ABC");
}

TEST(Discovery, WhatWasNotDeclaredIsAClearError) {
  Discovery d = Parsed();
  try {
    d.Resource("Missing");
    FAIL() << "no error";
  } catch (const FunctionError& e) {
    EXPECT_EQ(e.error_type(), "Sparta.DiscoveryError");
    EXPECT_STREQ(e.what(),
                 "function WriterFunction does not depend on Missing; add it to the function's "
                 "dependencies (it depends on: Orders, Uploads)");
  }
  try {
    d.Get<s3::Bucket>("Orders");
    FAIL() << "no error";
  } catch (const FunctionError& e) {
    EXPECT_STREQ(e.what(), "resource Orders is a AWS::DynamoDB::Table, not a AWS::S3::Bucket");
  }
  try {
    (void)d.Get<ddb::Table>("Orders").StreamArn();  // the table has no stream
    FAIL() << "no error";
  } catch (const FunctionError& e) {
    EXPECT_STREQ(e.what(),
                 "resource Orders (AWS::DynamoDB::Table) has no discovered attribute StreamArn; "
                 "it has: Arn");
  }
}

TEST(Discovery, MalformedDocumentsAreRefused) {
  EXPECT_EQ(Discovery::Parse("{").error().code, "InvalidDiscovery");
  EXPECT_EQ(Discovery::Parse("[]").error().message, "the discovery document is not a JSON object");
  EXPECT_EQ(Discovery::Parse(R"({"resources": []})").error().message,
            "the discovery document's resources is not an object");
  // Absent optional parts are tolerated.
  auto minimal = Discovery::Parse("{}");
  ASSERT_TRUE(minimal.ok());
  EXPECT_TRUE(minimal->resources().empty());
}

// Discover() reads the environment once; this process sets it before the
// first call (the order of tests in this file does not matter: the only
// other test that calls Discover() does so in a child process).
TEST(Discovery, DiscoverReadsTheEnvironmentOnce) {
  ASSERT_EQ(setenv("SPARTA_DISCOVERY", std::string(kResolved).c_str(), 1), 0);
  const Discovery& first = Discover();
  ASSERT_EQ(setenv("SPARTA_DISCOVERY", "{}", 1), 0);
  const Discovery& second = Discover();
  EXPECT_EQ(&first, &second);
  EXPECT_EQ(second.resources().size(), 2u);
}

// A document served from the stack: SPARTA_DISCOVERY_FROM_STACK names where
// it is, the registered loader fetches it once. Run in a child process,
// since Discover() caches what it read for the life of the process.
std::string CheckDiscoverFromStack() {
  unsetenv("SPARTA_DISCOVERY");
  setenv("SPARTA_DISCOVERY_FROM_STACK", R"({"stack":"shop","logicalId":"WriterFunction"})", 1);
  auto message_of = [] {
    try {
      Discover();
      return std::string("no error");
    } catch (const FunctionError& e) {
      return e.error_type() + ": " + e.what();
    }
  };
  std::string no_loader = message_of();
  if (no_loader.find("Sparta.DiscoveryError: ") != 0 ||
      no_loader.find("Service::discovery_from_stack = sparta::aws::DiscoveryFromStack()") ==
          std::string::npos) {
    return "without a loader: " + no_loader;
  }
  int calls = 0;
  bool fail = true;
  std::string asked;
  SetDiscoveryLoader(
      {.name = "test loader",
       .load = [&](std::string_view stack, std::string_view logical_id) -> Result<std::string> {
         ++calls;
         asked = std::string(stack) + "/" + std::string(logical_id);
         if (fail) return MakeError("AccessDenied", "not allowed");
         return std::string(kResolved);
       }});
  std::string denied = message_of();
  if (denied.find("cannot read the discovery document of WriterFunction from stack shop (test "
                  "loader): not allowed") == std::string::npos) {
    return "a failing loader: " + denied;
  }
  fail = false;  // a failed fetch is tried again
  const Discovery& found = Discover();
  const Discovery& again = Discover();
  if (&found != &again || found.function_logical_id() != "WriterFunction" || calls != 2 ||
      asked != "shop/WriterFunction") {
    return "fetched " + std::to_string(calls) + " times, asked " + asked;
  }
  return "";
}

TEST(Discovery, DiscoverFetchesADocumentServedFromTheStackOnce) {
  // "threadsafe" re-executes the test binary for the child, so it starts
  // with nothing cached even when another test called Discover() here.
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(
      {
        std::string problem = CheckDiscoverFromStack();
        std::fprintf(stderr, "%s", problem.c_str());
        std::exit(problem.empty() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "^$");
}

}  // namespace
}  // namespace sparta::runtime
