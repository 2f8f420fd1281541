#pragma once
// Endpoint: where the Runtime API listens, parsed from AWS_LAMBDA_RUNTIME_API.

#include <sys/socket.h>

#include <string>
#include <string_view>

#include "sparta/util/result.hpp"

namespace sparta::runtime::internal {

struct Endpoint {
  sockaddr_storage address{};
  socklen_t address_length = 0;
  std::string host_header;  // the `host:port` text, sent as the Host header
};

/// Parses `host:port` where host is a numeric IPv4 address, a bracketed
/// numeric IPv6 address (`[::1]:9001`) or `localhost` (mapped to 127.0.0.1).
/// Names are never resolved: the Lambda bootstrap is linked statically and
/// glibc's resolver does not work there (and Lambda always gives an address).
/// On failure the Error (code "InvalidRuntimeApi") says what is wrong.
Result<Endpoint> ParseEndpoint(std::string_view host_port);

}  // namespace sparta::runtime::internal
