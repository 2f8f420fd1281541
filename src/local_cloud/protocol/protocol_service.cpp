#include "sparta/local_cloud/protocol/protocol_service.hpp"

#include <exception>
#include <utility>

#include "sparta/local_cloud/protocol/json_protocol.hpp"
#include "sparta/local_cloud/protocol/query_protocol.hpp"
#include "sparta/local_cloud/protocol/validation.hpp"

namespace sparta::local_cloud::protocol {

std::optional<std::string_view> Call::String(std::string_view name) const {
  if (!input.is_object()) return std::nullopt;
  const json::value* value = input.get_object().if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string_view(value->get_string());
}

std::int64_t Call::Integer(std::string_view name, std::int64_t fallback) const {
  if (!input.is_object()) return fallback;
  const json::value* value = input.get_object().if_contains(name);
  if (value == nullptr || !value->is_int64()) return fallback;
  return value->get_int64();
}

bool Call::Boolean(std::string_view name, bool fallback) const {
  if (!input.is_object()) return fallback;
  const json::value* value = input.get_object().if_contains(name);
  if (value == nullptr || !value->is_bool()) return fallback;
  return value->get_bool();
}

Result<std::unique_ptr<ProtocolService>> ProtocolService::Create(
    std::shared_ptr<const ServiceModel> model,
    std::map<std::string, OperationHandler, std::less<>> handlers) {
  if (model->metadata().protocol != "query" && model->metadata().protocol != "json") {
    return Error{"InvalidModel",
                 "the protocol engine does not speak \"" + model->metadata().protocol + "\" yet"};
  }
  for (const auto& [name, handler] : handlers) {
    if (model->FindOperation(name) == nullptr) {
      return Error{"InvalidModel", model->metadata().service_id + " has no operation " + name};
    }
  }
  return std::unique_ptr<ProtocolService>(
      new ProtocolService(std::move(model), std::move(handlers)));
}

ProtocolService::ProtocolService(std::shared_ptr<const ServiceModel> model,
                                 std::map<std::string, OperationHandler, std::less<>> handlers)
    : model_(std::move(model)), handlers_(std::move(handlers)) {}

CloudResponse ProtocolService::Handle(const CloudRequest& request) const {
  try {
    return model_->metadata().protocol == "json" ? HandleJson(request) : HandleQuery(request);
  } catch (const std::exception& e) {
    return ErrorResponse(request, 500, "InternalFailure",
                         std::string("sparta-local failed on this request: ") + e.what());
  } catch (...) {
    return ErrorResponse(request, 500, "InternalFailure", "sparta-local failed on this request");
  }
}

CloudResponse ProtocolService::HandleQuery(const CloudRequest& request) const {
  // A POST carries the form in its body, a GET in its query string.
  FormFields fields = ParseForm(request.body);
  FormFields from_query = ParseForm(request.query);
  fields.insert(fields.end(), from_query.begin(), from_query.end());
  const std::string* action = FindField(fields, "Action");
  const Operation* operation = action == nullptr ? nullptr : model_->FindOperation(*action);
  if (operation == nullptr) {
    const std::string* version = FindField(fields, "Version");
    std::string message = "Could not find operation ";
    message += action != nullptr ? *action : "";
    message += " for version ";
    message += version != nullptr ? *version : "NO_VERSION_SPECIFIED";
    return ErrorResponse(request, 400, "InvalidAction", message);
  }
  json::value input = json::object();
  if (operation->input != nullptr) {
    auto decoded = DecodeQuery(*operation->input, fields);
    if (!decoded) return ErrorResponse(request, 400, decoded.error().code, decoded.error().message);
    input = std::move(*decoded);
  }
  return Invoke(request, *operation, std::move(input));
}

CloudResponse ProtocolService::HandleJson(const CloudRequest& request) const {
  const std::string* target = request.Header("X-Amz-Target");
  const std::string& prefix = model_->metadata().target_prefix;
  const Operation* operation = nullptr;
  if (target != nullptr && target->size() > prefix.size() + 1 &&
      target->compare(0, prefix.size(), prefix) == 0 && (*target)[prefix.size()] == '.') {
    operation = model_->FindOperation(std::string_view(*target).substr(prefix.size() + 1));
  }
  if (operation == nullptr || request.method != "POST") {
    std::string message = "The operation ";
    message += target != nullptr ? *target : "(no X-Amz-Target header)";
    message += " is not an operation of ";
    message += model_->metadata().service_id;
    if (request.method != "POST") message += " (the JSON protocol takes POST requests)";
    return ErrorResponse(request, 400, "UnknownOperationException", message);
  }
  json::value input = json::object();
  if (operation->input != nullptr) {
    json::value document;
    if (!request.body.empty()) {
      auto parsed = jsonutil::Parse(request.body, "the request body");
      if (!parsed)
        return ErrorResponse(request, 400, "SerializationException", parsed.error().message);
      document = std::move(*parsed);
    }
    auto decoded = DecodeJson(*operation->input, document);
    if (!decoded) return ErrorResponse(request, 400, decoded.error().code, decoded.error().message);
    input = std::move(*decoded);
  }
  return Invoke(request, *operation, std::move(input));
}

CloudResponse ProtocolService::Invoke(const CloudRequest& request, const Operation& operation,
                                      json::value input) const {
  auto handler = handlers_.find(operation.name);
  if (handler == handlers_.end()) {
    std::string message = "sparta-local does not implement ";
    message += model_->metadata().service_id;
    message += "'s operation ";
    message += operation.name;
    message += " (AWS's model of the service defines it; sparta-local serves only part of it)";
    return ErrorResponse(request, 501, "NotImplemented", message);
  }
  if (operation.input != nullptr) {
    std::vector<std::string> violations = Validate(*operation.input, input);
    if (!violations.empty()) {
      return ErrorResponse(request, 400, IsJson() ? "ValidationException" : "ValidationError",
                           ValidationMessage(violations));
    }
  }
  Call call{request, operation, std::move(input)};
  auto output = handler->second(call);
  if (!output) {
    const Error& error = output.error();
    if (error.code == "Io" || error.code == "Corrupt") {
      return ErrorResponse(request, 500, IsJson() ? "InternalFailure" : "ServiceFailure",
                           error.message);
    }
    return ErrorResponse(request, StatusOf(error.code), error.code, error.message);
  }
  CloudResponse response;
  response.status = operation.response_code;
  if (IsJson()) {
    response.headers.emplace_back("Content-Type", JsonContentType());
    response.headers.emplace_back("x-amzn-RequestId", request.request_id);
    response.body = operation.output != nullptr && !output->is_null()
                        ? jsonutil::Compact(EncodeJson(*operation.output, *output),
                                            {.replace_invalid_utf8 = true})
                        : "{}";
    return response;
  }
  response.headers.emplace_back("Content-Type", "text/xml");
  response.headers.emplace_back("x-amzn-RequestId", request.request_id);
  response.body =
      EncodeQueryResponse(operation, *output, model_->metadata().xml_namespace, request.request_id);
  return response;
}

bool ProtocolService::IsJson() const { return model_->metadata().protocol == "json"; }

std::string ProtocolService::JsonContentType() const {
  return "application/x-amz-json-" + (model_->metadata().json_version.empty()
                                          ? std::string("1.0")
                                          : model_->metadata().json_version);
}

int ProtocolService::StatusOf(std::string_view code) const {
  if (const Shape* error = model_->FindError(code); error != nullptr && error->error) {
    return error->error->http_status;
  }
  if (code == "InternalFailure" || code == "ServiceFailure" || code == "InternalError") return 500;
  if (code == "AccessDenied" || code == "AccessDeniedException") return 403;
  return 400;
}

CloudResponse ProtocolService::ErrorResponse(const CloudRequest& request, int status,
                                             std::string_view code,
                                             std::string_view message) const {
  if (IsJson()) {
    CloudResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", JsonContentType());
    response.headers.emplace_back("x-amzn-RequestId", request.request_id);
    response.headers.emplace_back("x-amzn-ErrorType", std::string(code));
    response.body = json::serialize(json::object{{"__type", code}, {"message", message}});
    return response;
  }
  return QueryError(status, code, message, request.request_id, model_->metadata().xml_namespace);
}

}  // namespace sparta::local_cloud::protocol
