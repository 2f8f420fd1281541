#pragma once
// The AWS shared configuration files (`~/.aws/config`, `~/.aws/credentials`)
// read into profiles, and which profile is in use.

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "sparta/aws/environment.hpp"
#include "sparta/aws/ini_file.hpp"
#include "sparta/util/result.hpp"

namespace sparta::aws {

/// One profile's settings, merged from both files (the credentials file wins
/// when both set a key, as the AWS CLI does). Keys are lower-case.
struct Profile {
  std::string name;
  std::map<std::string, std::string, std::less<>> settings;

  /// The setting's value when present and non-empty, else nullptr.
  const std::string* Get(std::string_view key) const;
};

/// Immutable after construction; safe to share between threads.
class SharedConfig {
 public:
  /// Reads `AWS_CONFIG_FILE` (default `~/.aws/config`) and
  /// `AWS_SHARED_CREDENTIALS_FILE` (default `~/.aws/credentials`); a leading
  /// "~/" is expanded. A missing file counts as empty. Errors: an unreadable
  /// or malformed file ("Io" / "InvalidConfig", naming the file).
  static Result<SharedConfig> Load(const Environment& env);

  /// Builds from file contents. The config file names profiles
  /// `[profile name]` (and `[default]`); the credentials file `[name]`.
  static Result<SharedConfig> FromText(std::string_view config_text, std::string config_path,
                                       std::string_view credentials_text,
                                       std::string credentials_path);

  /// The profile, or nullptr when neither file has it.
  const Profile* FindProfile(std::string_view name) const;

  /// The nested settings for `service_key` (e.g. "s3", "cloudformation") in
  /// the config file's `[services <services_name>]` section, or nullptr.
  const std::map<std::string, std::string, std::less<>>* FindServiceSettings(
      std::string_view services_name, std::string_view service_key) const;

  const std::string& config_path() const { return config_path_; }
  const std::string& credentials_path() const { return credentials_path_; }
  /// "<config path> or <credentials path>", for messages.
  std::string FilesForMessages() const;

 private:
  std::string config_path_;
  std::string credentials_path_;
  std::map<std::string, Profile, std::less<>> profiles_;
  IniFile config_file_;
};

/// Which profile is in use and who chose it.
struct ProfileChoice {
  std::string name = "default";
  /// "--profile", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", or "" when nothing
  /// named one and "default" applies.
  std::string origin;

  bool explicitly_named() const { return !origin.empty(); }
};

/// `flag_profile` (the --profile flag; "" when absent), else `AWS_PROFILE`,
/// else `AWS_DEFAULT_PROFILE`, else "default".
ProfileChoice ChooseProfile(std::string_view flag_profile, const Environment& env);

/// OK when the profile exists or was not explicitly named. Otherwise
/// "ProfileNotFound", naming the profile, who chose it and both files.
Status CheckProfileExists(const ProfileChoice& choice, const SharedConfig& config);

}  // namespace sparta::aws
