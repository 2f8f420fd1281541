#pragma once
// Serving one accepted connection of CloudHttpServer: read requests
// (Beast parser over FdStream), verify, dispatch, write responses, until
// the client closes, a limit or timeout is hit, or the server stops.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "local_cloud/server/http_server.hpp"

namespace sparta::local_cloud::server::detail {

struct ConnectionContext {
  const SigV4Verifier* verifier = nullptr;
  const CloudHttpServer::Dispatcher* dispatcher = nullptr;
  const CloudHttpServer::RequestLog* log = nullptr;  // may hold an empty function
  std::uint64_t max_body_bytes = 0;
  std::chrono::milliseconds idle_timeout{60000};
  int stop_fd = -1;  // readable once the server stops
};

/// Serves requests on `fd` until the connection ends. Never throws; does
/// not close `fd`.
void ServeConnection(int fd, const ConnectionContext& context);

/// The bytes of the 503 answered to a connection over the cap.
std::string OverCapacityResponse(int max_connections);

/// Half-closes `fd`, then reads and drops what the client still sends
/// (bounded: 8 MiB, 2 s, or until `stop_fd` is readable) so that it sees the
/// response rather than a reset. Does not close `fd`.
void LingeringShutdown(int fd, int stop_fd);

}  // namespace sparta::local_cloud::server::detail
