#include "local_cloud/cloudformation/custom_resources.hpp"

#include <charconv>
#include <chrono>

#include "local_cloud/cloudformation/stack_engine.hpp"
#include "sparta/json/json.hpp"

namespace sparta::local_cloud::cfn {
namespace {

constexpr std::size_t kMaxResponseBytes = 4096;
constexpr std::size_t kMaxPhysicalIdLength = 1024;
constexpr int kDefaultServiceTimeout = 3600;

Error Invalid(std::string message) { return MakeError("InvalidRequest", std::move(message)); }

json::value Stringified(const json::value& value) {
  switch (value.kind()) {
    case json::kind::bool_:
      return json::string(value.get_bool() ? "true" : "false");
    case json::kind::int64:
      return json::string(std::to_string(value.get_int64()));
    case json::kind::uint64:
      return json::string(std::to_string(value.get_uint64()));
    case json::kind::double_: {
      char buffer[32];
      auto written = std::to_chars(buffer, buffer + sizeof buffer, value.get_double());
      return json::string(std::string_view(buffer, static_cast<std::size_t>(written.ptr - buffer)));
    }
    case json::kind::array: {
      json::array out;
      for (const json::value& item : value.get_array()) out.push_back(Stringified(item));
      return out;
    }
    case json::kind::object:
      return StringifiedProperties(value.get_object());
    default:
      return value;
  }
}

std::string Field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

/// "errorType: errorMessage" of a function error payload, or the payload.
std::string FunctionErrorText(const local::InvokeResult& result) {
  std::error_code ec;
  json::value doc = json::parse(result.payload, ec, {}, jsonutil::ParseOptions());
  if (!ec && doc.is_object()) {
    const std::string type = Field(doc.get_object(), "errorType");
    const std::string message = Field(doc.get_object(), "errorMessage");
    if (!type.empty() || !message.empty()) return type + ": " + message;
  }
  return result.payload;
}

}  // namespace

bool IsCustomResourceType(std::string_view type) {
  return type.starts_with("Custom::") || type == "AWS::CloudFormation::CustomResource";
}

json::object StringifiedProperties(const json::object& properties) {
  json::object out;
  for (const auto& [key, value] : properties) out[key] = Stringified(value);
  return out;
}

Result<int> ServiceTimeoutOf(const json::object& properties) {
  const json::value* v = properties.if_contains("ServiceTimeout");
  if (v == nullptr || v->is_null()) return kDefaultServiceTimeout;
  long long seconds = -1;
  if (v->is_int64()) {
    seconds = v->get_int64();
  } else if (v->is_uint64()) {
    seconds = static_cast<long long>(std::min<std::uint64_t>(v->get_uint64(), 1u << 30));
  } else if (v->is_string()) {
    std::string_view text = v->get_string();
    auto parsed = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) seconds = -1;
  }
  if (seconds < 1 || seconds > kDefaultServiceTimeout) {
    return Invalid("ServiceTimeout must be an integer number of seconds from 1 to 3600, not " +
                   jsonutil::Compact(*v));
  }
  return static_cast<int>(seconds);
}

Result<ProvisionedResource> ReadCustomResourceResponse(std::string_view body,
                                                       std::string_view stack_id,
                                                       std::string_view logical_id,
                                                       std::string_view request_id,
                                                       std::string* failed_physical_id) {
  if (body.size() > kMaxResponseBytes) return Invalid("Response object is too long.");
  std::error_code ec;
  json::value doc = json::parse(body, ec, {}, jsonutil::ParseOptions());
  if (ec || !doc.is_object()) {
    return Invalid(
        "Invalid response object: the body PUT to the ResponseURL is not a JSON "
        "object.");
  }
  const json::object& response = doc.get_object();
  const std::string status = Field(response, "Status");
  if (status != "SUCCESS" && status != "FAILED") {
    return Invalid("Invalid response object: Status must be SUCCESS or FAILED, not \"" + status +
                   "\".");
  }
  const std::pair<std::string_view, std::string_view> echoes[] = {
      {"StackId", stack_id}, {"RequestId", request_id}, {"LogicalResourceId", logical_id}};
  for (const auto& [key, expected] : echoes) {
    if (Field(response, key) != expected) {
      std::string message = "Invalid response object: ";
      message.append(key);
      message += " must be the request's (\"";
      message.append(expected);
      message += "\").";
      return Invalid(message);
    }
  }
  if (status == "FAILED") {
    if (failed_physical_id != nullptr) *failed_physical_id = Field(response, "PhysicalResourceId");
    std::string message =
        "Received response status [FAILED] from custom resource. Message returned: ";
    message += Field(response, "Reason");
    message += " (RequestId: ";
    message.append(request_id);
    message += ')';
    return MakeError("CustomResourceFailed", message);
  }
  ProvisionedResource out;
  out.physical_id = Field(response, "PhysicalResourceId");
  if (out.physical_id.empty() || out.physical_id.size() > kMaxPhysicalIdLength) {
    return Invalid("Invalid PhysicalResourceId: it must be a string of 1 to 1024 characters.");
  }
  if (const json::value* data = response.if_contains("Data"); data != nullptr && !data->is_null()) {
    if (!data->is_object()) return Invalid("Invalid response object: Data must be a JSON object.");
    out.attributes = data->get_object();
  }
  if (const json::value* no_echo = response.if_contains("NoEcho")) {
    out.no_echo = (no_echo->is_bool() && no_echo->get_bool()) ||
                  (no_echo->is_string() && no_echo->get_string() == "true");
  }
  return out;
}

