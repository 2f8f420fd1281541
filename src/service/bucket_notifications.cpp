// The built-in custom resource that adds a function's entry to an existing
// bucket's notification configuration (ExistingBucket, event_sources.hpp).
// In a file of its own: only services that name an existing bucket call the
// constructor below, and so only they link S3's client into their bootstrap.

#include <boost/describe.hpp>
#include <string>
#include <vector>

#include "sparta/aws/function_session.hpp"
#include "sparta/aws/s3_client.hpp"
#include "sparta/aws/s3_notifications.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/runtime/or_throw.hpp"
#include "sparta/service/custom_resource.hpp"

namespace sparta {
namespace {

struct BucketNotifications {
  static constexpr std::string_view kType = kBucketNotificationsType;

  struct Properties {
    std::string BucketName;
    std::string FunctionArn;
    std::vector<std::string> Events;
    std::string Prefix;
    std::string Suffix;
  };
  struct Data {};

  CustomResult<Data> Create(const Properties& p, const CustomResourceCall& call) {
    const std::string id = EntryId(call.request, p.BucketName);
    Write(p.BucketName, id, Entry(p), call);
    return {.physical_id = id};
  }

  // The same bucket: the entry is rewritten under its Id. Another bucket:
  // a new entry there under a new Id, which makes CloudFormation delete the
  // old one (with the old properties, so from the old bucket).
  CustomResult<Data> Update(const Properties& now, const Properties& before,
                            const CustomResourceCall& call) {
    if (now.BucketName != before.BucketName) return Create(now, call);
    const std::string& id = call.request.physical_resource_id;
    Write(now.BucketName, id, Entry(now), call);
    return {.physical_id = id};
  }

  void Delete(const Properties& p, const CustomResourceCall& call) {
    auto s3 = S3();
    auto current = s3.GetBucketNotificationConfiguration(p.BucketName);
    if (!current && current.error().code == "NoSuchBucket") {
      // Nothing left to remove the entry from.
      call.context.log().Info("bucket " + p.BucketName + " no longer exists; nothing to remove");
      return;
    }
    const std::string& id = call.request.physical_resource_id;
    if (id.empty() || id.size() > 255) return;  // a Create that failed before naming an entry
    const std::string next =
        OrThrow(aws::s3::WithFunctionNotification(OrThrow(std::move(current)), id, std::nullopt));
    OrThrow(s3.PutBucketNotificationConfiguration(p.BucketName, next));
  }

 private:
  static aws::S3Client S3() { return OrThrow(OrThrow(aws::FunctionSession::Shared()).S3()); }

  static aws::s3::FunctionNotification Entry(const Properties& p) {
    return {
        .function_arn = p.FunctionArn, .events = p.Events, .prefix = p.Prefix, .suffix = p.Suffix};
  }

  static void Write(const std::string& bucket, const std::string& id,
                    const aws::s3::FunctionNotification& entry, const CustomResourceCall& call) {
    auto s3 = S3();
    const std::string current = OrThrow(s3.GetBucketNotificationConfiguration(bucket));
    const std::string next = OrThrow(aws::s3::WithFunctionNotification(current, id, entry));
    OrThrow(s3.PutBucketNotificationConfiguration(bucket, next));
    call.context.log().Info("bucket " + bucket + ": notification entry " + id + " written");
  }

  // "<stack name>-<logical ID>-<hash of the stack's ID and the bucket>":
  // readable in the bucket's configuration, unique per stack and bucket,
  // and at most the 255 characters S3 allows.
  static std::string EntryId(const custom_resource::Request& request, const std::string& bucket) {
    std::string_view stack = request.stack_id;  // arn:...:stack/<name>/<guid>
    if (const std::size_t at = stack.find(":stack/"); at != std::string_view::npos) {
      stack.remove_prefix(at + 7);
      stack = stack.substr(0, stack.find('/'));
    }
    std::string id(stack.substr(0, 100));
    id += '-';
    id.append(std::string_view(request.logical_resource_id).substr(0, 140));
    id += '-';
    id += cfn::StableHash8(request.stack_id + "\n" + bucket);
    return id;
  }
};

BOOST_DESCRIBE_STRUCT(BucketNotifications::Properties, (),
                      (BucketName, FunctionArn, Events, Prefix, Suffix))
BOOST_DESCRIBE_STRUCT(BucketNotifications::Data, (), ())

}  // namespace

ExistingBucket::ExistingBucket(json::value name)
    : name_(std::move(name)), provider_(ProviderFor<BucketNotifications>().handler) {}

}  // namespace sparta
