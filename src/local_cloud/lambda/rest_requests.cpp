#include "rest_requests.hpp"

#include <cstdint>
#include <system_error>
#include <utility>
#include <vector>

#include "sparta/json/json.hpp"
#include "sparta/util/base64.hpp"

namespace sparta::local_cloud::detail {

Result<json::object> BodyObject(const CloudRequest& request) {
  std::error_code ec;
  json::value value =
      json::parse(request.body.empty() ? std::string_view("{}") : request.body, ec, {}, jsonutil::ParseOptions());
  if (ec || !value.is_object()) {
    std::string message = "Could not parse request body into json: ";
    message += ec ? ec.message() : "the body is not a JSON object";
    return MakeError("InvalidRequestContentException", std::move(message));
  }
  return std::move(value.as_object());
}

const json::value* SpecReader::Field(std::string_view name) const {
  const json::value* v = body_.if_contains(name);
  return v == nullptr || v->is_null() ? nullptr : v;
}

void SpecReader::Fail(std::string_view name, std::string_view type) {
  if (error_) return;
  std::string message = "Could not parse request body into json: ";
  message += name;
  message += " must be ";
  message += type;
  error_ = MakeError("InvalidRequestContentException", std::move(message));
}

void SpecReader::String(std::string_view name, std::string& out) {
  const json::value* v = Field(name);
  if (v == nullptr) return;
  if (!v->is_string()) return Fail(name, "a string");
  out = std::string(v->as_string());
}

void SpecReader::Int(std::string_view name, int& out) {
  constexpr std::int64_t kLimit = 1000000;  // far beyond any valid value, within int
  const json::value* v = Field(name);
  if (v == nullptr) return;
  if (v->is_int64() && v->as_int64() >= -kLimit && v->as_int64() <= kLimit) {
    out = static_cast<int>(v->as_int64());
  } else if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(kLimit)) {
    out = static_cast<int>(v->as_uint64());
  } else {
    Fail(name, "an integer");
  }
}

void SpecReader::StringMap(const json::value* v, std::string_view name,
                           std::map<std::string, std::string>& out) {
  if (v == nullptr || v->is_null()) return;
  if (!v->is_object()) return Fail(name, "an object of strings");
  std::map<std::string, std::string> map;
  for (const auto& entry : v->as_object()) {
    if (!entry.value().is_string()) return Fail(name, "an object of strings");
    map[std::string(entry.key())] = std::string(entry.value().as_string());
  }
  out = std::move(map);
}

const json::value* SpecReader::Nested(std::string_view name, std::string_view member) {
  const json::value* v = Field(name);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    Fail(name, "an object");
    return nullptr;
  }
  const json::value* inner = v->as_object().if_contains(member);
  return inner == nullptr || inner->is_null() ? nullptr : inner;
}

void SpecReader::Read(FunctionSpec& spec) {
  String("Runtime", spec.runtime);
  String("Role", spec.role_arn);
  String("Handler", spec.handler);
  String("Description", spec.description);
  Int("Timeout", spec.timeout_seconds);
  Int("MemorySize", spec.memory_mb);
  StringMap(Nested("Environment", "Variables"), "Environment.Variables", spec.environment);
  if (const json::value* mode = Nested("TracingConfig", "Mode")) {
    if (!mode->is_string()) return Fail("TracingConfig.Mode", "a string");
    spec.tracing_mode = std::string(mode->as_string());
  }
  if (const json::value* group = Nested("LoggingConfig", "LogGroup")) {
    if (!group->is_string()) return Fail("LoggingConfig.LogGroup", "a string");
    spec.log_group = std::string(group->as_string());
  }
  if (const json::value* v = Field("Architectures")) {
    if (!v->is_array()) return Fail("Architectures", "an array of strings");
    std::vector<std::string> architectures;
    for (const auto& item : v->as_array()) {
      if (!item.is_string()) return Fail("Architectures", "an array of strings");
      architectures.emplace_back(item.as_string());
    }
    spec.architectures = std::move(architectures);
  }
  if (const json::value* v = Field("PackageType");
      v != nullptr && !(v->is_string() && v->as_string() == "Zip") && !error_) {
    error_ = MakeError("InvalidParameterValueException",
                       "PackageType must be Zip: the local Lambda runs zip packages only");
  }
}

Result<std::string> DecodeZipFile(const json::value* zip_file) {
  if (zip_file == nullptr || !zip_file->is_string()) {
    return MakeError("InvalidParameterValueException",
                     "ZipFile is required: the local Lambda takes the deployment package "
                     "inline, base64-encoded (S3Bucket/S3Key and ImageUri are not supported)");
  }
  auto zip = util::Base64Decode(zip_file->as_string());
  if (!zip) {
    return MakeError("InvalidParameterValueException",
                     "Could not unzip uploaded file. Please check your file, then try to upload "
                     "again. (ZipFile is not valid base64)");
  }
  return std::move(*zip);
}

}  // namespace sparta::local_cloud::detail
