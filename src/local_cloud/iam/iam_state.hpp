#pragma once
// IamService's private state, shared by its two source files.

#include <map>
#include <mutex>
#include <string>

#include "sparta/local_cloud/iam_service.hpp"

namespace sparta::local_cloud {

struct IamService::State {
  StateStore* store = nullptr;
  CloudContext context;
  mutable std::mutex mu;
  std::map<std::string, IamRole> roles;  // GUARDED_BY(mu), by name
};

namespace detail {
/// The store key of role `name`'s document.
std::string RoleKey(std::string_view name);
}  // namespace detail

}  // namespace sparta::local_cloud
