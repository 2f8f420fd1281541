#pragma once
// IamService's private state, shared by its two source files.

#include <map>
#include <mutex>
#include <string>

#include "sparta/local_cloud/iam_service.hpp"
#include "sparta/local_cloud/protocol/protocol_service.hpp"

namespace sparta::local_cloud {

struct IamService::State {
  StateStore* store = nullptr;
  CloudContext context;
  mutable std::mutex mu;
  std::map<std::string, IamRole> roles;  // GUARDED_BY(mu), by name
  /// Held across an API call's read-modify-write of a role (taken before
  /// `mu`, never while holding it), so two calls editing one role do not
  /// lose either's change.
  std::mutex write_mu;
  std::unique_ptr<protocol::ProtocolService> iam_api;
  std::unique_ptr<protocol::ProtocolService> sts_api;
};

namespace detail {
/// The store key of role `name`'s document.
std::string RoleKey(std::string_view name);
}  // namespace detail

}  // namespace sparta::local_cloud
