#include "function_document.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

namespace sparta::local_cloud::detail {
namespace {

std::optional<std::string> GetString(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->as_string());
}

std::optional<std::int64_t> GetInt(const json::object& object, std::string_view name) {
  const json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  if (value->is_int64()) return value->as_int64();
  if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
  return static_cast<std::int64_t>(value->as_double());
}

std::map<std::string, std::string> GetStringMap(const json::value* value) {
  std::map<std::string, std::string> out;
  if (value == nullptr || !value->is_object()) return out;
  for (const auto& entry : value->as_object()) {
    if (entry.value().is_string()) {
      out[std::string(entry.key())] = std::string(entry.value().as_string());
    }
  }
  return out;
}

json::object StringMapJson(const std::map<std::string, std::string>& map) {
  json::object object;
  for (const auto& [key, value] : map) object[key] = value;
  return object;
}

Error Corrupt(std::string_view field) {
  std::string message = "the function document has no valid '";
  message += field;
  message += "'";
  return MakeError("Corrupt", std::move(message));
}

}  // namespace

std::string LambdaTimestampNow() {
  std::string stamp = IsoTimestamp(std::chrono::system_clock::now());
  if (!stamp.empty() && stamp.back() == 'Z') stamp.pop_back();
  stamp += "+0000";
  return stamp;
}

json::object ConfigurationJson(const FunctionInfo& info) {
  const FunctionSpec& spec = info.spec;
  json::object config;
  config["FunctionName"] = spec.name;
  config["FunctionArn"] = info.arn;
  config["Runtime"] = spec.runtime;
  config["Role"] = spec.role_arn;
  config["Handler"] = spec.handler;
  config["CodeSize"] = info.code_size;
  config["Description"] = spec.description;
  config["Timeout"] = spec.timeout_seconds;
  config["MemorySize"] = spec.memory_mb;
  config["LastModified"] = info.last_modified;
  config["CodeSha256"] = info.code_sha256;
  config["Version"] = "$LATEST";
  if (!spec.environment.empty()) {
    json::object environment;
    environment["Variables"] = StringMapJson(spec.environment);
    config["Environment"] = std::move(environment);
  }
  json::object tracing;
  tracing["Mode"] = spec.tracing_mode;
  config["TracingConfig"] = std::move(tracing);
  config["RevisionId"] = info.revision_id;
  config["State"] = info.state;
  config["LastUpdateStatus"] = "Successful";
  config["PackageType"] = "Zip";
  json::array architectures;
  for (const auto& architecture : spec.architectures) architectures.emplace_back(architecture);
  config["Architectures"] = std::move(architectures);
  json::object storage;
  storage["Size"] = 512;
  config["EphemeralStorage"] = std::move(storage);
  json::object logging;
  logging["LogFormat"] = "Text";
  logging["LogGroup"] = spec.log_group.empty() ? "/aws/lambda/" + spec.name : spec.log_group;
  config["LoggingConfig"] = std::move(logging);
  return config;
}

json::value FunctionToDocument(const FunctionInfo& info, const std::string& code_hex) {
  json::object doc;
  doc["FormatVersion"] = 1;
  doc["Configuration"] = ConfigurationJson(info);
  doc["Tags"] = StringMapJson(info.spec.tags);
  if (info.spec.reserved_concurrency) {
    doc["ReservedConcurrentExecutions"] = *info.spec.reserved_concurrency;
  }
  doc["DeclaredLogGroup"] = info.spec.log_group;
  doc["CodeSha256Hex"] = code_hex;
  return doc;
}

Result<StoredFunction> FunctionFromDocument(const json::value& document) {
  const json::object* doc = document.if_object();
  if (doc == nullptr) return MakeError("Corrupt", "the function document is not an object");
  const json::value* config_value = doc->if_contains("Configuration");
  if (config_value == nullptr || !config_value->is_object()) return Corrupt("Configuration");
  const json::object& config = config_value->as_object();
  StoredFunction stored;
  FunctionInfo& info = stored.info;
  FunctionSpec& spec = info.spec;
  auto name = GetString(config, "FunctionName");
  auto arn = GetString(config, "FunctionArn");
  auto hex = GetString(*doc, "CodeSha256Hex");
  if (!name || name->empty()) return Corrupt("Configuration.FunctionName");
  if (!arn) return Corrupt("Configuration.FunctionArn");
  if (!hex || hex->size() != 64) return Corrupt("CodeSha256Hex");
  spec.name = *name;
  info.arn = *arn;
  stored.code_hex = *hex;
  spec.runtime = GetString(config, "Runtime").value_or(spec.runtime);
  spec.role_arn = GetString(config, "Role").value_or("");
  spec.handler = GetString(config, "Handler").value_or("");
  spec.description = GetString(config, "Description").value_or("");
  spec.timeout_seconds = static_cast<int>(GetInt(config, "Timeout").value_or(3));
  spec.memory_mb = static_cast<int>(GetInt(config, "MemorySize").value_or(128));
  if (const json::value* environment = config.if_contains("Environment");
      environment != nullptr && environment->is_object()) {
    spec.environment = GetStringMap(environment->as_object().if_contains("Variables"));
  }
  if (const json::value* tracing = config.if_contains("TracingConfig");
      tracing != nullptr && tracing->is_object()) {
    spec.tracing_mode = GetString(tracing->as_object(), "Mode").value_or(spec.tracing_mode);
  }
  if (const json::value* architectures = config.if_contains("Architectures");
      architectures != nullptr && architectures->is_array()) {
    spec.architectures.clear();
    for (const auto& architecture : architectures->as_array()) {
      if (architecture.is_string()) spec.architectures.emplace_back(architecture.as_string());
    }
  }
  spec.tags = GetStringMap(doc->if_contains("Tags"));
  if (auto reserved = GetInt(*doc, "ReservedConcurrentExecutions")) {
    spec.reserved_concurrency = static_cast<int>(*reserved);
  }
  spec.log_group = GetString(*doc, "DeclaredLogGroup").value_or("");
  info.code_sha256 = GetString(config, "CodeSha256").value_or("");
  info.code_size = GetInt(config, "CodeSize").value_or(0);
  info.last_modified = GetString(config, "LastModified").value_or("");
  info.revision_id = GetString(config, "RevisionId").value_or("");
  info.state = GetString(config, "State").value_or("Active");
  return stored;
}

}  // namespace sparta::local_cloud::detail
