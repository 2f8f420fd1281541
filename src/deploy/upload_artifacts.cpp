#include "deploy/upload_artifacts.hpp"

#include "sparta/deploy/provision.hpp"
#include "sparta/util/digest.hpp"
#include "sparta/util/files.hpp"

namespace sparta::deploy::detail {
namespace {

// The metadata entry (x-amz-meta-sha256) that makes an object's content
// checkable with a HEAD, whatever its ETag (multipart ETags are no digest).
constexpr std::string_view kShaMetadata = "sha256";

bool HasSha256(const aws::s3::ObjectInfo& info, const std::string& sha256_hex) {
  if (!info.exists) return false;
  for (const auto& [name, value] : info.metadata) {
    if (name == kShaMetadata) return value == sha256_hex;
  }
  return false;
}

struct Upload {
  std::string key;
  std::string sha256_hex;
  std::string content_type;
  const std::string* body = nullptr;  // null until loaded (the zip is read only when needed)
  uint64_t size = 0;
};

}  // namespace

Result<bool> EnsureBucket(const DeployClients& clients, const std::string& bucket,
                          bool create_if_missing, bool noop, const Reporter& reporter) {
  reporter.StepStarted(kStepBucket, "checking artifact bucket " + bucket);
  auto info = clients.s3.HeadBucket(bucket);
  if (!info) {
    return WithContext(info.error(), "cannot use artifact bucket " + bucket +
                                         " (choose another with --s3-bucket, or check your "
                                         "credentials' s3 permissions)");
  }
  if (info->exists) {
    if (!info->region.empty() && info->region != clients.region) {
      return MakeError("BucketRegionMismatch",
                       "artifact bucket " + bucket + " is in " + info->region +
                           " but the stack is deployed in " + clients.region +
                           "; Lambda reads code only from a bucket in its own region: choose a "
                           "bucket in " +
                           clients.region +
                           " with --s3-bucket, or leave it out to use Sparta's default bucket");
    }
    reporter.StepFinished(kStepBucket, "artifact bucket " + bucket + " exists");
    return true;
  }
  if (!create_if_missing) {
    return MakeError("NoSuchBucket", "artifact bucket " + bucket + " does not exist in " +
                                         clients.region +
                                         ": create it, or leave --s3-bucket out to use Sparta's "
                                         "default bucket, which is created for you");
  }
  if (noop) {
    reporter.StepFinished(kStepBucket, "artifact bucket " + bucket + " would be created");
    return false;
  }
  if (auto created = clients.s3.CreateBucket(bucket); !created) {
    // Another provision may have created it in between: that is fine.
    if (created.error().code != "BucketAlreadyOwnedByYou") {
      return WithContext(created.error(), "cannot create artifact bucket " + bucket);
    }
  }
  reporter.StepFinished(kStepBucket, "created artifact bucket " + bucket);
  return true;
}

ArtifactKeys KeysFor(const std::string& stack_name, const BuildOutput& build) {
  const std::string prefix = ArtifactPrefix(stack_name);
  return ArtifactKeys{prefix + build.artifact.sha256_hex + ".zip",
                      prefix + util::Sha256Hex(build.template_json) + "-cftemplate.json"};
}

Result<std::vector<UploadReport>> UploadArtifacts(const DeployClients& clients,
                                                  const BuildOutput& build,
                                                  const std::string& bucket,
                                                  const ArtifactKeys& keys, bool noop,
                                                  bool bucket_exists, const Reporter& reporter) {
  const std::string folder = keys.code_key.substr(0, keys.code_key.rfind('/') + 1);
  reporter.StepStarted(kStepUpload,
                       (noop ? "checking artifacts in s3://" : "uploading artifacts to s3://") +
                           bucket + "/" + folder);
  std::string zip_bytes;
  Upload uploads[2] = {
      {keys.code_key, build.artifact.sha256_hex, "application/zip", nullptr,
       build.artifact.size_bytes},
      {keys.template_key, util::Sha256Hex(build.template_json), "application/json",
       &build.template_json, build.template_json.size()},
  };
  std::vector<UploadReport> reports;
  uint64_t sent = 0;
  for (Upload& upload : uploads) {
    UploadReport report{bucket, upload.key, 0, upload.size, false, false};
    if (bucket_exists) {
      auto head = clients.s3.HeadObject(bucket, upload.key);
      if (!head) return WithContext(head.error(), "cannot check s3://" + bucket + "/" + upload.key);
      report.skipped = HasSha256(*head, upload.sha256_hex);
    }
    if (!report.skipped && noop) report.planned = true;
    if (!report.skipped && !noop) {
      if (upload.body == nullptr) {
        auto read = util::ReadFile(build.artifact.zip_path);
        if (!read) return read.error();
        zip_bytes = std::move(*read);
        if (util::Sha256Hex(zip_bytes) != upload.sha256_hex) {
          return MakeError("Io", "the artifact " + build.artifact.zip_path.string() +
                                     " changed since it was built (its SHA-256 differs): run "
                                     "`build` again, then provision");
        }
        upload.body = &zip_bytes;
        report.size = zip_bytes.size();
      }
      aws::PutObjectOptions options;
      options.content_type = upload.content_type;
      options.metadata = {{std::string(kShaMetadata), upload.sha256_hex}};
      auto put = clients.s3.PutObject(bucket, upload.key, *upload.body, options);
      if (!put) return WithContext(put.error(), "cannot upload s3://" + bucket + "/" + upload.key);
      report.bytes = upload.body->size();
      sent += report.bytes;
    }
    reporter.Upload(report);
    reports.push_back(std::move(report));
  }
  reporter.StepFinished(kStepUpload,
                        noop ? "nothing uploaded (noop)" : HumanBytes(sent) + " uploaded");
  return reports;
}

}  // namespace sparta::deploy::detail
