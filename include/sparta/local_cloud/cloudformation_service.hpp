#pragma once
// CloudFormationService: the local cloud's CloudFormation. It interprets
// templates with sparta::local's template evaluator (parameters and their
// constraints, pseudo parameters, conditions, every intrinsic, DependsOn and
// implicit ordering, DeletionPolicy), creates the resource types it supports
// through the other local services (AWS::Lambda::Function, AWS::IAM::Role,
// AWS::S3::Bucket, AWS::Logs::LogGroup, ...), runs custom resources through
// their Lambda functions, records every other type as
// simulated (with a stack event saying so), and walks CloudFormation's
// statuses and events: CREATE_*, ROLLBACK_* when a resource fails,
// UPDATE_* with replacement vs in-place and cleanup, UPDATE_ROLLBACK_*,
// DELETE_*; change sets; outputs and exports.
//
// Stack operations run on background threads, as in CloudFormation: the API
// call returns once the operation is accepted and committed to the store.
// Each step (a resource created, an event) is committed before the next, so
// after a restart Open() finds every stack in the state it had reached;
// an operation that was in progress is failed and rolled back (its reason
// says the local cloud restarted).
//
// Thread-safety: every member may be called from any thread.

#include <memory>

#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/iam_service.hpp"
#include "sparta/local_cloud/lambda_service.hpp"
#include "sparta/local_cloud/s3_service.hpp"
#include "sparta/local_cloud/state_store.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud {

/// The services resources are created in. Not owned; they must outlive the
/// CloudFormationService.
struct ResourceServices {
  S3Service* s3 = nullptr;
  LambdaService* lambda = nullptr;
  IamService* iam = nullptr;
  /// The credentials the local cloud accepts: the ResponseURLs handed to
  /// custom resources are presigned with them.
  std::string access_key_id = "test";
  std::string secret_access_key = "test";
};

class CloudFormationService {
 public:
  /// Loads the stacks in `store` and resumes (rolls back) operations a
  /// previous run left in progress.
  static Result<std::unique_ptr<CloudFormationService>> Open(StateStore& store,
                                                             CloudContext context,
                                                             ResourceServices services);
  /// Shutdown()s.
  ~CloudFormationService();
  CloudFormationService(const CloudFormationService&) = delete;
  CloudFormationService& operator=(const CloudFormationService&) = delete;

  /// The Query API for signing name "cloudformation" (the body is the
  /// form-encoded request; Action and Version are fields of it).
  ///
  /// Actions: CreateStack, UpdateStack, DeleteStack, DescribeStacks,
  /// ListStacks, DescribeStackEvents, ListStackResources,
  /// DescribeStackResources, DescribeStackResource, GetTemplate,
  /// ValidateTemplate, ListExports, CreateChangeSet, DescribeChangeSet,
  /// ExecuteChangeSet, DeleteChangeSet, ListChangeSets; any other answers
  /// 400 InvalidAction. Templates are JSON only (YAML: ValidationError
  /// "Template format error: sparta-local reads JSON templates only");
  /// TemplateURL is read from the local S3, path-style
  /// (http(s)://host[:port]/bucket/key) or virtual-host style
  /// (https://bucket.s3[.region].amazonaws.com/key). Errors use
  /// CloudFormation's codes and wording (ValidationError,
  /// AlreadyExistsException, InsufficientCapabilitiesException,
  /// ChangeSetNotFound 404, InvalidChangeSetStatus); the region of new IDs
  /// is `request.region`, else the context's.
  CloudResponse HandleQuery(const CloudRequest& request);
  /// True for an S3 request addressed to the bucket of custom resource
  /// responses (`cloudformation-custom-resource-response-<region>`, path
  /// style), which HandleCustomResourceResponse serves instead of S3.
  static bool IsCustomResourceResponse(const CloudRequest& request);
  /// A custom resource's response, PUT to the presigned ResponseURL it was
  /// given (`Custom::*` and `AWS::CloudFormation::CustomResource` run their
  /// Lambda ServiceToken for real, with CloudFormation's request and
  /// response protocol). Answers as S3 would.
  CloudResponse HandleCustomResourceResponse(const CloudRequest& request);

  /// Lets running operations reach their next committed step and stops the
  /// background threads. Later calls to HandleQuery answer
  /// "ServiceUnavailable".
  void Shutdown();

 private:
  struct State;
  explicit CloudFormationService(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace sparta::local_cloud
