// PackageArtifact. See include/sparta/deploy/package.hpp.

#include "sparta/deploy/package.hpp"

#include <string>
#include <utility>

#include "sparta/util/digest.hpp"
#include "sparta/util/files.hpp"

namespace sparta::deploy {
namespace {

constexpr uint32_t kExecutableMode = 0755;
constexpr char kBootstrapName[] = "bootstrap";

Error WithContext(const std::filesystem::path& bootstrap, const Error& error) {
  return MakeError(error.code, "cannot package " + bootstrap.string() + ": " + error.message);
}

}  // namespace

Result<Artifact> PackageArtifact(const PackageRequest& request) {
  auto program = util::ReadFile(request.bootstrap);
  if (!program) return WithContext(request.bootstrap, program.error());
  auto info = InspectElfImage(*program, request.bootstrap);
  if (!info) return WithContext(request.bootstrap, info.error());
  std::string warning;
  if (auto checked = CheckSelfContained(*info, request.architecture); !checked) {
    if (!request.allow_host_dependent || checked.error().code != "NotSelfContained") {
      return WithContext(request.bootstrap, checked.error());
    }
    warning = checked.error().message;
  }

  std::vector<util::ZipEntry> entries;
  entries.reserve(request.extra_files.size() + 1);
  for (const util::ZipEntry& extra : request.extra_files) {
    if (extra.name == kBootstrapName) {
      return WithContext(request.bootstrap,
                         MakeError("InvalidArgument",
                                   "an extra file is named \"bootstrap\" and would replace the "
                                   "program; give it another name"));
    }
    entries.push_back(extra);
  }
  entries.push_back(util::ZipEntry{kBootstrapName, std::move(program).value(), kExecutableMode});

  auto zip = util::BuildZip(std::move(entries));
  if (!zip) return WithContext(request.bootstrap, zip.error());
  if (auto written = util::WriteFileAtomic(request.zip_path, *zip); !written) {
    return WithContext(request.bootstrap, written.error());
  }
  return Artifact{request.zip_path, util::Sha256Hex(*zip), zip->size(), std::move(warning)};
}

}  // namespace sparta::deploy
