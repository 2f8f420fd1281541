// Integration: sparta's own deploy (Provision, DeleteStack) runs unchanged
// against the local cloud's S3, STS and CloudFormation, in process: each
// client's transport hands its requests to the matching service handler.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "deploy/provision_clients.hpp"
#include "deploy/provision_fixture.hpp"
#include "deploy/provision_internal.hpp"
#include "local_cloud/cloudformation/cfn_test_support.hpp"
#include "sparta/local_cloud/cloudformation_service.hpp"

namespace sparta::local_cloud {
namespace {

using testing::TempDir;

/// Hands every request to `handler` as the server would, signed by `service`.
class ServiceTransport : public aws::HttpTransport {
 public:
  ServiceTransport(std::string service, ServiceHandler handler)
      : service_(std::move(service)), handler_(std::move(handler)) {}
  Result<aws::HttpResponse> Send(const aws::HttpRequest& request,
                                 std::chrono::milliseconds) override {
    CloudRequest cloud;
    cloud.method = request.method;
    cloud.path = request.path;
    cloud.query = request.query;
    cloud.headers = request.headers;
    if (aws::FindHeader(cloud.headers, "host") == nullptr) {
      cloud.headers.emplace_back("Host", request.HostHeader());
    }
    cloud.body = request.body;
    cloud.service = service_;
    cloud.region = "us-east-1";
    cloud.access_key_id = "test";
    cloud.request_id = "req-" + std::to_string(++count_);
    CloudResponse response = handler_(cloud);
    return aws::HttpResponse{response.status, response.headers, response.body};
  }

 private:
  std::string service_;
  ServiceHandler handler_;
  std::atomic<int> count_{0};
};

class DeployTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = StateStore::Open(dir_.path() / "data");
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    CloudContext context;
    context.account_id = "123456789012";
    context.endpoint = "http://127.0.0.1:4566";
    auto s3 = S3Service::Open(*store_, context);
    ASSERT_TRUE(s3) << s3.error().message;
    s3_ = std::move(s3).value();
    auto iam = IamService::Open(*store_, context);
    ASSERT_TRUE(iam) << iam.error().message;
    iam_ = std::move(iam).value();
    auto lambda = LambdaService::Open(*store_, context, iam_.get());
    ASSERT_TRUE(lambda) << lambda.error().message;
    lambda_ = std::move(lambda).value();
    auto cfn = CloudFormationService::Open(*store_, context,
                                           {s3_.get(), lambda_.get(), iam_.get()});
    ASSERT_TRUE(cfn) << cfn.error().message;
    cfn_ = std::move(*cfn);
  }
  void TearDown() override {
    if (cfn_) cfn_->Shutdown();
    if (lambda_) lambda_->StopAll();
  }

  deploy::detail::DeployClients Clients() {
    auto make = [](const std::string& service, ServiceHandler handler) {
      aws::AwsClientOptions options;
      options.endpoint.scheme = "http";
      options.endpoint.host = "127.0.0.1";
      options.endpoint.port = 4566;
      options.endpoint.signing_region = "us-east-1";
      options.endpoint.signing_name = service;
      options.endpoint.s3_path_style = true;
      options.credentials = std::make_shared<testing::TestCredentials>();
      options.transport = std::make_shared<ServiceTransport>(service, std::move(handler));
      options.retry.max_attempts = 1;
      return std::make_shared<const aws::AwsClient>(std::move(options));
    };
    auto s3 = make("s3", [this](const CloudRequest& r) { return s3_->HandleRest(r); });
    auto cfn = make("cloudformation", [this](const CloudRequest& r) { return cfn_->HandleQuery(r); });
    auto sts = make("sts", [this](const CloudRequest& r) { return iam_->HandleStsQuery(r); });
    deploy::detail::DeployClients clients{aws::S3Client(s3), aws::CloudFormationClient(cfn),
                                          aws::StsClient(sts), s3->endpoint(), "us-east-1",
                                          nullptr, nullptr};
    return clients;
  }

  TempDir dir_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<S3Service> s3_;
  std::unique_ptr<IamService> iam_;
  std::unique_ptr<LambdaService> lambda_;
  std::unique_ptr<CloudFormationService> cfn_;
};

TEST_F(DeployTest, ProvisionCreatesUpdatesFindsNoChangesAndDeletes) {
  const auto clients = Clients();
  deploy::ProvisionRequest request;
  request.stack_name = "demo";
  request.poll_interval = std::chrono::milliseconds(20);
  request.wait_timeout = std::chrono::seconds(20);

  auto build = deploy::testing::MakeBuild(dir_.path() / "v1",
                                          deploy::testing::HelloService("demo", 128), "program");
  ASSERT_TRUE(build) << build.error().message;
  deploy::testing::RecordingSink sink;
  auto created = deploy::detail::ProvisionWith(clients, *build, request, sink);
  ASSERT_TRUE(created) << created.error().message << "\n" << sink.Transcript();
  EXPECT_EQ(created->outcome, deploy::ProvisionOutcome::kCreated) << sink.Transcript();
  EXPECT_EQ(created->stack_status, "CREATE_COMPLETE");
  EXPECT_EQ(lambda_->ListFunctions().size(), 1u);

  deploy::testing::RecordingSink same_sink;
  auto same = deploy::detail::ProvisionWith(clients, *build, request, same_sink);
  ASSERT_TRUE(same) << same.error().message << "\n" << same_sink.Transcript();
  EXPECT_EQ(same->outcome, deploy::ProvisionOutcome::kNoChanges) << same_sink.Transcript();

  auto bigger = deploy::testing::MakeBuild(dir_.path() / "v2",
                                           deploy::testing::HelloService("demo", 512), "program2");
  ASSERT_TRUE(bigger) << bigger.error().message;
  deploy::testing::RecordingSink update_sink;
  auto updated = deploy::detail::ProvisionWith(clients, *bigger, request, update_sink);
  ASSERT_TRUE(updated) << updated.error().message << "\n" << update_sink.Transcript();
  EXPECT_EQ(updated->outcome, deploy::ProvisionOutcome::kUpdated) << update_sink.Transcript();
  EXPECT_EQ(updated->stack_status, "UPDATE_COMPLETE");
  const auto functions = lambda_->ListFunctions();
  ASSERT_EQ(functions.size(), 1u);
  EXPECT_EQ(functions[0].spec.memory_mb, 512);

  deploy::testing::RecordingSink delete_sink;
  deploy::DeleteOptions options;
  options.poll_interval = std::chrono::milliseconds(20);
  options.wait_timeout = std::chrono::seconds(20);
  auto deleted = deploy::detail::DeleteStackWith(clients, "demo", options, delete_sink);
  ASSERT_TRUE(deleted) << deleted.error().message << "\n" << delete_sink.Transcript();
  EXPECT_TRUE(lambda_->ListFunctions().empty());
}

}  // namespace
}  // namespace sparta::local_cloud
