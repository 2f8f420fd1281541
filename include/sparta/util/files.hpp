#pragma once
// File helpers with all-or-nothing semantics.

#include <filesystem>
#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::util {

/// Reads a whole file. Error code "Io" names the path and the OS reason.
Result<std::string> ReadFile(const std::filesystem::path& path);

/// Writes `contents` to `path` atomically: a temporary file beside it is
/// written, flushed and renamed over `path`, so readers see the old file or the
/// new one, never a half-written one. On failure nothing is left behind.
/// `mode` sets the permission bits of the new file.
Status WriteFileAtomic(const std::filesystem::path& path, std::string_view contents,
                       std::filesystem::perms mode = std::filesystem::perms(0644));

}  // namespace sparta::util
