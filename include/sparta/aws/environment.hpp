#pragma once
// Environment: what the AWS configuration reads from the OS (environment
// variables, files, the home directory, the clock), behind one interface so
// tests run on an in-memory copy (as leveldb's Env / memenv do).

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::aws {

/// Implementations are thread-safe.
class Environment {
 public:
  virtual ~Environment() = default;

  /// The variable's value, or nullopt when unset. An empty value is returned
  /// as "": callers treat empty as unset where the SDKs do.
  virtual std::optional<std::string> GetEnv(std::string_view name) const = 0;

  /// The whole file. Errors: code "NotFound" when it does not exist, "Io"
  /// otherwise; the message names the path.
  virtual Result<std::string> ReadFile(const std::string& path) const = 0;

  /// The user's home directory ($HOME, else the password database), or
  /// nullopt when unknown.
  virtual std::optional<std::string> HomeDirectory() const = 0;

  virtual std::chrono::system_clock::time_point Now() const = 0;
};

/// The process's own environment, file system and system clock. Never null;
/// shared by every caller.
std::shared_ptr<const Environment> SystemEnvironment();

/// Environment variables, files and a clock held in memory, for tests. The
/// clock starts at 2024-01-01T00:00:00Z and moves only when told to.
class InMemoryEnvironment final : public Environment {
 public:
  InMemoryEnvironment();

  void SetEnv(std::string name, std::string value);
  void UnsetEnv(std::string_view name);
  void SetFile(std::string path, std::string contents);
  void RemoveFile(std::string_view path);
  /// nullopt: no home directory.
  void SetHomeDirectory(std::optional<std::string> home);
  void SetNow(std::chrono::system_clock::time_point now);
  void Advance(std::chrono::system_clock::duration by);

  std::optional<std::string> GetEnv(std::string_view name) const override;
  Result<std::string> ReadFile(const std::string& path) const override;
  std::optional<std::string> HomeDirectory() const override;
  std::chrono::system_clock::time_point Now() const override;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> env_;    // GUARDED_BY(mutex_)
  std::map<std::string, std::string, std::less<>> files_;  // GUARDED_BY(mutex_)
  std::optional<std::string> home_;                        // GUARDED_BY(mutex_)
  std::chrono::system_clock::time_point now_;              // GUARDED_BY(mutex_)
};

/// The variable's value when set and non-empty, else nullopt.
std::optional<std::string> NonEmptyEnv(const Environment& env, std::string_view name);

/// True when the variable is set to "true" (any case).
bool EnvFlagIsTrue(const Environment& env, std::string_view name);

}  // namespace sparta::aws
