// S3 query-string authentication, Signature Version 2.

#include "local_cloud/server/s3_sigv2_query.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::local_cloud::server::detail {
namespace {

// The query parameters that name a sub-resource and so are signed.
constexpr std::array<std::string_view, 38> kSubResources = {"accelerate",
                                                            "acl",
                                                            "analytics",
                                                            "cors",
                                                            "defaultObjectAcl",
                                                            "delete",
                                                            "inventory",
                                                            "lifecycle",
                                                            "location",
                                                            "logging",
                                                            "metrics",
                                                            "notification",
                                                            "object-lock",
                                                            "partNumber",
                                                            "policy",
                                                            "replication",
                                                            "requestPayment",
                                                            "response-cache-control",
                                                            "response-content-disposition",
                                                            "response-content-encoding",
                                                            "response-content-language",
                                                            "response-content-type",
                                                            "response-expires",
                                                            "restore",
                                                            "select",
                                                            "select-type",
                                                            "storageClass",
                                                            "tagging",
                                                            "torrent",
                                                            "uploadId",
                                                            "uploads",
                                                            "versionId",
                                                            "versioning",
                                                            "versions",
                                                            "website",
                                                            "attributes",
                                                            "legal-hold",
                                                            "retention"};

bool IsSubResource(std::string_view name) {
  return std::find(kSubResources.begin(), kSubResources.end(), name) != kSubResources.end();
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Trim(std::string_view text) {
  std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return {};
  std::size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

}  // namespace

std::optional<SigV2Query> FindSigV2Query(std::string_view query) {
  const FormFields fields = ParseForm(query);
  const std::string* key = FindField(fields, "AWSAccessKeyId");
  const std::string* signature = FindField(fields, "Signature");
  if (key == nullptr && signature == nullptr) return std::nullopt;
  SigV2Query out;
  if (key) out.access_key_id = *key;
  if (signature) out.signature = *signature;
  if (const std::string* expires = FindField(fields, "Expires")) out.expires = *expires;
  return out;
}

std::string SigV2StringToSign(const CloudRequest& request, std::string_view expires) {
  std::string out = request.method;
  out += '\n';
  if (const std::string* md5 = request.Header("Content-MD5")) out += Trim(*md5);
  out += '\n';
  if (const std::string* type = request.Header("Content-Type")) out += Trim(*type);
  out += '\n';
  out.append(expires);
  out += '\n';

  std::vector<std::pair<std::string, std::string>> amz;
  for (const auto& [name, value] : request.headers) {
    std::string lower = Lower(name);
    if (lower.rfind("x-amz-", 0) != 0) continue;
    auto it = std::find_if(amz.begin(), amz.end(), [&](const auto& h) { return h.first == lower; });
    if (it == amz.end()) {
      amz.emplace_back(std::move(lower), Trim(value));
    } else {
      it->second += ',';
      it->second += Trim(value);
    }
  }
  std::sort(amz.begin(), amz.end());
  for (const auto& [name, value] : amz) {
    out += name;
    out += ':';
    out += value;
    out += '\n';
  }

  out += request.path;
  std::vector<std::pair<std::string, std::optional<std::string>>> sub;
  std::size_t start = 0;
  std::string_view query = request.query;
  while (start < query.size()) {
    std::size_t amp = query.find('&', start);
    std::string_view item =
        query.substr(start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
    std::size_t eq = item.find('=');
    std::string name(item.substr(0, eq));
    if (IsSubResource(name)) {
      if (eq == std::string_view::npos) {
        sub.emplace_back(std::move(name), std::nullopt);
      } else {
        sub.emplace_back(std::move(name), aws::detail::UriDecode(item.substr(eq + 1)));
      }
    }
    if (amp == std::string_view::npos) break;
    start = amp + 1;
  }
  std::stable_sort(sub.begin(), sub.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < sub.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += sub[i].first;
    if (sub[i].second) {
      out += '=';
      out += *sub[i].second;
    }
  }
  return out;
}

std::string SigV2Signature(std::string_view secret_access_key, std::string_view string_to_sign) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret_access_key.data(), static_cast<int>(secret_access_key.size()),
       reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size(), digest,
       &length);
  return util::Base64Encode(
      std::string_view(reinterpret_cast<const char*>(digest), static_cast<std::size_t>(length)));
}

}  // namespace sparta::local_cloud::server::detail
