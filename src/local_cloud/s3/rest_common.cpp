#include "local_cloud/s3/rest_common.hpp"

#include <cctype>

#include "sparta/util/base64.hpp"
#include "sparta/util/digest.hpp"

#include "local_cloud/s3/digests.hpp"
#include "local_cloud/s3/errors.hpp"

namespace sparta::local_cloud::s3 {

const std::string* RestCall::HeaderOrTrailer(std::string_view name) const {
  if (const std::string* value = Header(name)) return value;
  return aws::FindHeader(trailers, name);
}

std::string RestCall::Region() const {
  return request.region.empty() ? core.context.region : request.region;
}

std::string RestCall::Resource() const {
  std::string resource = "/";
  resource += target.bucket;
  if (!target.key.empty()) {
    resource += "/";
    resource += target.key;
  }
  return resource;
}

CloudResponse ErrorResponse(const RestCall& call, const Error& error) {
  int status = HttpStatusOf(error.code);
  std::string_view code = error.code;
  if (status == 500 && code != "InternalError") code = "InternalError";
  std::string message = error.message;
  if (code != error.code) {
    message = "We encountered an internal error. Please try again. (";
    message += error.code;
    message += ": ";
    message += error.message;
    message += ")";
  }
  CloudResponse response = S3Error(status, code, message, call.Resource(), call.request.request_id);
  if (call.IsHead() || status == 304) response.body.clear();
  return response;
}

CloudResponse XmlResponse(const RestCall& call, std::string body, int status) {
  CloudResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/xml"},
                      {"x-amz-request-id", call.request.request_id}};
  response.body = std::move(body);
  return response;
}

CloudResponse EmptyResponse(const RestCall& call, int status) {
  CloudResponse response;
  response.status = status;
  response.headers = {{"x-amz-request-id", call.request.request_id}};
  return response;
}

Result<std::map<std::string, std::string>> VerifyBodyDigests(const RestCall& call,
                                                             std::string_view bytes) {
  if (const std::string* md5 = call.Header("content-md5")) {
    auto raw = util::Base64Decode(*md5);
    if (!raw || raw->size() != 16) {
      return MakeError("InvalidDigest",
                       "The Content-MD5 you specified was invalid: send the base64 of the "
                       "16-byte MD5 digest of the body.");
    }
    if (*raw != Md5(bytes)) {
      return MakeError("BadDigest",
                       "The Content-MD5 you specified did not match what we received.");
    }
  }
  std::map<std::string, std::string> verified;
  auto check = [&](const std::string& name, const std::string& value) -> Status {
    std::string_view lower = name;
    constexpr std::string_view kPrefix = "x-amz-checksum-";
    if (lower.size() <= kPrefix.size()) return {};
    std::string prefix;
    for (std::size_t i = 0; i < kPrefix.size(); ++i) {
      prefix.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(lower[i]))));
    }
    if (prefix != kPrefix) return {};
    std::string_view suffix = lower.substr(kPrefix.size());
    std::string suffix_lower;
    for (char c : suffix) suffix_lower.push_back(static_cast<char>(std::tolower(c)));
    if (suffix_lower == "mode" || suffix_lower == "algorithm" || suffix_lower == "type") return {};
    const ChecksumAlgorithm* algorithm = FindChecksum(suffix_lower);
    if (algorithm == nullptr) {
      std::string message = "sparta-local's S3 cannot verify x-amz-checksum-";
      message += suffix_lower;
      message += "; use CRC32, CRC32C, CRC64NVME, SHA1 or SHA256 (or no checksum).";
      return MakeError("InvalidRequest", std::move(message));
    }
    if (ComputeChecksum(*algorithm, bytes) != value) {
      std::string message = "The ";
      message += algorithm->name;
      message += " you specified did not match the calculated checksum.";
      return MakeError("BadDigest", std::move(message));
    }
    verified[std::string(algorithm->name)] = value;
    return {};
  };
  for (const auto& [name, value] : call.request.headers) {
    if (auto ok = check(name, value); !ok) return ok.error();
  }
  for (const auto& [name, value] : call.trailers) {
    if (auto ok = check(name, value); !ok) return ok.error();
  }
  return verified;
}

Status ParseXmlBody(std::string_view body, std::string_view root, pugi::xml_document& document) {
  pugi::xml_parse_result parsed = document.load_buffer(
      body.data(), body.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
  if (!parsed) {
    std::string detail = parsed.description();
    detail += " at byte ";
    detail += std::to_string(parsed.offset);
    detail += ".";
    return MalformedXml(detail);
  }
  pugi::xml_node element = document.document_element();
  if (!element || LocalName(element) != root) {
    std::string detail = "the root element must be <";
    detail += root;
    detail += ">.";
    return MalformedXml(detail);
  }
  return {};
}

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node ChildNamed(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node child : node.children()) {
    if (child.type() == pugi::node_element && LocalName(child) == name) return child;
  }
  return {};
}

std::string ChildText(const pugi::xml_node& node, std::string_view name) {
  return ChildNamed(node, name).text().get();
}

std::string TrimmedChildText(const pugi::xml_node& node, std::string_view name) {
  std::string_view text = ChildNamed(node, name).text().get();
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string OwnerId(const ServiceCore& core) { return util::Sha256Hex(core.context.account_id); }

void WriteOwner(XmlWriter& xml, const ServiceCore& core, std::string_view element) {
  xml.Open(element).Element("ID", OwnerId(core)).Element("DisplayName", kOwnerDisplayName);
  xml.Close(element);
}

}  // namespace sparta::local_cloud::s3
