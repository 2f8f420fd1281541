#pragma once
// Packaging: the program itself becomes the Lambda deployment zip.
//
// The artifact holds one entry, `bootstrap` (mode 0755), which is the
// program, plus any extra files the caller adds. It is reproducible: the same
// program gives the same zip bytes and SHA-256 on every build, so an unchanged
// function is not re-uploaded and a deploy is a no-op.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "sparta/deploy/elf_inspect.hpp"
#include "sparta/util/result.hpp"
#include "sparta/util/zip.hpp"

namespace sparta::deploy {

struct PackageRequest {
  /// The compiled program to ship; it becomes the `bootstrap` entry.
  std::filesystem::path bootstrap;
  /// Where the zip goes. Its directory must exist and be writable.
  std::filesystem::path zip_path;
  /// The architecture the function is declared with; the program must match.
  CpuArchitecture architecture = CpuArchitecture::kX86_64;
  /// Further files for the zip (e.g. data read at run time). None may be
  /// named "bootstrap"; names follow util::ZipEntry's rules.
  std::vector<util::ZipEntry> extra_files;
  /// Accept a bootstrap that needs the host's shared libraries (the
  /// sanitizer build's, which cannot be linked statically). The artifact
  /// then runs on this machine only; Artifact::warning says why.
  bool allow_host_dependent = false;
};

struct Artifact {
  std::filesystem::path zip_path;
  std::string sha256_hex;  // of the whole zip, 64 lowercase hex characters
  uint64_t size_bytes = 0;
  /// Non-empty when the bootstrap was accepted only through
  /// allow_host_dependent: what it needs from the host.
  std::string warning{};
};

/// Checks the program with CheckSelfContained, builds the zip and writes it
/// atomically to `request.zip_path`. On any failure no file is created or
/// changed, and the error says what to fix: codes "WrongArchitecture" and
/// "NotSelfContained" from the check (the message starts "cannot package
/// <path>: bootstrap ..."), "InvalidArgument" for a bad extra file, "Io"
/// when the program cannot be read or the zip cannot be written.
/// "NotSelfContained" is waived by `request.allow_host_dependent`.
Result<Artifact> PackageArtifact(const PackageRequest& request);

}  // namespace sparta::deploy
