// A service with a representative generated type from 30 AWS services, each
// declared as a user would, synthesized and checked by the official
// cfn-lint (skipped, never passed, without it).

#include <gtest/gtest.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <set>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/pseudo_parameters.hpp"
#include "sparta/resources/apigateway.hpp"
#include "sparta/resources/appsync.hpp"
#include "sparta/resources/athena.hpp"
#include "sparta/resources/backup.hpp"
#include "sparta/resources/batch.hpp"
#include "sparta/resources/cloudwatch.hpp"
#include "sparta/resources/codebuild.hpp"
#include "sparta/resources/cognito.hpp"
#include "sparta/resources/dynamodb.hpp"
#include "sparta/resources/ecr.hpp"
#include "sparta/resources/ecs.hpp"
#include "sparta/resources/efs.hpp"
#include "sparta/resources/elasticache.hpp"
#include "sparta/resources/events.hpp"
#include "sparta/resources/glue.hpp"
#include "sparta/resources/iam.hpp"
#include "sparta/resources/kinesis.hpp"
#include "sparta/resources/kms.hpp"
#include "sparta/resources/logs.hpp"
#include "sparta/resources/route53.hpp"
#include "sparta/resources/s3.hpp"
#include "sparta/resources/scheduler.hpp"
#include "sparta/resources/secretsmanager.hpp"
#include "sparta/resources/servicediscovery.hpp"
#include "sparta/resources/ses.hpp"
#include "sparta/resources/sns.hpp"
#include "sparta/resources/sqs.hpp"
#include "sparta/resources/ssm.hpp"
#include "sparta/resources/stepfunctions.hpp"
#include "sparta/resources/xray.hpp"
#include "sparta/service/synthesize.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

namespace r = sparta::resources;

