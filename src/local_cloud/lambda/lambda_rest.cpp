// Lambda's REST API over LambdaService: routing and the operations. Bodies
// are decoded by rest_requests, answers shaped by rest_responses. Never
// throws: anything unexpected is a 500 ServiceException.
#include <algorithm>
#include <cstdlib>
#include <exception>
#include <optional>
#include <vector>

#include "function_document.hpp"
#include "function_names.hpp"
#include "lambda_core.hpp"
#include "rest_requests.hpp"
#include "rest_responses.hpp"
#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/json/json.hpp"
#include "sparta/local_cloud/lambda_service.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::local_cloud {
namespace {

using detail::BodyObject;
using detail::DecodeZipFile;
using detail::Error400;
using detail::ErrorResponse;
using detail::Json;
using detail::NoContent;
using detail::SpecReader;

constexpr std::size_t kMaxSyncPayload = 6291456;   // 6 MB, RequestResponse
constexpr std::size_t kMaxEventPayload = 262144;   // 256 KB, Event
constexpr int kDefaultListItems = 50;

class RestApi {
 public:
  RestApi(LambdaService& service, detail::LambdaCore& core, const CloudRequest& request)
      : service_(service), core_(core), request_(request) {}

  CloudResponse Handle() {
    std::vector<std::string> segments = Segments(request_.path);
    const std::string& method = request_.method;
    std::size_t n = segments.size();
    if (n >= 2 && segments[1] == "functions") {
      if (segments[0] == "2015-03-31") {
        if (n == 2 && method == "GET") return List();
        if (n == 2 && method == "POST") return Create();
        if (n == 3 && method == "GET") return Get(segments[2], false);
        if (n == 3 && method == "DELETE") return Delete(segments[2]);
        if (n == 4 && segments[3] == "invocations" && method == "POST") {
          return Invoke(segments[2]);
        }
        if (n == 4 && segments[3] == "configuration" && method == "GET") {
          return Get(segments[2], true);
        }
        if (n == 4 && segments[3] == "configuration" && method == "PUT") {
          return UpdateConfiguration(segments[2]);
        }
        if (n == 4 && segments[3] == "code" && method == "PUT") return UpdateCode(segments[2]);
        if (n == 4 && segments[3] == "code" && method == "GET") return Code(segments[2]);
      }
      if (n == 4 && segments[3] == "concurrency") {
        if (segments[0] == "2017-10-31" && method == "PUT") return PutConcurrency(segments[2]);
        if (segments[0] == "2017-10-31" && method == "DELETE") {
          return DeleteConcurrency(segments[2]);
        }
        if (segments[0] == "2019-09-30" && method == "GET") return GetConcurrency(segments[2]);
      }
    }
    std::string message = "Unknown operation: ";
    message += method;
    message += ' ';
    message += request_.path;
    message += " is not an operation of the local Lambda API";
    return RestJsonError(404, "UnknownOperationException", message, request_.request_id);
  }

 private:
  // Path segments, percent-decoded; a trailing '/' adds none.
  static std::vector<std::string> Segments(std::string_view path) {
    std::vector<std::string> out;
    while (!path.empty()) {
      if (path.front() == '/') {
        path.remove_prefix(1);
        continue;
      }
      std::size_t slash = path.find('/');
      out.push_back(aws::detail::UriDecode(path.substr(0, slash)));
      path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash);
    }
    return out;
  }

  // The function a path segment names, with the `Qualifier` query member
  // reconciled; only $LATEST exists locally.
  Result<std::string> Resolve(const std::string& segment) {
    auto ref = detail::ParseFunctionRef(segment, core_.context);
    if (!ref) return ref.error();
    FormFields query = ParseForm(request_.query);
    if (const std::string* qualifier = FindField(query, "Qualifier")) {
      if (!ref->qualifier.empty() && ref->qualifier != *qualifier) {
        return MakeError("InvalidParameterValueException",
                         "The derived qualifier from the function name does not match the "
                         "specified qualifier.");
      }
      ref->qualifier = *qualifier;
    }
    if (!ref->qualifier.empty() && ref->qualifier != "$LATEST") {
      return detail::FunctionNotFound(core_.context, ref->name, ref->qualifier);
    }
    return ref->name;
  }

