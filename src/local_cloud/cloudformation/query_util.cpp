#include "local_cloud/cloudformation/query_util.hpp"

#include <cctype>
#include <charconv>

#include "sparta/local/template_evaluator.hpp"

namespace sparta::local_cloud::cfn {

std::vector<std::map<std::string, std::string>> StructMembers(const FormFields& form,
                                                              std::string_view prefix) {
  std::map<long, std::map<std::string, std::string>> by_index;
  std::string head(prefix);
  head += ".member.";
  for (const auto& [name, value] : form) {
    if (!name.starts_with(head)) continue;
    const std::string_view rest = std::string_view(name).substr(head.size());
    const std::size_t dot = rest.find('.');
    if (dot == std::string_view::npos) continue;
    long index = 0;
    const auto parsed = std::from_chars(rest.data(), rest.data() + dot, index);
    if (parsed.ec != std::errc() || parsed.ptr != rest.data() + dot) continue;
    by_index[index][std::string(rest.substr(dot + 1))] = value;
  }
  std::vector<std::map<std::string, std::string>> out;
  for (auto& [index, fields] : by_index) out.push_back(std::move(fields));
  return out;
}

std::string Field(const FormFields& form, std::string_view name) {
  const std::string* value = FindField(form, name);
  return value == nullptr ? std::string() : *value;
}

std::optional<bool> BoolField(const FormFields& form, std::string_view name) {
  const std::string* value = FindField(form, name);
  if (value == nullptr) return std::nullopt;
  return *value == "true" || *value == "True" || *value == "TRUE";
}

void AppendElement(std::string& xml, std::string_view name, std::string_view text, bool always) {
  if (text.empty() && !always) return;
  xml += '<';
  xml += name;
  xml += '>';
  xml += XmlEscape(text);
  xml += "</";
  xml += name;
  xml += '>';
}

CloudResponse ErrorResponse(const Error& error, const CloudRequest& request) {
  int status = 400;
  if (error.code == "ChangeSetNotFound" || error.code == "StackSetNotFoundException") status = 404;
  if (error.code == "InternalFailure") status = 500;
  if (error.code == "ServiceUnavailable") status = 503;
  return QueryError(status, error.code, error.message, request.request_id);
}

TagList ReadTags(const FormFields& form) {
  TagList tags;
  for (auto& member : StructMembers(form, "Tags")) {
    tags.emplace_back(member["Key"], member["Value"]);
  }
  return tags;
}

bool IsValidStackName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

std::vector<std::pair<std::string, std::string>> ShownParameters(const std::string& template_body,
                                                                 const ParameterValues& given) {
  std::vector<std::pair<std::string, std::string>> shown;
  auto tmpl = jsonutil::Parse(template_body, "the template");
  if (tmpl) {
    auto resolved = local::ResolveParameters(*tmpl, given);
    if (resolved) {
      for (const auto& [key, parameter] : *resolved) {
        std::string value;
        if (parameter.no_echo) {
          value = "****";
        } else if (parameter.value.is_string()) {
          value = std::string(parameter.value.get_string());
        } else if (parameter.value.is_array()) {
          for (const json::value& item : parameter.value.get_array()) {
            if (!value.empty()) value += ',';
            if (item.is_string()) value += std::string(item.get_string());
          }
        }
        shown.emplace_back(key, std::move(value));
      }
      return shown;
    }
  }
  for (const auto& [key, value] : given) shown.emplace_back(key, value);
  return shown;
}

PageRange Page(std::size_t total, std::string_view token, std::size_t page_size) {
  PageRange range;
  std::size_t begin = 0;
  if (!token.empty()) {
    const auto parsed = std::from_chars(token.data(), token.data() + token.size(), begin);
    if (parsed.ec != std::errc()) begin = 0;
  }
  range.begin = std::min(begin, total);
  range.end = std::min(total, range.begin + page_size);
  if (range.end < total) range.next_token = std::to_string(range.end);
  return range;
}

}  // namespace sparta::local_cloud::cfn
