#pragma once
// The INI dialect of the AWS shared `config` and `credentials` files.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::aws {

/// One `[name]` section. Keys are lower-cased; values are trimmed.
struct IniSection {
  std::string name;  // as written between the brackets, trimmed ("profile dev")
  std::map<std::string, std::string, std::less<>> properties;
  /// Nested settings, written as an empty property followed by indented
  /// lines: "s3 =\n  endpoint_url = http://localhost:4566" gives
  /// sub_properties["s3"]["endpoint_url"].
  std::map<std::string, std::map<std::string, std::string, std::less<>>, std::less<>>
      sub_properties;
};

struct IniFile {
  std::vector<IniSection> sections;  // in file order; repeated names merged into the first

  /// The section named `name`, or nullptr.
  const IniSection* Find(std::string_view name) const;
};

/// Parses `text`. Lines are `[section]`, `key = value` (or `key=value`),
/// blank, or comments starting with '#' or ';'. A '#' or ';' preceded by
/// whitespace ends a value. An indented line continues the previous
/// property: a sub-property when that property's value is empty, otherwise
/// more of its value (joined with '\n'). When a section is repeated, later
/// keys override earlier ones. Errors (code "InvalidConfig") name `path` and
/// the line number but never quote the line, which may hold a secret.
Result<IniFile> ParseIniFile(std::string_view text, std::string_view path);

}  // namespace sparta::aws
