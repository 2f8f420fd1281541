#pragma once
// Finds the Lambda bootstrap twin of the running command-line program.

#include <filesystem>

#include "sparta/util/result.hpp"

namespace sparta::cli {

/// sparta_add_service(<target>) builds <target> (this program) and
/// <target>-bootstrap (the runtime-only twin that goes into the artifact) side
/// by side. Returns `explicit_path` when not empty, else the twin next to
/// /proc/self/exe. The Error says which file was expected and how to build it.
Result<std::filesystem::path> LocateBootstrap(const std::filesystem::path& explicit_path);

/// True when SPARTA_ALLOW_HOST_DEPENDENT_BOOTSTRAP=1: package a bootstrap that
/// needs this host's shared libraries (the sanitizer preset's) with a warning
/// instead of refusing it. Such an artifact does not run on Lambda.
bool AllowHostDependentBootstrap();

}  // namespace sparta::cli