  CloudResponse List() {
    FormFields query = ParseForm(request_.query);
    int max_items = kDefaultListItems;
    if (const std::string* text = FindField(query, "MaxItems")) {
      char* end = nullptr;
      long value = std::strtol(text->c_str(), &end, 10);
      if (text->empty() || *end != '\0' || value < 1 || value > 10000) {
        return Error400("InvalidParameterValueException",
                        "MaxItems must be an integer from 1 to 10000", request_);
      }
      max_items = static_cast<int>(value);
    }
    const std::string* marker = FindField(query, "Marker");
    std::vector<FunctionInfo> functions = service_.ListFunctions();  // sorted by name
    json::array items;
    std::optional<std::string> next;
    for (const auto& info : functions) {
      if (marker != nullptr && info.spec.name < *marker) continue;
      if (static_cast<int>(items.size()) == max_items) {
        next = info.spec.name;
        break;
      }
      items.push_back(detail::ConfigurationJson(info));
    }
    json::object body;
    body["Functions"] = std::move(items);
    if (next) body["NextMarker"] = *next;
    return Json(200, body, request_);
  }

  CloudResponse Get(const std::string& segment, bool configuration_only) {
    auto name = Resolve(segment);
    if (!name) return ErrorResponse(name.error(), request_);
    auto info = service_.GetFunction(*name);
    if (!info) return ErrorResponse(info.error(), request_);
    if (configuration_only) return Json(200, detail::ConfigurationJson(*info), request_);
    json::object body;
    body["Configuration"] = detail::ConfigurationJson(*info);
    json::object code;
    code["RepositoryType"] = "S3";
    std::string location = core_.context.endpoint;
    location += "/2015-03-31/functions/";
    location += *name;
    location += "/code";
    code["Location"] = location;
    body["Code"] = std::move(code);
    if (!info->spec.tags.empty()) {
      json::object tags;
      for (const auto& [key, value] : info->spec.tags) tags[key] = value;
      body["Tags"] = std::move(tags);
    }
    if (info->spec.reserved_concurrency) {
      json::object concurrency;
      concurrency["ReservedConcurrentExecutions"] = *info->spec.reserved_concurrency;
      body["Concurrency"] = std::move(concurrency);
    }
    return Json(200, body, request_);
  }

  // A local extension behind GetFunction's Code.Location: the zip itself.
  CloudResponse Code(const std::string& segment) {
    auto name = Resolve(segment);
    if (!name) return ErrorResponse(name.error(), request_);
    std::string hex;
    {
      std::lock_guard lock(core_.mu);
      auto found = core_.functions.find(*name);
      if (found == core_.functions.end()) {
        return ErrorResponse(detail::FunctionNotFound(core_.context, *name), request_);
      }
      hex = found->second->code_hex;
    }
    auto zip = core_.store->GetBlob(detail::CodeKey(hex));
    if (!zip) return ErrorResponse(zip.error(), request_);
    CloudResponse response;
    response.headers = {{"Content-Type", "application/zip"},
                        {"x-amzn-RequestId", request_.request_id}};
    response.body = std::move(*zip);
    return response;
  }

  CloudResponse Delete(const std::string& segment) {
    auto name = Resolve(segment);
    if (!name) return ErrorResponse(name.error(), request_);
    if (auto deleted = service_.DeleteFunction(*name); !deleted) {
      return ErrorResponse(deleted.error(), request_);
    }
    return NoContent(request_);
  }

  CloudResponse Create() {
    auto body = BodyObject(request_);
    if (!body) return ErrorResponse(body.error(), request_);
    FunctionSpec spec;
    SpecReader reader(*body);
    std::string name;
    reader.String("FunctionName", name);
    reader.Read(spec);
    std::map<std::string, std::string> tags;
    reader.StringMap(body->if_contains("Tags"), "Tags", tags);
    spec.tags = std::move(tags);
    if (reader.error()) return ErrorResponse(*reader.error(), request_);
    if (name.empty()) {
      return Error400("InvalidParameterValueException",
                      "FunctionName is required: name the function (1 to 64 of A-Z, a-z, 0-9, "
                      "- and _)",
                      request_);
    }
    auto ref = detail::ParseFunctionRef(name, core_.context);
    if (!ref) return ErrorResponse(ref.error(), request_);
    spec.name = ref->name;
    const json::value* code = body->if_contains("Code");
    auto zip = DecodeZipFile(code != nullptr && code->is_object()
                                 ? code->as_object().if_contains("ZipFile")
                                 : nullptr);
    if (!zip) return ErrorResponse(zip.error(), request_);
    spec.code_zip = std::move(*zip);
    auto created = service_.CreateFunction(std::move(spec));
    if (!created) return ErrorResponse(created.error(), request_);
    return Json(201, detail::ConfigurationJson(*created), request_);
  }

