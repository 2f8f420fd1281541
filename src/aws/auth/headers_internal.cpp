#include "aws/auth/headers_internal.hpp"

#include <algorithm>

namespace sparta::aws::internal {

const std::string* FindHeaderValue(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

void SetHeaderValue(HeaderList& headers, std::string_view name, std::string value) {
  bool replaced = false;
  for (auto it = headers.begin(); it != headers.end();) {
    if (!EqualsIgnoreCase(it->first, name)) {
      ++it;
    } else if (!replaced) {
      it->second = std::move(value);
      replaced = true;
      ++it;
    } else {
      it = headers.erase(it);
    }
  }
  if (!replaced) headers.emplace_back(std::string(name), std::move(value));
}

void RemoveHeader(HeaderList& headers, std::string_view name) {
  std::erase_if(headers, [&](const auto& header) { return EqualsIgnoreCase(header.first, name); });
}

std::string HostHeaderFor(const HttpRequest& request) {
  std::string out;
  const bool ipv6_literal = request.host.find(':') != std::string::npos;
  if (ipv6_literal && !request.host.starts_with('[')) {
    out.append("[").append(request.host).append("]");
  } else {
    out.append(request.host);
  }
  const uint16_t default_port = request.scheme == "http" ? 80 : 443;
  if (request.port != 0 && request.port != default_port) {
    out.append(":").append(std::to_string(request.port));
  }
  return out;
}

}  // namespace sparta::aws::internal
