#pragma once
// Editing one function's entry in an S3 bucket's notification configuration
// while keeping everything else in it: the read-modify-write that lets
// several owners (stacks, people, other tools) share one bucket's
// notifications. S3 has no call that adds or removes a single entry.
//
// **Example**:
//   auto now = s3.GetBucketNotificationConfiguration("photos");
//   auto next = aws::s3::WithFunctionNotification(*now, "Gallery-Worker",
//                                                 aws::s3::FunctionNotification{...});
//   s3.PutBucketNotificationConfiguration("photos", *next);

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::aws::s3 {

/// One Lambda entry (S3's LambdaFunctionConfiguration, written on the wire
/// as <CloudFunctionConfiguration>).
struct FunctionNotification {
  std::string function_arn{};
  std::vector<std::string> events{};  // "s3:ObjectCreated:*", ...
  std::string prefix{};               // key filter rules; empty: none
  std::string suffix{};
};

/// `document` (a <NotificationConfiguration>, as GetBucketNotificationConfiguration
/// returns it) without the Lambda entries whose <Id> is `id`, and with
/// `entry` added under that Id when given. Every other element (queues,
/// topics, EventBridge, other functions, kinds this code does not know) is
/// kept as it was, namespace included. An empty document is an empty
/// configuration. Error "InvalidArgument": `id` empty or over 255
/// characters; "InvalidResponse": `document` is not a notification
/// configuration.
Result<std::string> WithFunctionNotification(std::string_view document, std::string_view id,
                                             const std::optional<FunctionNotification>& entry);

/// The Ids of the Lambda entries of `document` (for checks and tests).
Result<std::vector<std::string>> FunctionNotificationIds(std::string_view document);

}  // namespace sparta::aws::s3
