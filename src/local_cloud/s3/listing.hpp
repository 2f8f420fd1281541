#pragma once
// S3's listing semantics over a sorted index: prefix, delimiter roll-up into
// common prefixes, an exclusive start position and a page size.

#include <map>
#include <string>

#include "local_cloud/s3/object_store.hpp"

namespace sparta::local_cloud::s3 {

/// One page of `objects` (sorted by key). Keys after `params.start_after`
/// that start with `params.prefix`; with a delimiter, keys holding it after
/// the prefix are rolled up into one common prefix each (a common prefix
/// equal to start_after, i.e. a page boundary, is not repeated). Each key
/// or common prefix counts against max_keys; `truncated` says more follow.
ListResult ListKeys(const std::map<std::string, ObjectRecord>& objects, const ListParams& params);

}  // namespace sparta::local_cloud::s3
