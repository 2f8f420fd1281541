// S3Client's bucket notification configuration: GET and PUT `?notification`.

#include <string>

#include "sparta/aws/s3_client.hpp"

#include "md5.hpp"
#include "s3_request.hpp"
#include "xml_reader.hpp"

namespace sparta::aws {

using detail::CheckS3Names;
using detail::MakeS3Request;

namespace {

constexpr std::string_view kRoot = "NotificationConfiguration";
constexpr std::string_view kEmpty =
    "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>";

}  // namespace

Result<std::string> S3Client::GetBucketNotificationConfiguration(std::string_view bucket) const {
  constexpr std::string_view kOperation = "GetBucketNotificationConfiguration";
  if (auto ok = CheckS3Names(kOperation, bucket, {}, false); !ok) return ok.error();
  auto response =
      client_->Send(MakeS3Request(client_->endpoint(), "GET", bucket, {}, "notification"),
                    std::string(kOperation));
  if (!response) return response.error();
  // Checked, not kept: the caller gets S3's bytes, but never a page that is
  // not a notification configuration.
  auto document = detail::ParseXml(response->body, "S3 GetBucketNotificationConfiguration");
  if (!document) return document.error();
  const pugi::xml_node element = (*document)->document_element();
  const std::string_view root = element.name();
  if (root != kRoot && !element.first_child()) {
    // An empty answer under another name (moto's, for a bucket without a
    // configuration) is an empty configuration.
    return std::string(kEmpty);
  }
  if (root != kRoot) {
    std::string message = "S3 GetBucketNotificationConfiguration returned <";
    message.append(root);
    message += "> where <NotificationConfiguration> was expected";
    return MakeError("InvalidResponse", std::move(message));
  }
  return std::move(response->body);
}

Status S3Client::PutBucketNotificationConfiguration(std::string_view bucket,
                                                    std::string_view xml) const {
  constexpr std::string_view kOperation = "PutBucketNotificationConfiguration";
  if (auto ok = CheckS3Names(kOperation, bucket, {}, false); !ok) return ok.error();
  HttpRequest request =
      MakeS3Request(client_->endpoint(), "PUT", bucket, {}, "notification", std::string(xml));
  request.headers.emplace_back("Content-Type", "application/xml");
  request.headers.emplace_back("Content-MD5", detail::ContentMd5(xml));
  auto response = client_->Send(std::move(request), std::string(kOperation));
  if (!response) return response.error();
  return {};
}

}  // namespace sparta::aws
