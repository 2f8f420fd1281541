#pragma once
// The `build` step: a service's template and its Lambda artifact, on disk.

#include <filesystem>
#include <string>
#include <vector>

#include "sparta/deploy/package.hpp"
#include "sparta/service/service.hpp"
#include "sparta/util/result.hpp"

namespace sparta::deploy {

struct BuildOutput {
  std::filesystem::path template_path;  // <output_dir>/<Service>-cftemplate.json
  std::string template_json;
  Artifact artifact;  // <output_dir>/<Service>-code.zip
  /// What the user should know about this build, one sentence each (e.g. a
  /// function whose discovery document is served from the stack).
  std::vector<std::string> notes;
};

/// Runs the service's workflow hooks around the whole step (see
/// service/workflow_hooks.hpp; a failure runs its rollback hooks).
/// Validates and synthesizes `service`, checks and packages `bootstrap`, and
/// writes both files into `output_dir` (created if missing). All or nothing:
/// on any failure neither file is left behind (an older pair is kept intact),
/// and the Error says what to fix. `allow_host_dependent`: see PackageRequest.
Result<BuildOutput> BuildService(const Service& service, const std::filesystem::path& bootstrap,
                                 const std::filesystem::path& output_dir,
                                 bool allow_host_dependent = false);

/// The file names BuildService writes, for `service_name`.
std::string TemplateFileName(const std::string& service_name);
std::string ArtifactFileName(const std::string& service_name);

}  // namespace sparta::deploy
