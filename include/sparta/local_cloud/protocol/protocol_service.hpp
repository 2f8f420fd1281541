#pragma once
// The protocol engine: one local service's wire side, driven by its AWS
// service model. It finds the operation a request names, decodes the input
// into a value shaped like the model, validates it (required members, enums,
// lengths, ranges, patterns) with AWS's wording, calls the operation's
// handler, and writes its output or error as the protocol does. A local
// service supplies only the handlers: adding an operation is writing its
// behaviour.
//
// What it answers by itself:
//  * an operation the model does not know: the protocol's "unknown
//    operation" error (Query: InvalidAction; JSON:
//    UnknownOperationException);
//  * one the model knows but no handler serves: 501 "NotImplemented",
//    naming the operation, so a client learns at once what sparta-local
//    lacks rather than getting a wrong answer;
//  * an input that breaks the model: 400 "ValidationError" (JSON:
//    "ValidationException"; a document that is not JSON, or a member of
//    the wrong JSON type: "SerializationException");
//  * a handler that throws: 500 "InternalFailure".
//
// Protocols: "query" and "json" (awsJson 1.0 and 1.1). The REST protocols
// (S3's rest-xml, Lambda's rest-json) still have hand-written wire code in
// their services.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/protocol/service_model.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::protocol {

/// One call of an operation, its input decoded and valid.
struct Call {
  const CloudRequest& request;
  const Operation& operation;
  json::value input;  // an object keyed by member name (empty when no input)

  /// The input's string member `name` (a view into `input`), or nullopt.
  std::optional<std::string_view> String(std::string_view name) const;
  /// The input's integer member `name`, or `fallback`.
  std::int64_t Integer(std::string_view name, std::int64_t fallback) const;
  /// The input's boolean member `name`, or `fallback`.
  bool Boolean(std::string_view name, bool fallback) const;
};

/// An operation's behaviour: its output (an object keyed by member name;
/// null when the operation answers nothing), or an Error whose code is an
/// error the model lists for the service (its HTTP status and fault come
/// from there; other codes are 400, and "Io"/"Corrupt" 500).
using OperationHandler = std::function<Result<json::value>(const Call&)>;

class ProtocolService {
 public:
  /// Errors: "InvalidModel" when `model`'s protocol is not one the engine
  /// speaks, or a handler names an operation the model does not define.
  static Result<std::unique_ptr<ProtocolService>> Create(
      std::shared_ptr<const ServiceModel> model,
      std::map<std::string, OperationHandler, std::less<>> handlers);

  /// Answers `request`; never throws.
  CloudResponse Handle(const CloudRequest& request) const;

  const ServiceModel& model() const { return *model_; }

 private:
  ProtocolService(std::shared_ptr<const ServiceModel> model,
                  std::map<std::string, OperationHandler, std::less<>> handlers);
  CloudResponse HandleQuery(const CloudRequest& request) const;
  CloudResponse HandleJson(const CloudRequest& request) const;
  bool IsJson() const;
  std::string JsonContentType() const;
  CloudResponse Invoke(const CloudRequest& request, const Operation& operation,
                       json::value input) const;
  CloudResponse ErrorResponse(const CloudRequest& request, int status, std::string_view code,
                              std::string_view message) const;
  /// The status of a handler's error code.
  int StatusOf(std::string_view code) const;

  std::shared_ptr<const ServiceModel> model_;
  std::map<std::string, OperationHandler, std::less<>> handlers_;
};

}  // namespace sparta::local_cloud::protocol
