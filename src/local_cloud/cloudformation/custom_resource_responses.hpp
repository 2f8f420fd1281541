#pragma once
// CustomResourceResponses: the local stand-in for the S3 bucket CloudFormation
// hands custom resources their ResponseURL in. Each pending request gets a
// presigned S3 PUT URL on the local cloud's own endpoint,
//   <endpoint>/cloudformation-custom-resource-response-<region>/<StackId>|<LogicalResourceId>|<RequestId>
// signed with the local cloud's credentials (so the front server verifies
// it like any presigned URL); the PUT lands here instead of in S3, and the
// engine thread waiting on that request wakes up.
//
// Thread-safety: every member may be called from any thread.

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::cfn {

/// The bucket name prefix that routes an S3 request here.
inline constexpr std::string_view kResponseBucketPrefix =
    "cloudformation-custom-resource-response-";

/// The presigned URLs stay valid this long (CloudFormation's own are valid
/// for two hours).
inline constexpr std::chrono::seconds kResponseUrlLifetime{7200};

class CustomResourceResponses {
 public:
  struct Signer {
    std::string endpoint;  // "http://127.0.0.1:4566"
    std::string access_key_id;
    std::string secret_access_key;
  };
  explicit CustomResourceResponses(Signer signer) : signer_(std::move(signer)) {}

  /// Opens a slot for one request and returns its presigned ResponseURL.
  /// Errors: "InvalidArgument" when the URL cannot be signed.
  Result<std::string> Open(std::string_view region, std::string_view stack_id,
                           std::string_view logical_id, std::string_view request_id);

  /// The body PUT to the slot of `request_id`, once there is one: waits
  /// until `deadline`; nullopt on timeout or after Cancel(). `wait` false:
  /// only looks.
  std::optional<std::string> Take(std::string_view request_id,
                                  std::chrono::steady_clock::time_point deadline, bool wait = true);
  /// Forgets the slot of `request_id` (a late PUT then gets AccessDenied).
  void Close(std::string_view request_id);
  /// Wakes every waiter and makes later waits return at once.
  void Cancel();

  /// An S3 request whose bucket starts with kResponseBucketPrefix: PUT to a
  /// pending slot answers 200 as S3 would; anything else answers S3's
  /// error XML (403 AccessDenied for an unknown or closed slot, 405 for
  /// other methods).
  CloudResponse Handle(const CloudRequest& request);

 private:
  struct Slot {
    std::string key;  // "<bucket>/<StackId>|<LogicalResourceId>|<RequestId>", decoded
    std::optional<std::string> body;
  };
  Signer signer_;
  std::mutex mu_;
  std::condition_variable changed_;
  bool cancelled_ = false;
  std::map<std::string, Slot, std::less<>> slots_;  // by RequestId
};

}  // namespace sparta::local_cloud::cfn
