// A service's declarations beyond functions: resources (typed and untyped),
// parameters, mappings, conditions, outputs; function dependencies and the
// discovery document; CloudFormation's quotas checked at build.

#include <gtest/gtest.h>

#include <string>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/resources/dynamodb.hpp"
#include "sparta/resources/s3.hpp"
#include "sparta/service/synthesize.hpp"
#include "sparta/service/validate.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

namespace ddb = sparta::resources::dynamodb;
namespace s3 = sparta::resources::s3;
using testing::MakeFunction;

json::value J(std::string_view text) { return json::parse(text); }

// `prefix` + `i`, built by appending (GCC 12 warns falsely on
// `"literal" + std::string&&` at -O3).
std::string Name(std::string_view prefix, int i) {
  std::string out(prefix);
  out += std::to_string(i);
  return out;
}

ddb::Table OrdersTable() {
  return ddb::Table{"Orders",
                    {.AttributeDefinitions = {{.AttributeName = "id", .AttributeType = "S"}},
                     .BillingMode = "PAY_PER_REQUEST",
                     .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}}};
}

TEST(ServiceDeclarations, EverySectionIsWrittenAsDeclared) {
  Parameter stage{"Stage", {.default_value = "dev", .allowed_values = {"dev", "prod"}}};
  Condition is_prod{"IsProd", cfn::Equals(stage.Ref(), "prod")};
  Mapping sizes{"Sizes", {{"dev", {{"Memory", 128}}}, {"prod", {{"Memory", 1024}}}}};
  s3::Bucket uploads{"Uploads", {}, {.condition = is_prod}};
  ddb::Table orders = OrdersTable();
  Service s = testing::OneFunctionService();
  s.resources = {uploads, orders};
  s.parameters = {stage};
  s.mappings = {sizes};
  s.conditions = {is_prod};
  s.outputs = {Output{"OrdersArn",
                      {.value = orders.Arn(), .export_name = cfn::Sub("${AWS::StackName}-orders")}},
               Output{"Memory", {.value = sizes.Find(stage.Ref(), "Memory")}}};
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  json::value doc = J(t->Serialize());
  EXPECT_EQ(doc.at("Parameters").at("Stage"),
            J(R"({"Type":"String","Default":"dev","AllowedValues":["dev","prod"]})"));
  EXPECT_EQ(doc.at("Mappings").at("Sizes"), J(R"({"dev":{"Memory":128},"prod":{"Memory":1024}})"));
  EXPECT_EQ(doc.at("Conditions").at("IsProd"), J(R"({"Fn::Equals":[{"Ref":"Stage"},"prod"]})"));
  EXPECT_EQ(doc.at("Resources").at("Uploads"),
            J(R"({"Type":"AWS::S3::Bucket","Condition":"IsProd"})"));
  EXPECT_EQ(doc.at("Resources").at("Orders").at("Type"), "AWS::DynamoDB::Table");
  EXPECT_EQ(doc.at("Outputs").at("OrdersArn"), J(R"({"Value":{"Fn::GetAtt":["Orders","Arn"]},
                  "Export":{"Name":{"Fn::Sub":"${AWS::StackName}-orders"}}})"));
  EXPECT_EQ(doc.at("Outputs").at("Memory").at("Value"),
            J(R"({"Fn::FindInMap":["Sizes",{"Ref":"Stage"},"Memory"]})"));
}

TEST(ServiceDeclarations, ProblemsOfDeclarationsFailValidation) {
  Service s = testing::OneFunctionService();
  s.resources = {cfn::UntypedResource{"bad-name", "AWS::SNS::Topic"},
                 cfn::UntypedResource{"Untyped", ""}, s3::Bucket{"Twice"}, s3::Bucket{"Twice"}};
  s.outputs = {Output{"Twice", {.value = "x"}}};
  auto status = Validate(s);
  ASSERT_FALSE(status.ok());
  const std::string& m = status.error().message;
  EXPECT_NE(m.find("resource \"bad-name\": the name is its logical ID"), std::string::npos) << m;
  EXPECT_NE(m.find("resource \"Untyped\" has no type"), std::string::npos) << m;
  EXPECT_NE(m.find("resource \"Twice\": another declaration of the service has the same name"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("output \"Twice\": another declaration"), std::string::npos) << m;
}

TEST(ServiceDeclarations, EnumProblemsAreReportedAtBuild) {
  Service s = testing::OneFunctionService();
  s.resources = {s3::Bucket{"Site", {.AccelerateConfiguration = {{.AccelerationStatus = "Fast"}}}}};
  auto t = Synthesize(s);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "InvalidService");
  EXPECT_NE(t.error().message.find(
                "resource \"Site\" (AWS::S3::Bucket) property "
                "AccelerateConfiguration.AccelerationStatus: \"Fast\" is not one of Enabled, "
                "Suspended"),
            std::string::npos)
      << t.error().message;
}

