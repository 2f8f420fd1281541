// Service addressing and per-protocol error documents for the front server.

#include "local_cloud/server/protocol_errors.hpp"

#include "sparta/aws/sigv4_detail.hpp"

namespace sparta::local_cloud::server {
namespace {

// The service field of "AK/date/region/service/aws4_request", or "".
std::string ScopeService(std::string_view credential) {
  std::size_t end = credential.rfind('/');
  if (end == std::string_view::npos) return {};
  std::size_t start = credential.rfind('/', end - (end > 0 ? 1 : 0));
  if (start == std::string_view::npos || start + 1 >= end) return {};
  return std::string(credential.substr(start + 1, end - start - 1));
}

std::string CredentialOf(const CloudRequest& request) {
  if (const std::string* authorization = request.Header("Authorization")) {
    std::size_t at = authorization->find("Credential=");
    if (at != std::string::npos) {
      at += 11;
      std::size_t end = authorization->find_first_of(", ", at);
      return authorization->substr(at, end == std::string::npos ? std::string::npos : end - at);
    }
  }
  if (request.query.find("X-Amz-Credential=") != std::string::npos) {
    const FormFields fields = ParseForm(request.query);
    if (const std::string* credential = FindField(fields, "X-Amz-Credential")) return *credential;
  }
  return {};
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

WireProtocol ProtocolOf(std::string_view service) {
  if (service == "s3") return WireProtocol::kRestXml;
  if (service == "lambda") return WireProtocol::kRestJson;
  return WireProtocol::kQuery;
}

std::string AddressedService(const CloudRequest& request) {
  if (std::string service = ScopeService(CredentialOf(request)); !service.empty()) {
    return service;
  }
  if (StartsWith(request.path, "/2015-03-31/") || StartsWith(request.path, "/2017-10-31/")) {
    return "lambda";
  }
  if (request.body.find("Action=") != std::string::npos) {
    const FormFields fields = ParseForm(request.body);
    if (FindField(fields, "Action") != nullptr) {
      const std::string* version = FindField(fields, "Version");
      if (version != nullptr && *version == "2011-06-15") return "sts";
      if (version != nullptr && *version == "2010-05-08") return "iam";
      return "cloudformation";
    }
  }
  return "s3";
}

CloudResponse ErrorFor(std::string_view service, int status, ProtocolCodes codes,
                       std::string_view message, const CloudRequest& request) {
  switch (ProtocolOf(service)) {
    case WireProtocol::kRestXml: {
      CloudResponse response = S3Error(status, codes.s3, message,
                                       aws::detail::UriDecode(request.path), request.request_id);
      if (request.method == "HEAD") {
        response.head_content_length = 0;
        response.body.clear();
      }
      return response;
    }
    case WireProtocol::kRestJson:
      return RestJsonError(status, codes.json, message, request.request_id);
    case WireProtocol::kQuery:
      break;
  }
  std::string_view xmlns = kCloudFormationXmlns;
  if (service == "sts") xmlns = kStsXmlns;
  if (service == "iam") xmlns = kIamXmlns;
  return QueryError(status, codes.query, message, request.request_id, xmlns);
}

}  // namespace sparta::local_cloud::server