  // The current spec of `segment`'s function, with its code left empty
  // (UpdateFunction then keeps it).
  Result<FunctionSpec> CurrentSpec(const std::string& segment) {
    auto name = Resolve(segment);
    if (!name) return name.error();
    auto info = service_.GetFunction(*name);
    if (!info) return info.error();
    return info->spec;
  }

  CloudResponse Updated(FunctionSpec spec, int status = 200) {
    auto updated = service_.UpdateFunction(std::move(spec));
    if (!updated) return ErrorResponse(updated.error(), request_);
    return Json(status, detail::ConfigurationJson(*updated), request_);
  }

  CloudResponse UpdateConfiguration(const std::string& segment) {
    auto body = BodyObject(request_);
    if (!body) return ErrorResponse(body.error(), request_);
    auto spec = CurrentSpec(segment);
    if (!spec) return ErrorResponse(spec.error(), request_);
    SpecReader reader(*body);
    reader.Read(*spec);
    if (reader.error()) return ErrorResponse(*reader.error(), request_);
    return Updated(std::move(*spec));
  }

  CloudResponse UpdateCode(const std::string& segment) {
    auto body = BodyObject(request_);
    if (!body) return ErrorResponse(body.error(), request_);
    auto spec = CurrentSpec(segment);
    if (!spec) return ErrorResponse(spec.error(), request_);
    auto zip = DecodeZipFile(body->if_contains("ZipFile"));
    if (!zip) return ErrorResponse(zip.error(), request_);
    spec->code_zip = std::move(*zip);
    return Updated(std::move(*spec));
  }

  CloudResponse PutConcurrency(const std::string& segment) {
    auto body = BodyObject(request_);
    if (!body) return ErrorResponse(body.error(), request_);
    auto spec = CurrentSpec(segment);
    if (!spec) return ErrorResponse(spec.error(), request_);
    const json::value* value = body->if_contains("ReservedConcurrentExecutions");
    if (value == nullptr || !value->is_number() || !(value->is_int64() || value->is_uint64()) ||
        (value->is_int64() && (value->as_int64() < 0 || value->as_int64() > 1000000)) ||
        (value->is_uint64() && value->as_uint64() > 1000000)) {
      return Error400("InvalidParameterValueException",
                      "ReservedConcurrentExecutions is required: an integer of 0 or more",
                      request_);
    }
    int reserved = value->is_int64() ? static_cast<int>(value->as_int64())
                                     : static_cast<int>(value->as_uint64());
    spec->reserved_concurrency = reserved;
    auto updated = service_.UpdateFunction(std::move(*spec));
    if (!updated) return ErrorResponse(updated.error(), request_);
    json::object out;
    out["ReservedConcurrentExecutions"] = reserved;
    return Json(200, out, request_);
  }

  CloudResponse DeleteConcurrency(const std::string& segment) {
    auto spec = CurrentSpec(segment);
    if (!spec) return ErrorResponse(spec.error(), request_);
    spec->reserved_concurrency.reset();
    auto updated = service_.UpdateFunction(std::move(*spec));
    if (!updated) return ErrorResponse(updated.error(), request_);
    return NoContent(request_);
  }

  CloudResponse GetConcurrency(const std::string& segment) {
    auto spec = CurrentSpec(segment);
    if (!spec) return ErrorResponse(spec.error(), request_);
    json::object out;
    if (spec->reserved_concurrency) {
      out["ReservedConcurrentExecutions"] = *spec->reserved_concurrency;
    }
    return Json(200, out, request_);
  }

