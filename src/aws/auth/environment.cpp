#include "sparta/aws/environment.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "aws/auth/headers_internal.hpp"
#include "sparta/util/files.hpp"

namespace sparta::aws {

namespace {

class SystemEnvironmentImpl final : public Environment {
 public:
  std::optional<std::string> GetEnv(std::string_view name) const override {
    const std::string key(name);
    const char* value = std::getenv(key.c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  }

  Result<std::string> ReadFile(const std::string& path) const override {
    std::error_code error;
    const std::filesystem::file_status status = std::filesystem::status(path, error);
    if (status.type() == std::filesystem::file_type::not_found) {
      return MakeError("NotFound", path + " does not exist");
    }
    if (std::filesystem::is_directory(status)) {
      return MakeError("Io", "cannot read " + path + ": it is a directory");
    }
    return util::ReadFile(path);
  }

  std::optional<std::string> HomeDirectory() const override {
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
      return std::string(home);
    }
    long size = sysconf(_SC_GETPW_R_SIZE_MAX);
    std::vector<char> buffer(size > 0 ? static_cast<size_t>(size) : 16384);
    passwd entry{};
    passwd* found = nullptr;
    if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) == 0 &&
        found != nullptr && found->pw_dir != nullptr) {
      return std::string(found->pw_dir);
    }
    return std::nullopt;
  }

  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
};

}  // namespace

std::shared_ptr<const Environment> SystemEnvironment() {
  static const std::shared_ptr<const Environment> instance =
      std::make_shared<SystemEnvironmentImpl>();
  return instance;
}

InMemoryEnvironment::InMemoryEnvironment()
    : now_(std::chrono::sys_days(std::chrono::year(2024) / 1 / 1)) {}

void InMemoryEnvironment::SetEnv(std::string name, std::string value) {
  std::lock_guard lock(mutex_);
  env_.insert_or_assign(std::move(name), std::move(value));
}

void InMemoryEnvironment::UnsetEnv(std::string_view name) {
  std::lock_guard lock(mutex_);
  if (auto it = env_.find(name); it != env_.end()) env_.erase(it);
}

void InMemoryEnvironment::SetFile(std::string path, std::string contents) {
  std::lock_guard lock(mutex_);
  files_.insert_or_assign(std::move(path), std::move(contents));
}

void InMemoryEnvironment::RemoveFile(std::string_view path) {
  std::lock_guard lock(mutex_);
  if (auto it = files_.find(path); it != files_.end()) files_.erase(it);
}

void InMemoryEnvironment::SetHomeDirectory(std::optional<std::string> home) {
  std::lock_guard lock(mutex_);
  home_ = std::move(home);
}

void InMemoryEnvironment::SetNow(std::chrono::system_clock::time_point now) {
  std::lock_guard lock(mutex_);
  now_ = now;
}

void InMemoryEnvironment::Advance(std::chrono::system_clock::duration by) {
  std::lock_guard lock(mutex_);
  now_ += by;
}

std::optional<std::string> InMemoryEnvironment::GetEnv(std::string_view name) const {
  std::lock_guard lock(mutex_);
  auto it = env_.find(name);
  if (it == env_.end()) return std::nullopt;
  return it->second;
}

Result<std::string> InMemoryEnvironment::ReadFile(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = files_.find(path);
  if (it == files_.end()) return MakeError("NotFound", path + " does not exist");
  return it->second;
}

std::optional<std::string> InMemoryEnvironment::HomeDirectory() const {
  std::lock_guard lock(mutex_);
  return home_;
}

std::chrono::system_clock::time_point InMemoryEnvironment::Now() const {
  std::lock_guard lock(mutex_);
  return now_;
}

std::optional<std::string> NonEmptyEnv(const Environment& env, std::string_view name) {
  std::optional<std::string> value = env.GetEnv(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

bool EnvFlagIsTrue(const Environment& env, std::string_view name) {
  std::optional<std::string> value = env.GetEnv(name);
  return value && internal::EqualsIgnoreCase(*value, "true");
}

}  // namespace sparta::aws
