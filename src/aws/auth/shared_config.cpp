#include "sparta/aws/shared_config.hpp"

namespace sparta::aws {

namespace {

// The file's path: the variable's value (with "~/" expanded) or ~/.aws/<name>.
Result<std::string> FilePath(const Environment& env, std::string_view variable,
                             std::string_view default_name) {
  std::optional<std::string> path = NonEmptyEnv(env, variable);
  std::optional<std::string> home = env.HomeDirectory();
  if (!path) {
    if (!home) {
      return MakeError("InvalidConfig", "cannot find the AWS " + std::string(default_name) +
                                            " file: the home directory is unknown; set " +
                                            std::string(variable) + " or HOME");
    }
    return *home + "/.aws/" + std::string(default_name);
  }
  if (path->starts_with("~/")) {
    if (!home) {
      return MakeError("InvalidConfig", std::string(variable) + " starts with ~/ but the home "
                                                                "directory is unknown; set HOME");
    }
    return *home + path->substr(1);
  }
  return *path;
}

Result<std::string> ReadOptional(const Environment& env, const std::string& path) {
  Result<std::string> text = env.ReadFile(path);
  if (!text && text.error().code == "NotFound") return std::string();
  return text;
}

void MergeInto(Profile& profile, const IniSection& section) {
  for (const auto& [key, value] : section.properties) profile.settings.insert_or_assign(key, value);
}

}  // namespace

const std::string* Profile::Get(std::string_view key) const {
  auto it = settings.find(key);
  if (it == settings.end() || it->second.empty()) return nullptr;
  return &it->second;
}

Result<SharedConfig> SharedConfig::Load(const Environment& env) {
  Result<std::string> config_path = FilePath(env, "AWS_CONFIG_FILE", "config");
  if (!config_path) return config_path.error();
  Result<std::string> credentials_path =
      FilePath(env, "AWS_SHARED_CREDENTIALS_FILE", "credentials");
  if (!credentials_path) return credentials_path.error();
  Result<std::string> config_text = ReadOptional(env, *config_path);
  if (!config_text) return config_text.error();
  Result<std::string> credentials_text = ReadOptional(env, *credentials_path);
  if (!credentials_text) return credentials_text.error();
  return FromText(*config_text, *config_path, *credentials_text, *credentials_path);
}

Result<SharedConfig> SharedConfig::FromText(std::string_view config_text, std::string config_path,
                                            std::string_view credentials_text,
                                            std::string credentials_path) {
  SharedConfig out;
  Result<IniFile> config = ParseIniFile(config_text, config_path);
  if (!config) return config.error();
  Result<IniFile> credentials = ParseIniFile(credentials_text, credentials_path);
  if (!credentials) return credentials.error();
  out.config_path_ = std::move(config_path);
  out.credentials_path_ = std::move(credentials_path);
  out.config_file_ = std::move(config).value();

  auto profile = [&out](const std::string& name) -> Profile& {
    Profile& p = out.profiles_[name];
    p.name = name;
    return p;
  };
  // [default] then [profile default]: the prefixed form wins when both exist.
  if (const IniSection* section = out.config_file_.Find("default")) {
    MergeInto(profile("default"), *section);
  }
  for (const IniSection& section : out.config_file_.sections) {
    const std::string_view name = section.name;
    if (!name.starts_with("profile ") && !name.starts_with("profile\t")) continue;
    std::string_view profile_name = name.substr(8);
    while (!profile_name.empty() && (profile_name.front() == ' ' || profile_name.front() == '\t')) {
      profile_name.remove_prefix(1);
    }
    if (!profile_name.empty()) MergeInto(profile(std::string(profile_name)), section);
  }
  for (const IniSection& section : credentials->sections) MergeInto(profile(section.name), section);
  return out;
}

const Profile* SharedConfig::FindProfile(std::string_view name) const {
  auto it = profiles_.find(name);
  return it == profiles_.end() ? nullptr : &it->second;
}

const std::map<std::string, std::string, std::less<>>* SharedConfig::FindServiceSettings(
    std::string_view services_name, std::string_view service_key) const {
  const IniSection* section = config_file_.Find("services " + std::string(services_name));
  if (section == nullptr) return nullptr;
  auto it = section->sub_properties.find(service_key);
  return it == section->sub_properties.end() ? nullptr : &it->second;
}

std::string SharedConfig::FilesForMessages() const {
  return config_path_ + " or " + credentials_path_;
}

ProfileChoice ChooseProfile(std::string_view flag_profile, const Environment& env) {
  if (!flag_profile.empty()) return ProfileChoice{std::string(flag_profile), "--profile"};
  if (std::optional<std::string> name = NonEmptyEnv(env, "AWS_PROFILE")) {
    return ProfileChoice{*name, "AWS_PROFILE"};
  }
  if (std::optional<std::string> name = NonEmptyEnv(env, "AWS_DEFAULT_PROFILE")) {
    return ProfileChoice{*name, "AWS_DEFAULT_PROFILE"};
  }
  return ProfileChoice{};
}

Status CheckProfileExists(const ProfileChoice& choice, const SharedConfig& config) {
  if (!choice.explicitly_named() || config.FindProfile(choice.name) != nullptr) return {};
  return MakeError("ProfileNotFound",
                   "profile '" + choice.name + "' (from " + choice.origin + ") is not in " +
                       config.FilesForMessages() + ": add it with `aws configure --profile " +
                       choice.name + "` or name an existing profile");
}

}  // namespace sparta::aws