  CloudResponse Invoke(const std::string& segment) {
    auto name = Resolve(segment);
    if (!name) return ErrorResponse(name.error(), request_);
    const std::string* type_header = request_.Header("X-Amz-Invocation-Type");
    std::string type = type_header != nullptr ? *type_header : "RequestResponse";
    if (type != "RequestResponse" && type != "Event" && type != "DryRun") {
      std::string message = "1 validation error detected: Value '";
      message += type;
      message +=
          "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value "
          "set: [Event, RequestResponse, DryRun]";
      return Error400("InvalidParameterValueException", message, request_);
    }
    std::size_t limit = type == "Event" ? kMaxEventPayload : kMaxSyncPayload;
    if (request_.body.size() > limit) {
      std::string message = "Request must be smaller than ";
      message += std::to_string(limit);
      message += " bytes for the InvokeFunction operation";
      return RestJsonError(413, "RequestEntityTooLargeException", message, request_.request_id);
    }
    std::string payload = request_.body.empty() ? std::string("{}") : request_.body;
    std::error_code ec;
    json::parse(payload, ec, {}, jsonutil::ParseOptions());
    if (ec) {
      std::string message = "Could not parse request body into json: Could not parse payload "
                            "into json: ";
      message += ec.message();
      return Error400("InvalidRequestContentException", message, request_);
    }
    local::InvokeOptions options;
    options.request_id = request_.request_id;
    if (const std::string* context = request_.Header("X-Amz-Client-Context")) {
      auto decoded = util::Base64Decode(*context);
      std::error_code context_ec;
      if (decoded) json::parse(*decoded, context_ec, {}, jsonutil::ParseOptions());
      if (!decoded || context_ec) {
        return Error400("InvalidRequestContentException",
                        "Client context must be a valid Base64-encoded JSON object.", request_);
      }
      options.client_context = std::move(*decoded);
    }
    if (const std::string* trace = request_.Header("X-Amzn-Trace-Id")) options.trace_id = *trace;
    if (auto info = service_.GetFunction(*name); !info) {
      return ErrorResponse(info.error(), request_);
    }
    if (type == "DryRun") return NoContent(request_);
    if (type == "Event") return Enqueue(*name, std::move(payload), std::move(options));

    auto result = detail::InvokeFunction(core_, *name, payload, options);
    if (!result) return ErrorResponse(result.error(), request_);
    CloudResponse response;
    response.status = 200;
    response.headers = {
        {"Content-Type",
         result->content_type.empty() ? std::string("application/json") : result->content_type},
        {"X-Amz-Executed-Version",
         result->executed_version.empty() ? std::string("$LATEST") : result->executed_version},
        {"x-amzn-RequestId",
         result->request_id.empty() ? request_.request_id : result->request_id}};
    if (!result->function_error.empty()) {
      response.headers.emplace_back("X-Amz-Function-Error", result->function_error);
    }
    if (const std::string* log_type = request_.Header("X-Amz-Log-Type");
        log_type != nullptr && *log_type == "Tail") {
      response.headers.emplace_back("X-Amz-Log-Result", util::Base64Encode(result->LogTail(4096)));
    }
    response.body = std::move(result->payload);
    return response;
  }

  CloudResponse Enqueue(std::string name, std::string payload, local::InvokeOptions options) {
    detail::LambdaCore* core = &core_;
    bool queued = core_.events->Push(
        [core, name = std::move(name), payload = std::move(payload), options = std::move(options)] {
          // The outcome goes to the function's log (InvokeFunction appends it);
          // a throttled or failed event is dropped, as after Lambda's retries.
          (void)detail::InvokeFunction(*core, name, payload, options);
        });
    if (!queued) {
      return ErrorResponse(MakeError("TooManyRequestsException",
                                     "Rate Exceeded. (the local queue of Event invocations is "
                                     "full: retry later)"),
                           request_);
    }
    CloudResponse response;
    response.status = 202;
    response.headers = {{"x-amzn-RequestId", request_.request_id}};
    return response;
  }

  LambdaService& service_;
  detail::LambdaCore& core_;
  const CloudRequest& request_;
};

}  // namespace

CloudResponse LambdaService::HandleRest(const CloudRequest& request) {
  try {
    return RestApi(*this, *state_, request).Handle();
  } catch (const std::exception& e) {
    std::string message = "The local Lambda failed on this request: ";
    message += e.what();
    return RestJsonError(500, "ServiceException", message, request.request_id);
  } catch (...) {
    return RestJsonError(500, "ServiceException", "The local Lambda failed on this request",
                         request.request_id);
  }
}

}  // namespace sparta::local_cloud
