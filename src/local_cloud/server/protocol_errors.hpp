#pragma once
// Which service (and so which wire protocol) a request addresses before, or
// without, a verified signature, and the error document of that protocol.
// The server uses these for the errors it answers itself: bad signatures,
// oversized bodies, malformed requests, services it does not implement.

#include <string>
#include <string_view>

#include "sparta/local_cloud/cloud_http.hpp"

namespace sparta::local_cloud::server {

enum class WireProtocol {
  kQuery,     // cloudformation, sts, iam (and any other form-encoded Action= service)
  kRestXml,   // s3
  kRestJson,  // lambda
};

/// The protocol of a signing name: "s3" → REST-XML, "lambda" → REST-JSON,
/// everything else → Query.
WireProtocol ProtocolOf(std::string_view service);

/// The service a request addresses: the signing name in its credential scope
/// (Authorization header or X-Amz-Credential query parameter) when it has a
/// readable one; else path /2015-03-31/ or /2017-10-31/ → "lambda"; a form
/// body with Action= → "sts" for Version=2011-06-15, "iam" for 2010-05-08,
/// else "cloudformation"; anything else → "s3".
std::string AddressedService(const CloudRequest& request);

/// An error in the protocol `service` speaks. `query_code`, `s3_code` and
/// `json_code` are the codes AWS uses for the same condition in each
/// protocol. Query documents use the service's XML namespace; S3 documents
/// name the request path as Resource.
struct ProtocolCodes {
  std::string_view query;
  std::string_view s3;
  std::string_view json;
};
CloudResponse ErrorFor(std::string_view service, int status, ProtocolCodes codes,
                       std::string_view message, const CloudRequest& request);

}  // namespace sparta::local_cloud::server
