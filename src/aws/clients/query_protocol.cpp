#include "sparta/aws/query_protocol.hpp"

namespace sparta::aws {

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto byte = static_cast<unsigned char>(ch);
    const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                            (byte >= '0' && byte <= '9') || byte == '-' || byte == '_' ||
                            byte == '.' || byte == '~';
    if (unreserved) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0F]);
    }
  }
  return out;
}

QueryParams::QueryParams(std::string_view action, std::string_view version) {
  fields_.emplace_back("Action", std::string(action));
  fields_.emplace_back("Version", std::string(version));
}

QueryParams& QueryParams::Add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
  return *this;
}

QueryParams& QueryParams::AddIfNotEmpty(std::string name, std::string_view value) {
  if (!value.empty()) fields_.emplace_back(std::move(name), std::string(value));
  return *this;
}

QueryParams& QueryParams::AddBool(std::string name, std::optional<bool> value) {
  if (value) fields_.emplace_back(std::move(name), *value ? "true" : "false");
  return *this;
}

QueryParams& QueryParams::AddInt(std::string name, std::optional<int64_t> value) {
  if (value) fields_.emplace_back(std::move(name), std::to_string(*value));
  return *this;
}

QueryParams& QueryParams::AddList(const std::string& name, const std::vector<std::string>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    fields_.emplace_back(MemberPrefix(name, i), values[i]);
  }
  return *this;
}

QueryParams& QueryParams::AddMap(const std::string& name,
                                 const std::vector<std::pair<std::string, std::string>>& entries) {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const std::string prefix = name + ".entry." + std::to_string(i + 1);
    fields_.emplace_back(prefix + ".key", entries[i].first);
    fields_.emplace_back(prefix + ".value", entries[i].second);
  }
  return *this;
}

std::string QueryParams::MemberPrefix(std::string_view name, std::size_t index) {
  std::string prefix(name);
  prefix += ".member.";
  prefix += std::to_string(index + 1);
  return prefix;
}

std::string QueryParams::Encode() const {
  std::string body;
  for (const auto& [name, value] : fields_) {
    if (!body.empty()) body.push_back('&');
    body += PercentEncode(name);
    body.push_back('=');
    body += PercentEncode(value);
  }
  return body;
}

HttpRequest MakeQueryRequest(const QueryParams& params) {
  HttpRequest request;  // path "/" by default
  request.method = "POST";
  request.headers.emplace_back("Content-Type", std::string(kQueryContentType));
  request.body = params.Encode();
  return request;
}

}  // namespace sparta::aws
