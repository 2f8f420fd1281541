// IamService: roles kept one document each under "iam/roles/", loaded at
// Open(); the Query APIs are in iam_query.cpp.
#include <random>

#include "iam_state.hpp"
#include "role_document.hpp"

namespace sparta::local_cloud {
namespace {

constexpr std::string_view kRolesDir = "iam/roles";

// IAM's RoleName pattern: 1..64 of [\w+=,.@-].
bool IsValidRoleName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              std::string_view("_+=,.@-").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// IAM's role ids: "AROA" and 17 upper-case alphanumerics.
std::string NewRoleId() {
  static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string id = "AROA";
  for (int i = 0; i < 17; ++i) id.push_back(kAlphabet[pick(engine)]);
  return id;
}

Error NoSuchRole(std::string_view name) {
  std::string message = "The role with name ";
  message += name;
  message += " cannot be found.";
  return MakeError("NoSuchEntity", std::move(message));
}

}  // namespace

namespace detail {
std::string RoleKey(std::string_view name) {
  std::string key(kRolesDir);
  key += '/';
  key += StateStore::EncodeName(name);
  key += ".json";
  return key;
}
}  // namespace detail

IamService::IamService(std::unique_ptr<State> state) : state_(std::move(state)) {}
IamService::~IamService() = default;

Result<std::unique_ptr<IamService>> IamService::Open(StateStore& store, CloudContext context) {
  auto state = std::make_unique<State>();
  state->store = &store;
  state->context = std::move(context);
  auto names = store.List(kRolesDir);
  if (!names) return names.error();
  for (const auto& file : *names) {
    std::string key(kRolesDir);
    key += '/';
    key += file;
    auto document = store.GetDocument(key);
    if (!document) return document.error();
    if (!document->has_value()) continue;
    auto role = detail::RoleFromDocument(**document);
    if (!role) {
      std::string message = "the IAM role document ";
      message += store.PathOf(key).string();
      message += " is unreadable (";
      message += role.error().message;
      message += "): fix or remove it";
      return MakeError("Corrupt", std::move(message));
    }
    state->roles[role->name] = std::move(*role);
  }
  std::unique_ptr<IamService> service(new IamService(std::move(state)));
  if (auto served = service->ServeApis(); !served) return served.error();
  return service;
}

Result<IamRole> IamService::PutRole(IamRole role) {
  if (!IsValidRoleName(role.name)) {
    std::string message =
        "The specified value for roleName is invalid. It must contain only alphanumeric "
        "characters and/or the following: +=,.@_- (1 to 64 characters); got '";
    message += role.name;
    message += "'";
    return MakeError("ValidationError", std::move(message));
  }
  if (role.path.empty()) role.path.push_back('/');
  if (role.path.front() != '/' || role.path.back() != '/') {
    std::string message =
        "The specified value for path is invalid. It must begin and end with / and contain "
        "only printable characters; got '";
    message += role.path;
    message += "'";
    return MakeError("ValidationError", std::move(message));
  }
  std::lock_guard lock(state_->mu);
  auto existing = state_->roles.find(role.name);
  if (role.arn.empty()) {
    role.arn = "arn:aws:iam::";
    role.arn += state_->context.account_id;
    role.arn += ":role";
    role.arn += role.path;
    role.arn += role.name;
  }
  if (role.role_id.empty()) {
    role.role_id = existing != state_->roles.end() ? existing->second.role_id : NewRoleId();
  }
  if (role.created == std::chrono::system_clock::time_point{}) {
    role.created = existing != state_->roles.end() ? existing->second.created
                                                   : std::chrono::system_clock::now();
  }
  // Kept to the millisecond, as stored, so a reopened role compares equal.
  role.created = std::chrono::time_point_cast<std::chrono::milliseconds>(role.created);
  if (auto put = state_->store->PutDocument(detail::RoleKey(role.name),
                                            detail::RoleToDocument(role));
      !put) {
    return put.error();
  }
  state_->roles[role.name] = role;
  return role;
}

Status IamService::DeleteRole(std::string_view name) {
  std::lock_guard lock(state_->mu);
  auto it = state_->roles.find(std::string(name));
  if (it == state_->roles.end()) return NoSuchRole(name);
  if (auto removed = state_->store->Remove(detail::RoleKey(name)); !removed) return removed;
  state_->roles.erase(it);
  return {};
}

Result<IamRole> IamService::GetRole(std::string_view name) const {
  std::lock_guard lock(state_->mu);
  auto it = state_->roles.find(std::string(name));
  if (it == state_->roles.end()) return NoSuchRole(name);
  return it->second;
}

std::optional<IamRole> IamService::FindRoleByArn(std::string_view arn) const {
  std::lock_guard lock(state_->mu);
  for (const auto& [name, role] : state_->roles) {
    if (role.arn == arn) return role;
  }
  return std::nullopt;
}

}  // namespace sparta::local_cloud