Result<ProvisionedResource> CustomResourceRunner::Create(const ResourceSpec& spec) {
  return Run("Create", spec, nullptr, nullptr);
}

Result<ProvisionedResource> CustomResourceRunner::Update(const ResourceSpec& spec,
                                                         const ProvisionedResource& current,
                                                         const json::object& old_properties) {
  if (StringProperty(spec.properties, "ServiceToken") !=
      StringProperty(old_properties, "ServiceToken")) {
    return Invalid("Modifying service token is not allowed.");
  }
  return Run("Update", spec, &current, &old_properties);
}

std::string CustomResourceRunner::TakeFailedCreate(const std::string& stack_id,
                                                   const std::string& logical_id) {
  std::lock_guard lock(failed_mu_);
  auto it = failed_creates_.find({stack_id, logical_id});
  if (it == failed_creates_.end()) return {};
  std::string id = std::move(it->second);
  failed_creates_.erase(it);
  return id;
}

Status CustomResourceRunner::Delete(const ResourceSpec& spec, const ProvisionedResource& current) {
  auto deleted = Run("Delete", spec, &current, nullptr);
  if (!deleted) return deleted.error();
  return {};
}

void CustomResourceRunner::Stop() {
  stopped_ = true;
  responses_.Cancel();
}

Result<ProvisionedResource> CustomResourceRunner::Run(std::string_view request_type,
                                                      const ResourceSpec& spec,
                                                      const ProvisionedResource* current,
                                                      const json::object* old_properties) {
  if (stopped_) return MakeError("ServiceUnavailable", "sparta-local is stopping");
  const std::string token = StringProperty(spec.properties, "ServiceToken");
  if (token.empty()) {
    return Invalid(
        "Property ServiceToken cannot be empty: a custom resource names the Lambda "
        "function ARN that serves it.");
  }
  if (token.starts_with("arn:aws:sns:")) {
    return Invalid(
        "sparta-local runs custom resources served by Lambda functions only; the "
        "ServiceToken " +
        token + " is an SNS topic, which it does not provide.");
  }
  auto timeout = ServiceTimeoutOf(spec.properties);
  if (!timeout) return timeout.error();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(*timeout);

  const std::string request_id = NewUuid();
  auto url = responses_.Open(spec.region, spec.stack_id, spec.logical_id, request_id);
  if (!url) return url.error();

  json::object event;
  event["RequestType"] = request_type;
  event["ServiceToken"] = token;
  event["ResponseURL"] = *url;
  event["StackId"] = spec.stack_id;
  event["RequestId"] = request_id;
  event["LogicalResourceId"] = spec.logical_id;
  if (current != nullptr) event["PhysicalResourceId"] = current->physical_id;
  event["ResourceType"] = spec.type;
  event["ResourceProperties"] = StringifiedProperties(spec.properties);
  if (old_properties != nullptr) {
    event["OldResourceProperties"] = StringifiedProperties(*old_properties);
  }

  local::InvokeOptions options;
  auto invoked = lambda_.Invoke(token, jsonutil::Compact(event), options);
  if (!invoked) {
    responses_.Close(request_id);
    return Invalid("The custom resource's ServiceToken " + token + " could not be invoked: " +
                   invoked.error().code + ": " + invoked.error().message);
  }
  auto body = responses_.Take(request_id, deadline, /*wait=*/false);
  if (!body && !invoked->function_error.empty()) {
    responses_.Close(request_id);
    std::string message = "The custom resource's function failed without sending a response (";
    message += FunctionErrorText(*invoked);
    message += "; RequestId: ";
    message += request_id;
    message +=
        "). sparta-local fails the resource now; CloudFormation would retry the "
        "invocation and wait up to the ServiceTimeout (";
    message += std::to_string(*timeout);
    message += " s).";
    return Invalid(message);
  }
  if (!body) body = responses_.Take(request_id, deadline);
  responses_.Close(request_id);
  if (!body) {
    if (stopped_)
      return MakeError("ServiceUnavailable",
                       "sparta-local stopped while waiting for "
                       "the custom resource's response");
    return Invalid(
        "CloudFormation did not receive a response from your Custom Resource. Please "
        "check your logs for requestId [" +
        request_id + "].");
  }
  std::string failed_id;
  auto response =
      ReadCustomResourceResponse(*body, spec.stack_id, spec.logical_id, request_id, &failed_id);
  if (!response && current == nullptr && !failed_id.empty()) {
    // A FAILED Create still names a physical ID: the rollback deletes it.
    std::lock_guard lock(failed_mu_);
    failed_creates_[{spec.stack_id, spec.logical_id}] = failed_id;
  }
  return response;
}

}  // namespace sparta::local_cloud::cfn