Service ThirtyServices() {
  r::kms::Key key{"Key", {.EnableKeyRotation = true}};
  r::sqs::Queue queue{"Queue", {.KmsMasterKeyId = key.Ref(), .VisibilityTimeout = 60}};
  r::sns::Topic topic{"Topic", {.TopicName = cfn::Sub("${AWS::StackName}-topic")}};
  r::kinesis::Stream stream{"Stream", {.RetentionPeriodHours = 24, .ShardCount = 1}};
  r::dynamodb::Table table{
      "Table",
      {.AttributeDefinitions = {{.AttributeName = "id", .AttributeType = "S"}},
       .BillingMode = "PAY_PER_REQUEST",
       .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}},
       .StreamSpecification = {{.StreamViewType = "NEW_AND_OLD_IMAGES"}}}};
  r::s3::Bucket bucket{"Bucket",
                       {.VersioningConfiguration = {{.Status = "Enabled"}}},
                       {.deletion_policy = cfn::DeletionPolicy::kRetain,
                        .update_replace_policy = cfn::UpdateReplacePolicy::kRetain}};
  r::logs::LogGroup logs{"Logs", {.RetentionInDays = 7}};
  r::secretsmanager::Secret secret{"Secret", {.Description = "a secret"}};
  r::efs::FileSystem files{"Files", {.Encrypted = true}};
  r::stepfunctions::Activity activity{"Activity", {.Name = cfn::Sub("${AWS::StackName}-act")}};
  r::scheduler::ScheduleGroup schedules{"Schedules", {}};
  r::servicediscovery::HttpNamespace ns{"Namespace", {.Name = "sparta-test"}};
  r::athena::WorkGroup workgroup{"WorkGroup", {.Name = cfn::Sub("${AWS::StackName}-wg")}};
  r::ecr::Repository repository{"Repository", {.ImageTagMutability = "IMMUTABLE"}};
  r::route53::HostedZone zone{"Zone", {.Name = "example.com"}};
  r::cloudwatch::Alarm alarm{"Alarm",
                             {.ComparisonOperator = "GreaterThanThreshold",
                              .Dimensions = {{.Name = "QueueName", .Value = queue.QueueName()}},
                              .EvaluationPeriods = 1,
                              .MetricName = "ApproximateNumberOfMessagesVisible",
                              .Namespace = "AWS/SQS",
                              .Period = 60,
                              .Statistic = "Maximum",
                              .Threshold = 100}};
  r::iam::ManagedPolicy policy{
      "Policy",
      {.PolicyDocument = json::object{
           {"Version", "2012-10-17"},
           {"Statement", json::array{json::object{{"Effect", "Allow"},
                                                  {"Action", json::array{"sqs:SendMessage"}},
                                                  {"Resource", queue.Arn()}}}}}}};
  r::backup::BackupVault vault{"Vault", {.BackupVaultName = cfn::Sub("${AWS::StackName}-vault")}};
  r::ssm::Parameter parameter{"Parameter", {.Type = "String", .Value = table.Ref()}};
  r::events::EventBus bus{"Bus", {.Name = cfn::Sub("${AWS::StackName}-bus")}};
  r::elasticache::ParameterGroup cache{
      "Cache", {.CacheParameterGroupFamily = "redis7", .Description = "cache settings"}};
  r::ses::ConfigurationSet mail{"Mail", {}};
  r::appsync::GraphQLApi graphql{"GraphQL", {.AuthenticationType = "API_KEY", .Name = "api"}};
  r::cognito::UserPool users{"Users", {.UserPoolName = cfn::Sub("${AWS::StackName}-users")}};
  r::batch::SchedulingPolicy batch{"Batch", {}};
  r::apigateway::RestApi api{"Api", {.Name = cfn::Sub("${AWS::StackName}-api")}};
  r::ecs::Cluster cluster{"Cluster", {.ClusterName = cfn::Sub("${AWS::StackName}-cluster")}};
  r::glue::Database database{"Database",
                             {.CatalogId = cfn::AccountId(), .DatabaseInput = {{.Name = "db"}}}};
  r::codebuild::ReportGroup reports{
      "Reports", {.ExportConfig = {{.ExportConfigType = "NO_EXPORT"}}, .Type = "TEST"}};
  r::xray::Group traces{"Traces", {.FilterExpression = "service(\"x\")", .GroupName = "traces"}};

  Service s = testing::OneFunctionService();
  s.resources = {key,      queue,    topic,     stream, table,  bucket,     logs,   secret,
                 files,    activity, schedules, ns,     workgroup, repository, zone, alarm,
                 policy,   vault,    parameter, bus,    cache,  mail,       graphql, users,
                 batch,    api,      cluster,   database, reports, traces};
  s.outputs = {Output{"StreamArn", {.value = table.StreamArn()}},
               Output{"BucketDomain", {.value = bucket.RegionalDomainName()}}};
  return s;
}

TEST(TypedServices, ThirtyAwsServicesSynthesize) {
  Service s = ThirtyServices();
  std::set<std::string> namespaces;
  for (const auto& r : s.resources) {
    const std::string& type = r.declaration().resource.type;
    namespaces.insert(type.substr(0, type.rfind("::")));
  }
  EXPECT_GE(namespaces.size(), 30u);
  auto t = Synthesize(s);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->resources().size(), 30u + 3u);
}

TEST(TypedServices, ThirtyAwsServicesPassCfnLint) {
  if (std::system("command -v cfn-lint >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "cfn-lint not installed";
  }
  auto t = Synthesize(ThirtyServices());
  ASSERT_TRUE(t.ok()) << t.error().message;
  const auto file = std::filesystem::temp_directory_path() /
                    ("sparta-typed-" + std::to_string(getpid()) + ".json");
  { std::ofstream(file, std::ios::binary) << t->Serialize(); }
  const std::string command = "cfn-lint --format parseable -- '" + file.string() + "' 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) output.append(buffer.data(), n);
  const int status = pclose(pipe);
  std::filesystem::remove(file);
  ASSERT_TRUE(WIFEXITED(status)) << output;
  // Exit code bits: 2 errors, 4 warnings, 8 informational.
  EXPECT_EQ(WEXITSTATUS(status) & 2, 0) << "cfn-lint errors:\n" << output << t->Serialize();
  EXPECT_EQ(WEXITSTATUS(status) & 4, 0) << "cfn-lint warnings:\n" << output;
}

}  // namespace
}  // namespace sparta
