// S3 multipart upload: CreateMultipartUpload → UploadPart × N →
// CompleteMultipartUpload, with AbortMultipartUpload after any failure so that
// no orphaned parts stay stored (and billed) in the bucket.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "sparta/aws/query_protocol.hpp"

#include "aws/clients/md5.hpp"
#include "aws/clients/s3_request.hpp"
#include "aws/clients/xml_reader.hpp"

namespace sparta::aws::detail {
namespace {

constexpr std::size_t kMaxPartSize = std::size_t{5} * 1024 * 1024 * 1024;

struct UploadedPart {
  int number = 0;
  std::string etag;
};

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

std::string CompleteBody(const std::vector<UploadedPart>& parts) {
  std::string body = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
  for (const UploadedPart& part : parts) {
    body += "<Part><PartNumber>" + std::to_string(part.number) + "</PartNumber><ETag>" +
            XmlEscape(part.etag) + "</ETag></Part>";
  }
  body += "</CompleteMultipartUpload>";
  return body;
}

Result<std::string> CreateUpload(const AwsClient& client, std::string_view bucket,
                                 std::string_view key, const PutObjectOptions& options) {
  HttpRequest request = MakeS3Request(client.endpoint(), "POST", bucket, key, "uploads");
  if (!options.content_type.empty()) {
    request.headers.emplace_back("Content-Type", options.content_type);
  }
  for (const auto& [name, value] : options.metadata) {
    request.headers.emplace_back("x-amz-meta-" + name, value);
  }
  auto response = client.Send(std::move(request), "CreateMultipartUpload");
  if (!response) return response.error();
  auto document = ParseXml(response->body, "S3 CreateMultipartUpload");
  if (!document) return document.error();
  std::string upload_id = Text((*document)->child("InitiateMultipartUploadResult"), "UploadId");
  if (upload_id.empty()) {
    return MakeError("InvalidResponse",
                     "S3 CreateMultipartUpload returned no "
                     "<InitiateMultipartUploadResult><UploadId>");
  }
  return upload_id;
}

Result<std::string> UploadPart(const AwsClient& client, std::string_view bucket,
                               std::string_view key, std::string_view upload_id, int number,
                               std::string_view bytes) {
  const std::string query =
      "partNumber=" + std::to_string(number) + "&uploadId=" + PercentEncode(upload_id);
  HttpRequest request =
      MakeS3Request(client.endpoint(), "PUT", bucket, key, query, std::string(bytes));
  request.headers.emplace_back("Content-MD5", ContentMd5(bytes));
  auto response = client.Send(std::move(request), "UploadPart");
  if (!response) return response.error();
  const std::string* etag = FindHeader(response->headers, "ETag");
  if (etag == nullptr || etag->empty()) {
    return MakeError("InvalidResponse",
                     "S3 UploadPart returned no ETag for part " + std::to_string(number));
  }
  return *etag;
}

/// CompleteMultipartUpload can fail after S3 has answered 200: the error
/// document then arrives as the body (S3 keeps the connection alive while it
/// assembles the parts).
Result<s3::PutObjectResult> Complete(const AwsClient& client, std::string_view bucket,
                                     std::string_view key, std::string_view upload_id,
                                     const std::vector<UploadedPart>& parts) {
  HttpRequest request = MakeS3Request(client.endpoint(), "POST", bucket, key,
                                      "uploadId=" + PercentEncode(upload_id), CompleteBody(parts));
  request.headers.emplace_back("Content-Type", "application/xml");
  auto response = client.Send(std::move(request), "CompleteMultipartUpload");
  if (!response) return response.error();
  auto document = ParseXml(response->body, "S3 CompleteMultipartUpload");
  if (!document) return document.error();
  const pugi::xml_node root = (*document)->document_element();
  if (std::string_view(root.name()) == "Error") {
    return MakeError(Text(root, "Code"),
                     Text(root, "Message") + " (HTTP " + std::to_string(response->status) +
                         " with an error body, request id " + Text(root, "RequestId") + ")");
  }
  // S3 names the root CompleteMultipartUploadResult; moto names it after the
  // operation (CompleteMultipartUploadResponse). Both carry the same fields.
  const std::string_view root_name = root.name();
  if (root_name != "CompleteMultipartUploadResult" &&
      root_name != "CompleteMultipartUploadResponse") {
    return MakeError("InvalidResponse", std::string("S3 CompleteMultipartUpload returned <") +
                                            root.name() +
                                            "> where <CompleteMultipartUploadResult> was expected");
  }
  const std::string* version_id = FindHeader(response->headers, "x-amz-version-id");
  return s3::PutObjectResult{Text(root, "ETag"), version_id ? *version_id : std::string(),
                             static_cast<int>(parts.size())};
}

Status Abort(const AwsClient& client, std::string_view bucket, std::string_view key,
             std::string_view upload_id) {
  auto response = client.Send(MakeS3Request(client.endpoint(), "DELETE", bucket, key,
                                            "uploadId=" + PercentEncode(upload_id)),
                              "AbortMultipartUpload");
  if (!response) return response.error();
  return {};
}

}  // namespace

std::size_t EffectivePartSize(std::size_t requested, std::size_t body_size) {
  std::size_t part_size = std::clamp(requested, kS3MinPartSize, kMaxPartSize);
  const std::size_t needed = (body_size + kS3MaxParts - 1) / kS3MaxParts;
  return std::max(part_size, needed);
}

Result<s3::PutObjectResult> MultipartUpload(const AwsClient& client, std::string_view bucket,
                                            std::string_view key, std::string_view body,
                                            const PutObjectOptions& options) {
  auto upload_id = CreateUpload(client, bucket, key, options);
  if (!upload_id) return upload_id.error();

  const std::size_t part_size = EffectivePartSize(options.part_size, body.size());
  std::vector<UploadedPart> parts;
  auto fail = [&](Error error) -> Result<s3::PutObjectResult> {
    if (auto aborted = Abort(client, bucket, key, *upload_id); !aborted) {
      error.message += "; aborting the multipart upload " + *upload_id + " failed too (" +
                       aborted.error().code + ": " + aborted.error().message +
                       "): its parts stay stored until it is aborted, e.g. by a bucket "
                       "lifecycle rule or `aws s3api abort-multipart-upload`";
    }
    return error;
  };

  for (std::size_t offset = 0; offset < body.size(); offset += part_size) {
    const int number = static_cast<int>(parts.size()) + 1;
    auto etag = UploadPart(client, bucket, key, *upload_id, number, body.substr(offset, part_size));
    if (!etag) return fail(etag.error());
    parts.push_back(UploadedPart{number, std::move(*etag)});
    if (options.on_progress) {
      options.on_progress(std::min(offset + part_size, body.size()), body.size());
    }
  }
  auto completed = Complete(client, bucket, key, *upload_id, parts);
  if (!completed) return fail(completed.error());
  return completed;
}

}  // namespace sparta::aws::detail
