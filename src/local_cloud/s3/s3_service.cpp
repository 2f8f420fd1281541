#include "sparta/local_cloud/s3_service.hpp"

#include "local_cloud/s3/object_store.hpp"
#include "local_cloud/s3/rest_handlers.hpp"

namespace sparta::local_cloud {

struct S3Service::State {
  s3::ServiceCore core;
};

S3Service::S3Service(std::unique_ptr<State> state) : state_(std::move(state)) {}
S3Service::~S3Service() = default;

Result<std::unique_ptr<S3Service>> S3Service::Open(StateStore& store, CloudContext context) {
  auto opened = s3::Store::Open(store);
  if (!opened) return opened.error();
  auto state = std::make_unique<State>();
  state->core.context = std::move(context);
  state->core.store = std::move(*opened);
  return std::unique_ptr<S3Service>(new S3Service(std::move(state)));
}

Status S3Service::CreateBucket(std::string_view bucket, std::string_view region) {
  return state_->core.store->CreateBucket(
      bucket, region.empty() ? std::string_view(state_->core.context.region) : region);
}

Status S3Service::DeleteBucket(std::string_view bucket) {
  return state_->core.store->DeleteBucket(bucket);
}

bool S3Service::BucketExists(std::string_view bucket) const {
  return state_->core.store->FindBucket(bucket).has_value();
}

Result<S3ObjectInfo> S3Service::PutObject(std::string_view bucket, std::string_view key,
                                          std::string_view body, std::string_view content_type) {
  if (key.empty() || key.size() > 1024) {
    return MakeError("KeyTooLongError", "Object keys must be 1 to 1024 bytes long.");
  }
  s3::ObjectAttributes attributes;
  attributes.content_type = std::string(content_type);
  auto stored = state_->core.store->PutObject(
      bucket, s3::MakeObjectRecord(std::string(key), body, std::move(attributes)), body);
  if (!stored) return stored.error();
  return s3::ToObjectInfo(bucket, *stored);
}

Result<std::string> S3Service::GetObject(std::string_view bucket, std::string_view key) const {
  auto got = state_->core.store->GetObject(bucket, key);
  if (!got) return got.error();
  return std::move(got->second);
}

Result<S3ObjectInfo> S3Service::HeadObject(std::string_view bucket, std::string_view key) const {
  auto head = state_->core.store->HeadObject(bucket, key);
  if (!head) return head.error();
  return s3::ToObjectInfo(bucket, *head);
}

Status S3Service::DeleteObject(std::string_view bucket, std::string_view key) {
  auto deleted = state_->core.store->DeleteObject(bucket, key);
  if (!deleted) return deleted.error();
  return {};
}

std::vector<S3BucketInfo> S3Service::ListBuckets() const {
  return state_->core.store->ListBuckets();
}

Result<std::vector<S3ObjectInfo>> S3Service::ListObjects(std::string_view bucket,
                                                         std::string_view prefix) const {
  std::vector<S3ObjectInfo> out;
  s3::ListParams params;
  params.prefix = std::string(prefix);
  while (true) {
    auto page = state_->core.store->ListObjects(bucket, params);
    if (!page) return page.error();
    for (const s3::ObjectRecord& object : page->objects) {
      out.push_back(s3::ToObjectInfo(bucket, object));
    }
    if (!page->truncated) return out;
    params.start_after = page->next_marker;
  }
}

CloudResponse S3Service::HandleRest(const CloudRequest& request) {
  const std::string* host = request.Header("host");
  s3::RestCall call{request,
                    state_->core,
                    s3::ResolveTarget(host ? *host : "", request.path),
                    ParseForm(request.query),
                    request.body,
                    {},
                    {}};
  return s3::HandleRestCall(call);
}

}  // namespace sparta::local_cloud
