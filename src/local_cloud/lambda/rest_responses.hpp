#pragma once
// The response documents of the local Lambda's REST API.

#include <string_view>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::detail {

/// `body` as application/json with the request's id.
CloudResponse Json(int status, const json::value& body, const CloudRequest& request);
/// 204 with the request's id.
CloudResponse NoContent(const CloudRequest& request);
/// An Error of the service or the worker pool as Lambda's wire error: its
/// code's status (404 not found, 409 conflict, 400 invalid, 413 too large,
/// 429 throttled with Lambda's "Reason"), and 500 ServiceException for
/// anything else (Io, Corrupt, ...).
CloudResponse ErrorResponse(const Error& error, const CloudRequest& request);
/// A 400 with `code`.
CloudResponse Error400(std::string_view code, std::string_view message,
                       const CloudRequest& request);

}  // namespace sparta::local_cloud::detail
