#include <fmt/core.h>

#include "sparta/deploy/build_service.hpp"
#include "sparta/json/json.hpp"

#include "bootstrap_locator.hpp"
#include "output.hpp"
#include "verbs.hpp"

namespace sparta::cli {

int RunBuild(const Service& service, const BuildOptions& options) {
  auto bootstrap = LocateBootstrap(options.bootstrap);
  if (!bootstrap.ok()) {
    PrintError(bootstrap.error());
    return kExitUsage;
  }
  auto out =
      deploy::BuildService(service, *bootstrap, options.output_dir, AllowHostDependentBootstrap());
  if (!out.ok()) {
    PrintError(out.error());
    return out.error().code == "Io" ? kExitFailed : kExitUsage;
  }
  if (!out->artifact.warning.empty()) {
    PrintStatus("warning: " + out->artifact.warning +
                " (allowed by SPARTA_ALLOW_HOST_DEPENDENT_BOOTSTRAP=1; this artifact does not run "
                "on Lambda)");
  }
  for (const std::string& note : out->notes) PrintStatus("note: " + note);
  if (options.json_output) {
    json::value v = {{"template", out->template_path.string()},
                     {"artifact", out->artifact.zip_path.string()},
                     {"artifactSha256", out->artifact.sha256_hex},
                     {"artifactBytes", out->artifact.size_bytes}};
    fmt::print("{}", jsonutil::Pretty(v));
  } else {
    fmt::print("template  {}\nartifact  {} ({} bytes, sha256 {})\n", out->template_path.string(),
               out->artifact.zip_path.string(), out->artifact.size_bytes, out->artifact.sha256_hex);
  }
  return kExitOk;
}

}  // namespace sparta::cli
