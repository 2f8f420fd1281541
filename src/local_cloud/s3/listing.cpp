#include "local_cloud/s3/listing.hpp"

namespace sparta::local_cloud::s3 {

ListResult ListKeys(const std::map<std::string, ObjectRecord>& objects, const ListParams& params) {
  ListResult result;
  auto it = params.start_after < params.prefix ? objects.lower_bound(params.prefix)
                                               : objects.upper_bound(params.start_after);
  std::size_t count = 0;
  for (; it != objects.end(); ++it) {
    const std::string& key = it->first;
    if (key.compare(0, params.prefix.size(), params.prefix) != 0) break;  // past the prefix
    if (!params.delimiter.empty()) {
      std::size_t at = key.find(params.delimiter, params.prefix.size());
      if (at != std::string::npos) {
        std::string common = key.substr(0, at + params.delimiter.size());
        if (common == params.start_after ||
            (!result.common_prefixes.empty() && result.common_prefixes.back() == common)) {
          continue;
        }
        if (count == params.max_keys) {
          result.truncated = true;
          break;
        }
        result.common_prefixes.push_back(common);
        result.next_marker = std::move(common);
        ++count;
        continue;
      }
    }
    if (count == params.max_keys) {
      result.truncated = true;
      break;
    }
    result.objects.push_back(it->second);
    result.next_marker = key;
    ++count;
  }
  return result;
}

}  // namespace sparta::local_cloud::s3
