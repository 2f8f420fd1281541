#pragma once
// The S3 half of Provision: the artifact bucket, and the code zip and
// template stored under content-addressed keys.

#include <string>
#include <vector>

#include "sparta/deploy/build_service.hpp"
#include "sparta/deploy/progress.hpp"
#include "sparta/util/result.hpp"

#include "deploy/progress_reporter.hpp"
#include "deploy/provision_clients.hpp"

namespace sparta::deploy::detail {

/// Makes sure `bucket` exists in the clients' region. A missing bucket is
/// created when `create_if_missing` (the default bucket), else an error
/// ("NoSuchBucket") that says how to fix it. With `noop` nothing is created:
/// the returned value says whether the bucket exists.
/// Errors: "BucketRegionMismatch", AWS's own (e.g. Forbidden) with context.
Result<bool> EnsureBucket(const DeployClients& clients, const std::string& bucket,
                          bool create_if_missing, bool noop, const Reporter& reporter);

struct ArtifactKeys {
  std::string code_key;      // sparta/<stack>/<zip sha256>.zip
  std::string template_key;  // sparta/<stack>/<template sha256>-cftemplate.json
};
ArtifactKeys KeysFor(const std::string& stack_name, const BuildOutput& build);

/// Uploads the zip and then the template, each only when no object with
/// the same SHA-256 (the x-amz-meta-sha256 Provision stores) is there yet.
/// With `noop` (or `bucket_exists == false`) nothing is sent: the reports
/// say what would be. Error "Io" when the zip cannot be read or is not the
/// one the build described; AWS's errors with context.
Result<std::vector<UploadReport>> UploadArtifacts(const DeployClients& clients,
                                                  const BuildOutput& build,
                                                  const std::string& bucket,
                                                  const ArtifactKeys& keys, bool noop,
                                                  bool bucket_exists, const Reporter& reporter);

}  // namespace sparta::deploy::detail
