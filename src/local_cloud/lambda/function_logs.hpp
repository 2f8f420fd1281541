#pragma once
// Function logs on disk, where CloudWatch Logs would keep them:
// `<root>/logs/<encoded group>/<encoded stream>.log`, one line per event.
// Best effort: logs are not state, so a failed write is ignored.

#include <filesystem>
#include <mutex>
#include <string_view>
#include <vector>

#include "sparta/local/invoke_result.hpp"

namespace sparta::local_cloud::detail {

/// Thread-safety: Append() may be called from any thread.
class FunctionLogs {
 public:
  explicit FunctionLogs(std::filesystem::path root) : root_(std::move(root)) {}

  /// Appends `events` (each "message\n") to the stream's file.
  void Append(std::string_view group, std::string_view stream,
              const std::vector<local::LogEvent>& events);

  /// The file of one stream.
  std::filesystem::path PathOf(std::string_view group, std::string_view stream) const;

 private:
  const std::filesystem::path root_;
  std::mutex mu_;  // appends to one file must not interleave
};

}  // namespace sparta::local_cloud::detail
