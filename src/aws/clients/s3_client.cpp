#include "sparta/aws/s3_client.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <iterator>
#include <utility>

#include "sparta/aws/aws_error.hpp"
#include "sparta/aws/query_protocol.hpp"
#include "sparta/aws/s3_addressing.hpp"
#include "sparta/util/ascii.hpp"
#include "sparta/util/digest.hpp"

#include "aws/clients/md5.hpp"
#include "aws/clients/s3_request.hpp"
#include "aws/clients/xml_reader.hpp"

namespace sparta::aws {
namespace detail {

HttpRequest MakeS3Request(const Endpoint& endpoint, std::string method, std::string_view bucket,
                          std::string_view key, std::string query, std::string body) {
  S3Location location = LocateS3(endpoint, bucket, key);
  HttpRequest request;
  request.method = std::move(method);
  request.host = std::move(location.host);
  request.path = std::move(location.path);
  request.query = std::move(query);
  request.headers.emplace_back("x-amz-content-sha256", util::Sha256Hex(body));
  request.body = std::move(body);
  return request;
}

Status CheckS3Names(std::string_view operation, std::string_view bucket, std::string_view key,
                    bool needs_key) {
  if (bucket.empty()) {
    return MakeError("InvalidArgument",
                     "S3 " + std::string(operation) + ": the bucket name is empty");
  }
  if (needs_key && key.empty()) {
    return MakeError("InvalidArgument",
                     "S3 " + std::string(operation) + ": the object key is empty");
  }
  return {};
}

}  // namespace detail

namespace {

using detail::CheckS3Names;
using detail::MakeS3Request;

constexpr std::string_view kMetaPrefix = "x-amz-meta-";

std::string HeaderOr(const HeaderList& headers, std::string_view name) {
  const std::string* value = FindHeader(headers, name);
  return value ? *value : std::string();
}

uint64_t ToUint64(std::string_view text) {
  uint64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

s3::ObjectInfo ReadObjectHeaders(const HeaderList& headers) {
  s3::ObjectInfo info;
  info.exists = true;
  info.etag = HeaderOr(headers, "ETag");
  info.size = ToUint64(HeaderOr(headers, "Content-Length"));
  info.content_type = HeaderOr(headers, "Content-Type");
  info.last_modified = HeaderOr(headers, "Last-Modified");
  info.version_id = HeaderOr(headers, "x-amz-version-id");
  for (const auto& [name, value] : headers) {
    const std::string lower = util::ToLowerAscii(name);
    if (lower.size() > kMetaPrefix.size() && lower.starts_with(kMetaPrefix)) {
      info.metadata.emplace_back(lower.substr(kMetaPrefix.size()), value);
    }
  }
  return info;
}

/// S3's "url" encoding-type: percent-escapes, '+' for a space.
std::string UrlDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() &&
               std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      int value = 0;
      std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      out.push_back(static_cast<char>(value));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

/// A 404 without a body: AwsClient names it by status ("NotFound", "Http404")
/// or, when S3 sent a body after all, by S3's code.
bool IsNotFound(const Error& error) {
  return error.code == "NotFound" || error.code == "Http404" || error.code == "NoSuchKey" ||
         error.code == "NoSuchBucket";
}

void AddQuery(std::string& query, std::string_view name, std::string_view value) {
  if (!query.empty()) query.push_back('&');
  query += name;
  query.push_back('=');
  query += PercentEncode(value);
}

}  // namespace

S3Client::S3Client(std::shared_ptr<const AwsClient> client) : client_(std::move(client)) {}

Status S3Client::CreateBucket(std::string_view bucket) const {
  if (auto ok = CheckS3Names("CreateBucket", bucket, {}, false); !ok) return ok.error();
  const std::string& region = client_->endpoint().signing_region;
  std::string body;
  // us-east-1 is S3's default location and rejects an explicit constraint.
  if (!region.empty() && region != "us-east-1") {
    body =
        "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        "<LocationConstraint>" +
        region + "</LocationConstraint></CreateBucketConfiguration>";
  }
  HttpRequest request = MakeS3Request(client_->endpoint(), "PUT", bucket, {}, {}, std::move(body));
  if (!request.body.empty()) request.headers.emplace_back("Content-Type", "application/xml");
  auto response = client_->Send(std::move(request), "CreateBucket");
  if (!response) return response.error();
  return {};
}

Result<s3::BucketInfo> S3Client::HeadBucket(std::string_view bucket) const {
  if (auto ok = CheckS3Names("HeadBucket", bucket, {}, false); !ok) return ok.error();
  auto response =
      client_->Send(MakeS3Request(client_->endpoint(), "HEAD", bucket, {}), "HeadBucket");
  if (!response) {
    if (IsNotFound(response.error())) return s3::BucketInfo{};
    return response.error();
  }
  // A 301: the bucket exists, in another region than the endpoint's; the
  // error names that region, since every later call would fail the same way.
  if (response->status >= 300) return MakeAwsError(*response);
  return s3::BucketInfo{true, HeaderOr(response->headers, "x-amz-bucket-region")};
}

Result<s3::PutObjectResult> S3Client::PutObject(std::string_view bucket, std::string_view key,
                                                std::string_view body,
                                                const PutObjectOptions& options) const {
  if (auto ok = CheckS3Names("PutObject", bucket, key, true); !ok) return ok.error();
  if (body.size() > options.multipart_threshold) {
    return detail::MultipartUpload(*client_, bucket, key, body, options);
  }
  HttpRequest request =
      MakeS3Request(client_->endpoint(), "PUT", bucket, key, {}, std::string(body));
  request.headers.emplace_back("Content-MD5", detail::ContentMd5(body));
  if (!options.content_type.empty()) {
    request.headers.emplace_back("Content-Type", options.content_type);
  }
  for (const auto& [name, value] : options.metadata) {
    request.headers.emplace_back(std::string(kMetaPrefix) + name, value);
  }
  auto response = client_->Send(std::move(request), "PutObject");
  if (!response) return response.error();
  if (options.on_progress) options.on_progress(body.size(), body.size());
  return s3::PutObjectResult{HeaderOr(response->headers, "ETag"),
                             HeaderOr(response->headers, "x-amz-version-id"), 0};
}

Result<s3::Object> S3Client::GetObject(std::string_view bucket, std::string_view key) const {
  if (auto ok = CheckS3Names("GetObject", bucket, key, true); !ok) return ok.error();
  auto response =
      client_->Send(MakeS3Request(client_->endpoint(), "GET", bucket, key), "GetObject");
  if (!response) return response.error();
  s3::Object object;
  object.info = ReadObjectHeaders(response->headers);
  object.info.size = response->body.size();
  object.body = std::move(response->body);
  return object;
}

Result<s3::ObjectInfo> S3Client::HeadObject(std::string_view bucket, std::string_view key) const {
  if (auto ok = CheckS3Names("HeadObject", bucket, key, true); !ok) return ok.error();
  auto response =
      client_->Send(MakeS3Request(client_->endpoint(), "HEAD", bucket, key), "HeadObject");
  if (!response) {
    if (IsNotFound(response.error())) return s3::ObjectInfo{};
    return response.error();
  }
  return ReadObjectHeaders(response->headers);
}

Result<s3::ListObjectsPage> S3Client::ListObjectsV2(const ListObjectsRequest& request) const {
  if (auto ok = CheckS3Names("ListObjectsV2", request.bucket, {}, false); !ok) return ok.error();
  // Parameters in sorted order, so the wire query is already canonical.
  std::string query;
  if (!request.continuation_token.empty()) {
    AddQuery(query, "continuation-token", request.continuation_token);
  }
  if (!request.delimiter.empty()) AddQuery(query, "delimiter", request.delimiter);
  // Keys may hold characters XML 1.0 cannot carry; "url" makes S3 escape them.
  AddQuery(query, "encoding-type", "url");
  AddQuery(query, "list-type", "2");
  if (request.max_keys > 0) AddQuery(query, "max-keys", std::to_string(request.max_keys));
  if (!request.prefix.empty()) AddQuery(query, "prefix", request.prefix);

  auto response =
      client_->Send(MakeS3Request(client_->endpoint(), "GET", request.bucket, {}, std::move(query)),
                    "ListObjectsV2");
  if (!response) return response.error();
  auto document = detail::ParseXml(response->body, "S3 ListObjectsV2");
  if (!document) return document.error();
  const pugi::xml_node root = (*document)->document_element();
  if (std::string_view(root.name()) != "ListBucketResult") {
    return MakeError("InvalidResponse", std::string("S3 ListObjectsV2 returned <") + root.name() +
                                            "> where <ListBucketResult> was expected");
  }
  const bool url_encoded = detail::Text(root, "EncodingType") == "url";
  auto decode = [url_encoded](std::string text) { return url_encoded ? UrlDecode(text) : text; };
  s3::ListObjectsPage page;
  for (const pugi::xml_node contents : root.children("Contents")) {
    s3::ObjectSummary object;
    object.key = decode(detail::Text(contents, "Key"));
    object.last_modified = detail::Text(contents, "LastModified");
    object.etag = detail::Text(contents, "ETag");
    object.size = static_cast<uint64_t>(detail::Int(contents, "Size").value_or(0));
    object.storage_class = detail::Text(contents, "StorageClass");
    page.objects.push_back(std::move(object));
  }
  for (const pugi::xml_node prefix : root.children("CommonPrefixes")) {
    page.common_prefixes.push_back(decode(detail::Text(prefix, "Prefix")));
  }
  page.is_truncated = detail::Bool(root, "IsTruncated").value_or(false);
  page.next_continuation_token = detail::Text(root, "NextContinuationToken");
  if (page.is_truncated && page.next_continuation_token.empty()) {
    return MakeError("InvalidResponse",
                     "S3 ListObjectsV2 returned a truncated page without a NextContinuationToken");
  }
  return page;
}

Result<std::vector<s3::ObjectSummary>> S3Client::ListAllObjects(std::string_view bucket,
                                                                std::string_view prefix) const {
  std::vector<s3::ObjectSummary> all;
  ListObjectsRequest request;
  request.bucket = std::string(bucket);
  request.prefix = std::string(prefix);
  while (true) {
    auto page = ListObjectsV2(request);
    if (!page) return page.error();
    std::move(page->objects.begin(), page->objects.end(), std::back_inserter(all));
    if (!page->is_truncated) break;
    request.continuation_token = std::move(page->next_continuation_token);
  }
  return all;
}

Status S3Client::DeleteObject(std::string_view bucket, std::string_view key) const {
  if (auto ok = CheckS3Names("DeleteObject", bucket, key, true); !ok) return ok.error();
  auto response =
      client_->Send(MakeS3Request(client_->endpoint(), "DELETE", bucket, key), "DeleteObject");
  if (!response) return response.error();
  return {};
}

}  // namespace sparta::aws