TEST(ServiceDiscovery, DependenciesBecomeOneResolvedDocument) {
  ddb::Table orders = OrdersTable();
  s3::Bucket uploads{"Uploads"};
  Function reader = MakeFunction("Reader");
  Service s;
  s.name = "shop";
  s.functions = {reader, MakeFunction("Writer", {.environment = {{"MODE", "fast"}},
                                                 .dependencies = {uploads, orders, reader}})};
  s.resources = {orders, uploads};
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const json::object& vars =
      t->FindResource("WriterFunction")->properties.at("Environment").at("Variables").as_object();
  EXPECT_EQ(vars.at("MODE"), "fast");
  const std::string document(vars.at("SPARTA_DISCOVERY").at("Fn::Sub").as_string());
  EXPECT_EQ(document,
            R"({"stack":{"name":"${AWS::StackName}","id":"${AWS::StackId}",)"
            R"("region":"${AWS::Region}","account":"${AWS::AccountId}",)"
            R"("partition":"${AWS::Partition}","urlSuffix":"${AWS::URLSuffix}"},)"
            R"("function":"WriterFunction","resources":{)"
            R"("Uploads":{"type":"AWS::S3::Bucket","ref":"${Uploads}","attributes":{)"
            R"("Arn":"${Uploads.Arn}","DomainName":"${Uploads.DomainName}",)"
            R"("DualStackDomainName":"${Uploads.DualStackDomainName}",)"
            R"("RegionalDomainName":"${Uploads.RegionalDomainName}",)"
            R"("WebsiteURL":"${Uploads.WebsiteURL}"}},)"
            R"("Orders":{"type":"AWS::DynamoDB::Table","ref":"${Orders}",)"
            R"("attributes":{"Arn":"${Orders.Arn}"}},)"
            R"("ReaderFunction":{"type":"AWS::Lambda::Function","ref":"${ReaderFunction}",)"
            R"("attributes":{"Arn":"${ReaderFunction.Arn}"}}}})");
  // The resolved document must be JSON: check the unresolved one parses.
  EXPECT_NO_THROW(json::parse(document));
  // Only functions that declare dependencies get one.
  EXPECT_FALSE(t->FindResource("ReaderFunction")->properties.contains("Environment"));
}

TEST(ServiceDiscovery, UnknownOrSelfDependenciesAreErrors) {
  s3::Bucket missing{"Missing"};
  Service s = testing::OneFunctionService();
  s.functions.push_back(MakeFunction("Self", {.dependencies = {cfn::Handle("SelfFunction")}}));
  s.functions.push_back(MakeFunction("Lost", {.dependencies = {missing}}));
  auto status = Validate(s);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find(
                "function \"Lost\": dependency \"Missing\" is not a resource or function of "
                "this service"),
            std::string::npos)
      << status.error().message;
  EXPECT_NE(status.error().message.find("function \"Self\": depends on itself"), std::string::npos)
      << status.error().message;
}

TEST(ServiceDiscovery, TooLargeForLambdasEnvironmentFailsAtBuild) {
  Service s = testing::OneFunctionService();
  std::vector<cfn::Handle> deps;
  for (int i = 0; i < 20; ++i) {
    s3::Bucket b{Name("Bucket", i)};
    s.resources.emplace_back(b);
    deps.emplace_back(b);
  }
  s.functions.push_back(MakeFunction("Busy", {.dependencies = deps}));
  auto status = Validate(s);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("the discovery document of its 20 dependencies (up to "),
            std::string::npos)
      << status.error().message;
  EXPECT_NE(status.error().message.find("exceed Lambda's 4 KB (4096)"), std::string::npos);
  EXPECT_NE(status.error().message.find("Service::discovery_from_stack"), std::string::npos);
}

