#include "sparta/local_cloud/cloudformation_service.hpp"

#include <utility>

#include "local_cloud/cloudformation/service_resources.hpp"
#include "local_cloud/cloudformation/stack_engine.hpp"

namespace sparta::local_cloud {

struct CloudFormationService::State {
  State(ResourceServices services, CloudContext context)
      : responses({context.endpoint, services.access_key_id, services.secret_access_key}),
        provider(services, responses) {}
  cfn::CustomResourceResponses responses;
  cfn::ServiceResourceProvider provider;
  std::unique_ptr<cfn::StackEngine> engine;  // declared last: stopped first
};

CloudFormationService::CloudFormationService(std::unique_ptr<State> state)
    : state_(std::move(state)) {}

CloudFormationService::~CloudFormationService() { Shutdown(); }

Result<std::unique_ptr<CloudFormationService>> CloudFormationService::Open(
    StateStore& store, CloudContext context, ResourceServices services) {
  auto state = std::make_unique<State>(services, context);
  cfn::EngineOptions options;
  options.context = std::move(context);
  options.provider = &state->provider;
  cfn::ServiceResourceProvider* provider = &state->provider;
  options.on_shutdown = [provider, lambda = services.lambda] {
    // Custom resources stop waiting, and the invokes they are in end.
    provider->Stop();
    if (lambda != nullptr) lambda->StopAll();
  };
  if (services.s3 != nullptr) {
    S3Service* s3 = services.s3;
    options.read_object = [s3](std::string_view bucket, std::string_view key) {
      return s3->GetObject(bucket, key);
    };
  }
  auto engine = cfn::StackEngine::Open(store, std::move(options));
  if (!engine) return engine.error();
  state->engine = std::move(*engine);
  return std::unique_ptr<CloudFormationService>(new CloudFormationService(std::move(state)));
}

CloudResponse CloudFormationService::HandleQuery(const CloudRequest& request) {
  return state_->engine->HandleQuery(request);
}

bool CloudFormationService::IsCustomResourceResponse(const CloudRequest& request) {
  if (request.service != "s3") return false;
  std::string_view path = request.path;
  if (path.starts_with('/')) path.remove_prefix(1);
  return path.starts_with(cfn::kResponseBucketPrefix);
}

CloudResponse CloudFormationService::HandleCustomResourceResponse(const CloudRequest& request) {
  return state_->responses.Handle(request);
}

void CloudFormationService::Shutdown() {
  if (state_ && state_->engine) state_->engine->Shutdown();
}

}  // namespace sparta::local_cloud
