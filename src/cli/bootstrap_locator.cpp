#include "bootstrap_locator.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace sparta::cli {
namespace fs = std::filesystem;

Result<fs::path> LocateBootstrap(const fs::path& explicit_path) {
  if (!explicit_path.empty()) {
    if (!fs::is_regular_file(explicit_path)) {
      return MakeError("BootstrapNotFound",
                       "--bootstrap " + explicit_path.string() + " is not a file");
    }
    return explicit_path;
  }
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return MakeError("BootstrapNotFound", "cannot locate this program: " + ec.message());
  fs::path twin = self;
  twin += "-bootstrap";
  if (!fs::is_regular_file(twin)) {
    return MakeError("BootstrapNotFound",
                     "the Lambda bootstrap " + twin.string() +
                         " does not exist; build the service with CMake's sparta_add_service(" +
                         self.filename().string() + " ...), which builds the target " +
                         self.filename().string() + "-bootstrap beside it, or pass --bootstrap PATH");
  }
  return twin;
}

bool AllowHostDependentBootstrap() {
  const char* v = std::getenv("SPARTA_ALLOW_HOST_DEPENDENT_BOOTSTRAP");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

}  // namespace sparta::cli