// With the service's permission, a document too large for the environment
// goes into the function's Metadata; only that function changes.
TEST(ServiceDiscovery, TooLargeIsServedFromTheStackWhenTheServiceAllowsIt) {
  Service s = testing::OneFunctionService();
  s.discovery_from_stack = runtime::DiscoveryLoader{.name = "test", .load = nullptr};
  std::vector<cfn::Handle> deps;
  for (int i = 0; i < 20; ++i) {
    s3::Bucket b{Name("Bucket", i)};
    s.resources.emplace_back(b);
    deps.emplace_back(b);
  }
  s.functions.push_back(
      MakeFunction("Busy", {.environment = {{"MODE", "fast"}}, .dependencies = deps}));
  s.functions.push_back(MakeFunction("Small", {.dependencies = {deps[0]}}));
  ASSERT_TRUE(Validate(s).ok());
  EXPECT_EQ(FunctionsWithDiscoveryFromStack(s), std::vector<std::string>{"Busy"});

  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  const cfn::Resource* busy = t->FindResource("BusyFunction");
  const json::object& vars = busy->properties.at("Environment").at("Variables").as_object();
  EXPECT_EQ(vars.at("MODE"), "fast");
  EXPECT_FALSE(vars.contains("SPARTA_DISCOVERY"));
  EXPECT_EQ(vars.at("SPARTA_DISCOVERY_FROM_STACK"),
            cfn::Sub(R"({"stack":"${AWS::StackName}","logicalId":"BusyFunction"})"));
  const std::string document(busy->metadata.at("SpartaDiscovery").at("Fn::Sub").as_string());
  EXPECT_NE(document.find(R"("Bucket19":{"type":"AWS::S3::Bucket","ref":"${Bucket19}")"),
            std::string::npos);
  EXPECT_NO_THROW(json::parse(document));

  // Its role may read exactly that, on this stack only.
  const json::value& statements = t->FindResource("BusyRole")
                                      ->properties.at("Policies")
                                      .at(0)
                                      .at("PolicyDocument")
                                      .at("Statement");
  bool can_read = false;
  for (const json::value& statement : statements.as_array()) {
    if (statement.at("Action") == json::array{"cloudformation:DescribeStackResource"}) {
      EXPECT_EQ(statement.at("Resource"), cfn::Ref("AWS::StackId"));
      can_read = true;
    }
  }
  EXPECT_TRUE(can_read) << json::serialize(statements);

  // A function whose document fits keeps it in its environment.
  const cfn::Resource* small = t->FindResource("SmallFunction");
  EXPECT_TRUE(small->metadata.is_null());
  EXPECT_TRUE(
      small->properties.at("Environment").at("Variables").as_object().contains("SPARTA_DISCOVERY"));
}

// What a 150-function service needs fits: Sparta adds 3 resources and no
// outputs per function.
TEST(ServiceQuotas, ManyFunctionsStayWithinCloudFormationsQuotas) {
  Service s;
  s.name = "big";
  for (int i = 0; i < 150; ++i) s.functions.push_back(MakeFunction(Name("F", i)));
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->resources().size(), 450u);
  EXPECT_TRUE(t->outputs().empty());
}

TEST(ServiceQuotas, OverTheQuotasFailsAtBuildWithTheNumbers) {
  Service s;
  s.name = "huge";
  for (int i = 0; i < 500; ++i) s.functions.push_back(MakeFunction(Name("F", i)));
  for (int i = 0; i < 201; ++i) {
    s.outputs.push_back(Output{Name("O", i), {.value = "v"}});
  }
  auto t = Synthesize(s);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, "TemplateQuota");
  EXPECT_EQ(t.error().message,
            "service huge: the template has 1500 resources; CloudFormation allows at most 500: "
            "split the service into several stacks (services), or declare fewer resources; "
            "the template has 201 outputs; CloudFormation allows at most 200: remove outputs "
            "nothing reads");
}

TEST(ServiceQuotas, ParametersOverTheQuota) {
  Service s = testing::OneFunctionService();
  for (int i = 0; i < 199; ++i) s.parameters.push_back(Parameter{Name("P", i), {}});
  auto t = Synthesize(s);  // 199 + the two artifact parameters = 201
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("the template has 201 parameters; CloudFormation allows at "
                                   "most 200"),
            std::string::npos)
      << t.error().message;
}

TEST(ServiceQuotas, TemplateOverOneMegabyteFailsAtBuild) {
  Service s = testing::OneFunctionService();
  for (int i = 0; i < 40; ++i) {
    s.resources.emplace_back(cfn::UntypedResource{
        Name("Big", i), "AWS::SSM::Parameter",
        json::object{{"Type", "String"}, {"Value", std::string(30'000, 'x')}}});
  }
  auto t = Synthesize(s);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("bytes; CloudFormation reads at most 1000000 bytes from S3"),
            std::string::npos)
      << t.error().message;
}

}  // namespace
}  // namespace sparta
