// The helper functions declared in sparta/aws/http.hpp.

#include "sparta/aws/http.hpp"

#include <algorithm>

#include "sparta/util/ascii.hpp"

namespace sparta::aws {
namespace {

uint16_t DefaultPort(std::string_view scheme) { return scheme == "http" ? 80 : 443; }

// An IPv6 literal needs brackets wherever a port may follow it.
std::string BracketedHost(const std::string& host) {
  if (host.find(':') != std::string::npos && !host.starts_with('[')) return "[" + host + "]";
  return host;
}

}  // namespace

const std::string* FindHeader(const HeaderList& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (util::EqualsIgnoreCase(key, name)) return &value;
  }
  return nullptr;
}

void SetHeader(HeaderList& headers, std::string_view name, std::string value) {
  auto first = std::find_if(headers.begin(), headers.end(),
                            [&](const auto& h) { return util::EqualsIgnoreCase(h.first, name); });
  if (first == headers.end()) {
    headers.emplace_back(std::string(name), std::move(value));
    return;
  }
  first->second = std::move(value);
  headers.erase(
      std::remove_if(std::next(first), headers.end(),
                     [&](const auto& h) { return util::EqualsIgnoreCase(h.first, name); }),
      headers.end());
}

std::string HttpRequest::HostHeader() const {
  std::string result = BracketedHost(host);
  if (port != 0 && port != DefaultPort(scheme)) {
    result += ':';
    result += std::to_string(port);
  }
  return result;
}

std::string HttpRequest::Url() const {
  std::string url = scheme + "://" + HostHeader();
  url += path.empty() ? "/" : path;
  if (!query.empty()) {
    url += '?';
    url += query;
  }
  return url;
}

}  // namespace sparta::aws
