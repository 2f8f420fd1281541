// PublishToCloudMap: the instances it registers, their attributes, and the
// mistakes it refuses; CloudMapLookup's privilege.

#include "sparta/service/cloud_map.hpp"

#include <gtest/gtest.h>

#include "sparta/resources/servicediscovery.hpp"
#include "sparta/resources/sqs.hpp"
#include "sparta/service/synthesize.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

namespace sd = resources::servicediscovery;
using testing::MakeFunction;

struct Shop {
  sd::HttpNamespace shared{"Shared", {.Name = "shop"}};
  sd::Service directory{"Directory", {.Name = "orders", .NamespaceId = shared.Ref()}};
  resources::sqs::Queue jobs{"Jobs"};
  Function worker = MakeFunction("Worker");

  Service With(std::vector<CloudMapInstance> instances) const {
    Service s;
    s.name = "shop";
    s.functions = {worker};
    s.resources = {shared, directory, jobs};
    s.decorators = {PublishToCloudMap(directory.Ref(), std::move(instances))};
    return s;
  }
};

TEST(CloudMap, FunctionsAndResourcesAreRegisteredWithTheirRefTypeAndArn) {
  Shop shop;
  auto t = Synthesize(shop.With({{.instance_id = "worker", .target = shop.worker},
                                 {.instance_id = "jobs-queue",
                                  .target = shop.jobs,
                                  .attributes = {{"Purpose", "work to do"},
                                                 {"Url", shop.jobs.Ref()}}}}));
  ASSERT_TRUE(t.ok()) << t.error().message;
  const json::object r = t->ToJson().at("Resources").as_object();
  const std::string worker_id = cfn::LogicalId("worker-", "CloudMapInstance");
  const std::string jobs_id = cfn::LogicalId("jobs-queue-", "CloudMapInstance");
  EXPECT_EQ(r.at(worker_id), json::parse(R"({"Type": "AWS::ServiceDiscovery::Instance",
      "Properties": {"ServiceId": {"Ref": "Directory"}, "InstanceId": "worker",
        "InstanceAttributes": {"Ref": {"Ref": "WorkerFunction"},
                               "Type": "AWS::Lambda::Function",
                               "Arn": {"Fn::GetAtt": ["WorkerFunction", "Arn"]}}}})"));
  EXPECT_EQ(r.at(jobs_id).at("Properties").at("InstanceAttributes"),
            json::parse(R"({"Ref": {"Ref": "Jobs"}, "Type": "AWS::SQS::Queue",
                            "Arn": {"Fn::GetAtt": ["Jobs", "Arn"]},
                            "Purpose": "work to do", "Url": {"Ref": "Jobs"}})"));
}

TEST(CloudMap, MistakesAreRefused) {
  Shop shop;
  const std::pair<CloudMapInstance, std::string> cases[] = {
      {{.instance_id = "no spaces", .target = shop.worker},
       "Cloud Map instance \"no spaces\": the ID must be 1 to 64 letters, digits"},
      {{.instance_id = "ghost", .target = cfn::Handle("Ghost")},
       "Cloud Map instance \"ghost\": \"Ghost\" is not a function or resource of this service"},
      {{.instance_id = "w", .target = shop.worker, .attributes = {{"AWS_INSTANCE_IPV4", "1.2.3.4"}}},
       "attribute \"AWS_INSTANCE_IPV4\" is not allowed"},
  };
  for (const auto& [instance, message] : cases) {
    auto t = Synthesize(shop.With({instance}));
    ASSERT_FALSE(t.ok()) << message;
    EXPECT_NE(t.error().message.find(message), std::string::npos) << t.error().message;
    EXPECT_NE(t.error().message.find("service decorator \"cloud-map\" failed"), std::string::npos);
  }
}

TEST(CloudMap, LookupIsDiscoverInstancesOnThatNamespaceOnly) {
  Shop shop;
  IamPrivilege p = CloudMapLookup(shop.shared.Arn());
  EXPECT_EQ(p.actions, std::vector<std::string>{"servicediscovery:DiscoverInstances"});
  ASSERT_EQ(p.resources.size(), 1u);
  EXPECT_EQ(p.resources[0], json::parse(R"({"Fn::GetAtt": ["Shared", "Arn"]})"));
}

}  // namespace
}  // namespace sparta
