#include "runtime/endpoint.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>
#include <cstring>

namespace sparta::runtime::internal {
namespace {

Error Invalid(std::string_view host_port, std::string_view why) {
  std::string message = "AWS_LAMBDA_RUNTIME_API='";
  message.append(host_port);
  message += "' is not a usable address: ";
  message.append(why);
  return MakeError("InvalidRuntimeApi", std::move(message));
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view host_port) {
  std::string_view host;
  std::string_view port_text;
  if (!host_port.empty() && host_port.front() == '[') {
    size_t close = host_port.find(']');
    if (close == std::string_view::npos || close + 1 >= host_port.size() ||
        host_port[close + 1] != ':') {
      return Invalid(host_port, "expected [ipv6]:port");
    }
    host = host_port.substr(1, close - 1);
    port_text = host_port.substr(close + 2);
  } else {
    size_t colon = host_port.rfind(':');
    if (colon == std::string_view::npos) {
      return Invalid(host_port, "expected host:port (for example 127.0.0.1:9001)");
    }
    host = host_port.substr(0, colon);
    port_text = host_port.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) {
      return Invalid(host_port, "an IPv6 address must be in brackets, as in [::1]:9001");
    }
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port == 0 || port > 65535) {
    return Invalid(host_port, "the port must be a number from 1 to 65535");
  }
  if (host.empty() || host.size() >= INET6_ADDRSTRLEN) {
    return Invalid(host_port, "the host is empty or too long");
  }
  char host_z[INET6_ADDRSTRLEN];
  std::memcpy(host_z, host.data(), host.size());
  host_z[host.size()] = '\0';
  if (host == "localhost") std::strcpy(host_z, "127.0.0.1");

  Endpoint endpoint;
  endpoint.host_header = std::string(host_port);
  auto* v4 = reinterpret_cast<sockaddr_in*>(&endpoint.address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&endpoint.address);
  if (::inet_pton(AF_INET, host_z, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(port));
    endpoint.address_length = sizeof(sockaddr_in);
  } else if (::inet_pton(AF_INET6, host_z, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(port));
    endpoint.address_length = sizeof(sockaddr_in6);
  } else {
    return Invalid(host_port,
                   "the host is not a numeric IP address; the runtime resolves no names "
                   "(use an IPv4 address, [IPv6] or localhost)");
  }
  return endpoint;
}

}  // namespace sparta::runtime::internal
