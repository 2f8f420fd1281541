// A service with user custom resources: one provider function per type,
// ServiceToken set to it, the provider reachable under its function name.

#include <gtest/gtest.h>

#include <algorithm>

#include "sparta/runtime/function_error.hpp"
#include "sparta/service/service.hpp"
#include "sparta/service/synthesize.hpp"
#include "sparta/service/validate.hpp"

#include "service/test_service.hpp"
#include "support/one_shot_http.hpp"

namespace sparta {
namespace {

struct Greeting {
  static constexpr std::string_view kType = "Custom::Greeting";
  struct Properties {
    std::string Name;
    int Times = 1;
  };
  struct Data {
    std::string Text;
  };
  CustomResult<Data> Create(const Properties& p, const CustomResourceCall&) {
    std::string text;
    for (int i = 0; i < p.Times; ++i) text += "hello " + p.Name + "! ";
    return {.data = {.Text = text}};
  }
  CustomResult<Data> Update(const Properties& now, const Properties&,
                            const CustomResourceCall& call) {
    return Create(now, call);
  }
  void Delete(const Properties&, const CustomResourceCall&) {}
  static IamRoleDefinition ProviderRole() {
    return {.privileges = {{.actions = {"s3:PutObject"}, .resources = {"arn:aws:s3:::b/*"}}}};
  }
};
BOOST_DESCRIBE_STRUCT(Greeting::Properties, (), (Name, Times))
BOOST_DESCRIBE_STRUCT(Greeting::Data, (), (Text))

Service GreetingService() {
  CustomResource<Greeting> hello{"Hello", {{"Name", "world"}}};
  CustomResource<Greeting> bye{"Bye", {{"Name", "moon"}}};
  return Service{
      .name = "greetings",
      .functions = {testing::MakeFunction("Echo")},
      .resources = {hello, bye},
      .outputs = {Output{"HelloText", {.value = hello.Attribute(&Greeting::Data::Text)}}}};
}

TEST(CustomResources, OneProviderFunctionPerType) {
  const Service service = GreetingService();
  std::vector<Function> functions = AllFunctions(service);
  ASSERT_EQ(functions.size(), 2u);
  EXPECT_EQ(functions[0].name, "Echo");
  EXPECT_EQ(functions[1].name, "GreetingProvider");
  EXPECT_EQ(functions[1].options.timeout, std::chrono::seconds(60));
  EXPECT_EQ(ProviderFunctionName("Custom::My@Type-1"), "MyType-1Provider");
}

TEST(CustomResources, AreSynthesizedWithTheirServiceToken) {
  auto t = Synthesize(GreetingService());
  ASSERT_TRUE(t) << t.error().message;
  json::object doc = json::parse(t->Serialize()).as_object();
  const json::object& resources = doc.at("Resources").as_object();
  const json::object& hello = resources.at("Hello").as_object();
  EXPECT_EQ(hello.at("Type"), "Custom::Greeting");
  EXPECT_EQ(hello.at("Properties").at("ServiceToken"),
            json::parse(R"({"Fn::GetAtt": ["GreetingProviderFunction", "Arn"]})"));
  EXPECT_EQ(hello.at("Properties").at("Name"), "world");
  const json::object& provider = resources.at("GreetingProviderFunction").as_object();
  EXPECT_EQ(provider.at("Properties").at("Handler"), "GreetingProvider");
  EXPECT_EQ(provider.at("Properties").at("Timeout"), 60);
  // The provider's role has exactly the privileges its type declares.
  const std::string role = json::serialize(resources.at("GreetingProviderRole"));
  EXPECT_NE(role.find("s3:PutObject"), std::string::npos);
}

// A type that skips Deletes during cleanup: its provider may read its own
// stack's status, and nothing more.
struct Notification {
  static constexpr std::string_view kType = "Custom::Notification";
  static constexpr auto kSkipDeletesDuringCleanup = +[](std::string_view) -> Result<std::string> {
    return std::string("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
  };
  struct Properties {
    std::string Bucket;
  };
  struct Data {};
  CustomResult<Data> Create(const Properties&, const CustomResourceCall&) { return {}; }
  CustomResult<Data> Update(const Properties&, const Properties&, const CustomResourceCall&) {
    return {};
  }
  void Delete(const Properties&, const CustomResourceCall&) {}
};
BOOST_DESCRIBE_STRUCT(Notification::Properties, (), (Bucket))
BOOST_DESCRIBE_STRUCT(Notification::Data, (), ())

TEST(CustomResources, SkippingCleanupDeletesLetsTheProviderReadItsStacksStatus) {
  CustomResource<Notification> on{"On", {{"Bucket", "b"}}};
  Service service{.name = "notes", .resources = {on}};
  auto t = Synthesize(service);
  ASSERT_TRUE(t) << t.error().message;
  const json::value& statements = t->FindResource("NotificationProviderRole")
                                      ->properties.at("Policies")
                                      .at(0)
                                      .at("PolicyDocument")
                                      .at("Statement");
  EXPECT_NE(std::find(statements.as_array().begin(), statements.as_array().end(),
                      json::parse(R"({"Effect": "Allow",
                                       "Action": ["cloudformation:DescribeStacks"],
                                       "Resource": [{"Ref": "AWS::StackId"}]})")),
            statements.as_array().end())
      << json::serialize(statements);
  // Greeting does not ask for it, and its role does not get it.
  auto greetings = Synthesize(GreetingService());
  ASSERT_TRUE(greetings) << greetings.error().message;
  EXPECT_EQ(json::serialize(greetings->FindResource("GreetingProviderRole")->properties)
                .find("cloudformation:"),
            std::string::npos);
}

TEST(CustomResources, AServiceTokenInThePropertiesIsAProblem) {
  CustomResource<Greeting> bad{"Bad", {{"ServiceToken", "arn:aws:lambda:us-east-1:1:function:x"}}};
  Service service{
      .name = "greetings", .functions = {testing::MakeFunction("Echo")}, .resources = {bad}};
  auto problems = Validate(service);
  ASSERT_FALSE(problems);
  EXPECT_NE(problems.error().message.find("ServiceToken is set by Sparta"), std::string::npos)
      << problems.error().message;
}

TEST(CustomResources, AnUnknownPropertyIsAProblem) {
  CustomResource<Greeting> typo{"Typo", {{"Nmae", "x"}}};
  Service service{
      .name = "greetings", .functions = {testing::MakeFunction("Echo")}, .resources = {typo}};
  auto problems = Validate(service);
  ASSERT_FALSE(problems);
  EXPECT_NE(problems.error().message.find("no member \"Nmae\"; its members: Name Times"),
            std::string::npos)
      << problems.error().message;
}

// Runs Greeting's provider function on a request made of `fields` (JSON
// members besides ResponseURL, StackId, RequestId, LogicalResourceId and
// ResourceType) and returns the response it PUT.
json::object Provide(const std::string& fields) {
  const runtime::Handler handler = ProviderFor<Greeting>().handler;
  runtime::InvocationInfo info;
  info.deadline = std::chrono::system_clock::now() + std::chrono::seconds(5);
  runtime::Context context(std::move(info));
  testing::OneShotServer server;
  const std::string event = R"({"ResponseURL": "http://127.0.0.1:)" +
                            std::to_string(server.port()) + R"(/r?sig=1", "StackId": "s",
    "RequestId": "q", "LogicalResourceId": "Hello", "ResourceType": "Custom::Greeting", )" +
                            fields + "}";
  const std::string body = handler.raw()(event, context);
  EXPECT_TRUE(server.Received().ends_with(body));
  return json::parse(body).as_object();
}

// The provider function itself: a real request in (scalars as strings, as
// CloudFormation sends them), the typed handler, the response PUT.
TEST(CustomResources, TheProviderConvertsStringifiedProperties) {
  json::object response = Provide(R"("RequestType": "Create", "ResourceProperties":
      {"ServiceToken": "arn", "Name": "world", "Times": "2"})");
  EXPECT_EQ(response.at("Status"), "SUCCESS") << response;
  EXPECT_EQ(response.at("Data").at("Text"), "hello world! hello world! ");
}

// A Delete whose properties never converted (its Create failed on them)
// succeeds without calling Delete, so the stack can still roll back.
TEST(CustomResources, ADeleteOfUnconvertiblePropertiesSucceeds) {
  json::object response = Provide(R"("RequestType": "Delete", "PhysicalResourceId": "p-1",
      "ResourceProperties": {"ServiceToken": "arn", "Name": "world", "Times": "many"})");
  EXPECT_EQ(response.at("Status"), "SUCCESS") << response;
  EXPECT_EQ(response.at("PhysicalResourceId"), "p-1");
}

}  // namespace
}  // namespace sparta
