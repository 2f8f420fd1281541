#pragma once
// Which Runtime API endpoint a request line names.

#include <string>
#include <string_view>

namespace sparta::local::detail {

enum class Route {
  kNext,       // GET  /2018-06-01/runtime/invocation/next
  kResponse,   // POST /2018-06-01/runtime/invocation/{id}/response
  kError,      // POST /2018-06-01/runtime/invocation/{id}/error
  kInitError,  // POST /2018-06-01/runtime/init/error
  kNotFound,   // no such path (404)
  kBadMethod,  // a known path with the wrong method (405)
};

struct Target {
  Route route = Route::kNotFound;
  std::string request_id;  // for kResponse and kError (and their kBadMethod)
};

/// Maps a method and request target (query string ignored) to its route.
/// Request ids are any non-empty segment without '/'.
Target ResolveRoute(std::string_view method, std::string_view target);

}  // namespace sparta::local::detail
