#include "sparta/aws/ini_file.hpp"

#include "aws/auth/headers_internal.hpp"

namespace sparta::aws {

namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

// Cuts a comment that starts with '#' or ';' after whitespace.
std::string_view StripInlineComment(std::string_view text) {
  for (size_t i = 1; i < text.size(); ++i) {
    if ((text[i] == '#' || text[i] == ';') && IsBlank(text[i - 1])) return text.substr(0, i);
  }
  return text;
}

Error LineError(std::string_view path, int line, std::string_view what) {
  return MakeError("InvalidConfig", std::string(path) + ":" + std::to_string(line) + ": " +
                                        std::string(what));
}

}  // namespace

const IniSection* IniFile::Find(std::string_view name) const {
  for (const IniSection& section : sections) {
    if (section.name == name) return &section;
  }
  return nullptr;
}

Result<IniFile> ParseIniFile(std::string_view text, std::string_view path) {
  IniFile file;
  IniSection* section = nullptr;
  std::string last_key;  // the property an indented line continues; "" for none
  int line_number = 0;
  size_t pos = 0;
  if (text.starts_with("\xEF\xBB\xBF")) pos = 3;  // a UTF-8 byte order mark
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;

    const std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;

    if (IsBlank(raw.front()) && !last_key.empty()) {
      const std::string_view content = Trim(StripInlineComment(line));
      std::string& value = section->properties[last_key];
      if (value.empty() || section->sub_properties.contains(last_key)) {
        const size_t eq = content.find('=');
        if (eq == std::string_view::npos) {
          return LineError(path, line_number,
                           "expected 'key = value' in the nested settings of '" + last_key + "'");
        }
        const std::string sub_key = internal::ToLowerAscii(Trim(content.substr(0, eq)));
        if (sub_key.empty()) return LineError(path, line_number, "empty setting name");
        section->sub_properties[last_key].insert_or_assign(sub_key,
                                                           std::string(Trim(content.substr(eq + 1))));
      } else {
        value += '\n';
        value += content;
      }
      continue;
    }

    if (line.front() == '[') {
      const std::string_view header = Trim(StripInlineComment(line));
      if (header.size() < 2 || header.back() != ']') {
        return LineError(path, line_number, "a section header must end with ']'");
      }
      const std::string name(Trim(header.substr(1, header.size() - 2)));
      if (name.empty()) return LineError(path, line_number, "empty section name");
      section = nullptr;
      for (IniSection& existing : file.sections) {
        if (existing.name == name) section = &existing;
      }
      if (section == nullptr) {
        file.sections.push_back(IniSection{name, {}, {}});
        section = &file.sections.back();
      }
      last_key.clear();
      continue;
    }

    const size_t eq = line.find('=');
    if (eq == std::string_view::npos) {
      return LineError(path, line_number, "expected '[section]' or 'key = value'");
    }
    if (section == nullptr) {
      return LineError(path, line_number, "a setting appears before any [section] header");
    }
    std::string key = internal::ToLowerAscii(Trim(line.substr(0, eq)));
    if (key.empty()) return LineError(path, line_number, "empty setting name");
    section->properties.insert_or_assign(key,
                                         std::string(Trim(StripInlineComment(line.substr(eq + 1)))));
    section->sub_properties.erase(key);
    last_key = std::move(key);
  }
  return file;
}

}  // namespace sparta::aws
