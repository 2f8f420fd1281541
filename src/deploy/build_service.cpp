#include "sparta/deploy/build_service.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sparta/service/synthesize.hpp"
#include "sparta/service/validate.hpp"
#include "sparta/util/files.hpp"

namespace sparta::deploy {
namespace fs = std::filesystem;

std::string TemplateFileName(const std::string& service_name) {
  return service_name + "-cftemplate.json";
}
std::string ArtifactFileName(const std::string& service_name) { return service_name + "-code.zip"; }

namespace {

// One bootstrap serves every function of the service, so they must agree on
// the instruction set.
Result<Architecture> ServiceArchitecture(const Service& service) {
  const std::vector<Function> functions = AllFunctions(service);
  Architecture arch =
      functions.empty() ? Architecture::kX86_64 : functions.front().options.architecture;
  for (const Function& f : functions) {
    if (f.options.architecture != arch) {
      return MakeError("InvalidService",
                       "function \"" + f.name + "\" declares a different architecture than \"" +
                           functions.front().name +
                           "\"; all functions of a service share one bootstrap binary, so "
                           "declare the same architecture for each");
    }
  }
  return arch;
}

Status EnsureWritableDirectory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    return MakeError("Io", "cannot create output directory " + dir.string() + ": " +
                               (ec ? ec.message() : "a file of that name exists") +
                               " (choose another with --output-dir)");
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    return MakeError("Io", "output directory " + dir.string() + " is not writable: " +
                               std::strerror(errno) + " (choose another with --output-dir)");
  }
  return {};
}

Result<BuildOutput> Build(const Service& service, const BuildContext& context,
                          const fs::path& bootstrap, bool allow_host_dependent) {
  const fs::path& output_dir = context.output_dir;
  const WorkflowHooks& hooks = service.hooks;
  auto failed_hook = [](std::string_view kind, const std::string& name, const Error& e) {
    std::string message(kind);
    message += " hook \"";
    message += name;
    message += "\" failed: ";
    message += e.message;
    return MakeError(e.code, message);
  };
  if (auto s = Validate(service); !s) return s.error();  // the hooks too, before any runs
  for (const auto& hook : hooks.pre_build) {
    if (auto s = hook.run(context); !s) return failed_hook("pre-build", hook.name, s.error());
  }
  auto arch = ServiceArchitecture(service);
  if (!arch.ok()) return arch.error();
  auto tmpl = Synthesize(service);
  if (!tmpl.ok()) return tmpl.error();
  if (!hooks.pre_marshal.empty()) {
    for (const auto& hook : hooks.pre_marshal) {
      if (auto s = hook.run(context, *tmpl); !s) {
        return failed_hook("pre-marshal", hook.name, s.error());
      }
    }
    // What the hooks changed must still be a template CloudFormation takes.
    if (auto s = tmpl->Validate(); !s) return s.error();
    if (auto s = tmpl->CheckQuotas(); !s) return s.error();
  }
  for (const auto& hook : hooks.validate) {
    if (auto s = hook.run(context, *tmpl); !s) {
      std::string message = "validation hook \"" + hook.name + "\" refused the template: ";
      message += s.error().message;
      return MakeError(s.error().code, message);
    }
  }
  std::string template_json = tmpl->Serialize();
  std::vector<util::ZipEntry> extra_files;
  for (const auto& hook : hooks.archive) {
    if (auto s = hook.run(context, extra_files); !s) {
      return failed_hook("archive", hook.name, s.error());
    }
  }

  if (auto st = EnsureWritableDirectory(output_dir); !st.ok()) return st.error();

  // Stage both files under temporary names, then rename them into place, so a
  // failure at any step leaves the directory as it was.
  const fs::path zip_path = output_dir / ArtifactFileName(service.name);
  const fs::path template_path = output_dir / TemplateFileName(service.name);
  fs::path staged_zip = zip_path;
  staged_zip += ".partial";
  const CpuArchitecture cpu =
      *arch == Architecture::kArm64 ? CpuArchitecture::kArm64 : CpuArchitecture::kX86_64;
  auto artifact = PackageArtifact(
      PackageRequest{bootstrap, staged_zip, cpu, std::move(extra_files), allow_host_dependent});
  if (!artifact.ok()) return artifact.error();

  fs::path staged_template = template_path;
  staged_template += ".partial";
  if (auto st = util::WriteFileAtomic(staged_template, template_json); !st.ok()) {
    fs::remove(staged_zip);
    return st.error();
  }
  for (const auto& hook : hooks.post_build) {
    if (auto s = hook.run(context); !s) {
      fs::remove(staged_zip);
      fs::remove(staged_template);
      return failed_hook("post-build", hook.name, s.error());
    }
  }
  std::error_code ec;
  fs::rename(staged_zip, zip_path, ec);
  if (!ec) fs::rename(staged_template, template_path, ec);
  if (ec) {
    fs::remove(staged_zip);
    fs::remove(staged_template);
    return MakeError("Io", "cannot write into " + output_dir.string() + ": " + ec.message());
  }
  artifact->zip_path = zip_path;
  BuildOutput out{template_path, std::move(template_json), std::move(*artifact), {}};
  for (const std::string& name : FunctionsWithDiscoveryFromStack(service)) {
    out.notes.push_back("function " + name +
                        ": its discovery document does not fit in Lambda's 4 KB of environment; "
                        "it is served from the stack (Metadata \"SpartaDiscovery\", read once "
                        "with CloudFormation DescribeStackResource by Discover())");
  }
  return out;
}

}  // namespace

Result<BuildOutput> BuildService(const Service& service, const fs::path& bootstrap,
                                 const fs::path& output_dir, bool allow_host_dependent) {
  const BuildContext context{service, output_dir};
  auto built = Build(service, context, bootstrap, allow_host_dependent);
  if (!built) {
    for (const auto& hook : service.hooks.rollback) hook.run(context, built.error());
  }
  return built;
}

}  // namespace sparta::deploy
