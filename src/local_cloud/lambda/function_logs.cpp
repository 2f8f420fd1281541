#include "function_logs.hpp"

#include <fstream>
#include <string>
#include <system_error>

#include "sparta/local_cloud/state_store.hpp"

namespace sparta::local_cloud::detail {

std::filesystem::path FunctionLogs::PathOf(std::string_view group,
                                           std::string_view stream) const {
  std::string file = StateStore::EncodeName(stream);
  file += ".log";
  return root_ / StateStore::EncodeName(group) / file;
}

void FunctionLogs::Append(std::string_view group, std::string_view stream,
                          const std::vector<local::LogEvent>& events) {
  if (events.empty() || group.empty() || stream.empty()) return;
  std::string text;
  for (const auto& event : events) {
    text += event.message;
    text += '\n';
  }
  std::filesystem::path path = PathOf(group, stream);
  std::lock_guard lock(mu_);
  std::error_code ignored;
  std::filesystem::create_directories(path.parent_path(), ignored);
  std::ofstream out(path, std::ios::app | std::ios::binary);
  out << text;
}

}  // namespace sparta::local_cloud::detail
