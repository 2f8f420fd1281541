#pragma once
// LambdaService: the local cloud's Lambda. Functions (configuration and code
// zip) are kept in the StateStore; each runs as real processes through the
// Runtime API (sparta::local::FunctionProcess), with Lambda's environment,
// timeouts, crash handling, limits and log framing. Warm workers are reused;
// up to the function's reserved concurrency (else a local cap) run in
// parallel; updating a function's code or configuration replaces its workers
// (in-flight invokes finish on the old ones).
//
// The typed members are what the local CloudFormation uses for
// `AWS::Lambda::Function`; HandleRest() is the wire API (Invoke,
// GetFunction, GetFunctionConfiguration, ListFunctions, ...). Errors carry
// Lambda's own codes ("ResourceNotFoundException" 404,
// "ResourceConflictException" 409, "InvalidParameterValueException" 400,
// "TooManyRequestsException" 429, "RequestEntityTooLargeException" 413).
//
// Thread-safety: every member may be called from any thread.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/local/invoke_result.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/iam_service.hpp"
#include "sparta/local_cloud/state_store.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud {

/// What CreateFunction/UpdateFunction take (the properties of an
/// `AWS::Lambda::Function`).
struct FunctionSpec {
  std::string name;
  std::string runtime = "provided.al2023";
  std::string handler;
  std::string role_arn;
  std::string description;
  int memory_mb = 128;
  int timeout_seconds = 3;
  std::map<std::string, std::string> environment;
  std::optional<int> reserved_concurrency;
  std::vector<std::string> architectures{"x86_64"};
  std::map<std::string, std::string> tags;
  std::string tracing_mode = "PassThrough";  // "Active" | "PassThrough"
  std::string log_group;                     // empty: /aws/lambda/<name>
  /// The deployment package (a zip holding `bootstrap` for provided.*).
  std::string code_zip;
};

/// A function as GetFunction describes it.
struct FunctionInfo {
  FunctionSpec spec;  // code_zip left empty
  std::string arn;
  std::string code_sha256;  // base64 of the SHA-256 of the zip, as Lambda
  std::int64_t code_size = 0;
  std::string last_modified;  // "2026-11-27T05:58:53.123+0000"
  std::string revision_id;    // a UUID, new on every change
  std::string state = "Active";
};

struct LambdaServiceOptions {
  /// Workers per function when it declares no reserved concurrency; invokes
  /// beyond it wait for a free worker (a reserved concurrency throttles
  /// instead, as Lambda does).
  int max_workers_per_function = 8;
  /// Passed to each function's environment as AWS_ACCESS_KEY_ID etc., so
  /// code that calls AWS reaches the local cloud (`AWS_ENDPOINT_URL` is set
  /// to CloudContext::endpoint too).
  std::string access_key_id = "test";
  std::string secret_access_key = "test";
};

class LambdaService {
 public:
  /// Loads the functions already in `store`; none is started until invoked.
  /// `iam` (not owned, may be null, must outlive the service) is asked
  /// whether a role ARN exists. Drops code blobs no function uses and the
  /// extracted-code cache `<store root>/lambda-run/`. Function logs go to
  /// `<store root>/logs/<encoded group>/<encoded stream>.log`. Errors: "Io",
  /// "Corrupt" (a function document that cannot be read: names the file).
  static Result<std::unique_ptr<LambdaService>> Open(StateStore& store, CloudContext context,
                                                     const IamService* iam,
                                                     LambdaServiceOptions options = {});
  /// StopAll()s.
  ~LambdaService();
  LambdaService(const LambdaService&) = delete;
  LambdaService& operator=(const LambdaService&) = delete;

  /// "ResourceConflictException" when the name exists;
  /// "InvalidParameterValueException" for a bad spec (memory, timeout,
  /// reserved environment names, a zip without `bootstrap`, an unknown role
  /// of this account: "The role defined for the function cannot be assumed
  /// by Lambda.").
  Result<FunctionInfo> CreateFunction(FunctionSpec spec);
  /// Replaces configuration and code; "ResourceNotFoundException". An empty
  /// `spec.code_zip` keeps the current code. Idle workers stop at once,
  /// busy ones when their invoke returns; new invokes get new workers.
  Result<FunctionInfo> UpdateFunction(FunctionSpec spec);
  /// Stops its workers and forgets it; "ResourceNotFoundException".
  Status DeleteFunction(std::string_view name_or_arn);
  Result<FunctionInfo> GetFunction(std::string_view name_or_arn) const;
  std::vector<FunctionInfo> ListFunctions() const;
  /// One synchronous invoke of `name_or_arn` ($LATEST), as Invoke with
  /// RequestResponse runs it, for the other local services (CloudFormation
  /// runs custom resources through it). A function error is a successful
  /// result with `function_error` set. Errors: "ResourceNotFoundException",
  /// "InvalidParameterValueException" (a malformed name),
  /// "TooManyRequestsException" (throttled), "ServiceException".
  Result<local::InvokeResult> Invoke(std::string_view name_or_arn, std::string_view payload,
                                     local::InvokeOptions options = {});

  /// The Lambda REST API: under `/2015-03-31/functions`, POST `.../{name}/
  /// invocations` (Invoke: RequestResponse, Event, DryRun; LogType Tail;
  /// ClientContext), GET `/` (ListFunctions), POST `/` (CreateFunction with
  /// Code.ZipFile), GET/DELETE `/{name}`, GET/PUT `/{name}/configuration`,
  /// PUT `/{name}/code` (UpdateFunctionCode with ZipFile), GET `/{name}/code`
  /// (the zip: a local extension that GetFunction's Code.Location names);
  /// PUT/DELETE `/2017-10-31/functions/{name}/concurrency`, GET
  /// `/2019-09-30/functions/{name}/concurrency`. `{name}` is a name, an
  /// ARN or a partial ARN, optionally `:$LATEST` (the only version). Other
  /// requests: 404 "UnknownOperationException". Never throws.
  CloudResponse HandleRest(const CloudRequest& request);

  /// Stops every worker process (functions stay defined and restart on
  /// demand). Waits for queued `Event` invocations to finish or be dropped
  /// (queued ones are dropped; a running one ends with its stopped process).
  void StopAll();

 private:
  struct State;
  explicit LambdaService(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sparta::local_cloud
