#include "local_cloud/cloudformation/service_resources.hpp"

#include <charconv>

namespace sparta::local_cloud::cfn {
namespace {

constexpr std::string_view kFunction = "AWS::Lambda::Function";
constexpr std::string_view kRole = "AWS::IAM::Role";
constexpr std::string_view kBucket = "AWS::S3::Bucket";
constexpr std::string_view kLogGroup = "AWS::Logs::LogGroup";

Error Invalid(std::string message) { return MakeError("InvalidRequest", std::move(message)); }

const json::object* ObjectProperty(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->get_object() : nullptr;
}

/// An integer property given as a number or a numeric string.
Result<std::optional<int>> IntProperty(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<int>();
  if (v->is_int64()) return std::optional<int>(static_cast<int>(v->get_int64()));
  if (v->is_uint64()) return std::optional<int>(static_cast<int>(v->get_uint64()));
  if (v->is_string()) {
    const std::string_view text = v->get_string();
    int value = 0;
    const auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
    if (parsed.ec == std::errc() && parsed.ptr == text.data() + text.size()) {
      return std::optional<int>(value);
    }
  }
  return Invalid("Property " + std::string(key) + " must be an integer, not " +
                 jsonutil::Compact(*v));
}

std::string Text(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_null()) return {};
  return jsonutil::Compact(v);
}

/// A policy document given as an object, or as a JSON string.
json::value PolicyDocument(const json::value* v) {
  if (v == nullptr) return json::object();
  if (v->is_string()) {
    auto parsed = jsonutil::Parse(v->get_string(), "the policy document");
    if (parsed) return std::move(*parsed);
  }
  return *v;
}

bool NameChanged(const json::object& before, const json::object& after, std::string_view key) {
  return StringProperty(before, key) != StringProperty(after, key);
}

}  // namespace

ServiceResourceProvider::ServiceResourceProvider(ResourceServices services,
                                                 CustomResourceResponses& responses)
    : services_(services) {
  if (services_.lambda != nullptr) custom_.emplace(*services_.lambda, responses);
}

void ServiceResourceProvider::Stop() {
  if (custom_) custom_->Stop();
}

bool ServiceResourceProvider::IsSimulated(std::string_view type) const {
  if (IsCustomResourceType(type)) return !custom_.has_value();
  if (type == kFunction) return services_.lambda == nullptr || services_.s3 == nullptr;
  if (type == kRole) return services_.iam == nullptr;
  if (type == kBucket) return services_.s3 == nullptr;
  if (type == kLogGroup) return false;
  return true;
}

std::vector<std::string> ServiceResourceProvider::UnappliedProperties(
    std::string_view type, const json::object& properties) const {
  std::vector<std::string> out;
  if (type != kBucket || IsSimulated(type)) return out;
  for (const auto& [key, value] : properties) {
    if (key != "BucketName" && key != "Tags") out.emplace_back(key);
  }
  return out;
}

bool ServiceResourceProvider::RequiresReplacement(std::string_view type,
                                                  const json::object& before,
                                                  const json::object& after) const {
  if (type == kRole) {
    return NameChanged(before, after, "RoleName") || NameChanged(before, after, "Path");
  }
  return simulated_.RequiresReplacement(type, before, after);
}

Result<ProvisionedResource> ServiceResourceProvider::PutFunction(const ResourceSpec& spec,
                                                                 const std::string& name,
                                                                 bool update) {
  const json::object& p = spec.properties;
  FunctionSpec function;
  function.name = name;
  if (auto runtime = StringProperty(p, "Runtime"); !runtime.empty()) function.runtime = runtime;
  function.handler = StringProperty(p, "Handler");
  function.role_arn = StringProperty(p, "Role");
  function.description = StringProperty(p, "Description");
  auto memory = IntProperty(p, "MemorySize");
  if (!memory) return memory.error();
  if (*memory) function.memory_mb = **memory;
  auto timeout = IntProperty(p, "Timeout");
  if (!timeout) return timeout.error();
  if (*timeout) function.timeout_seconds = **timeout;
  auto reserved = IntProperty(p, "ReservedConcurrentExecutions");
  if (!reserved) return reserved.error();
  function.reserved_concurrency = *reserved;
  if (const json::object* env = ObjectProperty(p, "Environment")) {
    if (const json::object* vars = ObjectProperty(*env, "Variables")) {
      for (const auto& [key, value] : *vars) function.environment[std::string(key)] = Text(value);
    }
  }
  if (const json::value* archs = p.if_contains("Architectures"); archs && archs->is_array()) {
    function.architectures.clear();
    for (const json::value& arch : archs->get_array()) function.architectures.push_back(Text(arch));
  }
  if (const json::value* tags = p.if_contains("Tags"); tags && tags->is_array()) {
    for (const json::value& tag : tags->get_array()) {
      if (!tag.is_object()) continue;
      function.tags[StringProperty(tag.get_object(), "Key")] =
          StringProperty(tag.get_object(), "Value");
    }
  }
  if (const json::object* tracing = ObjectProperty(p, "TracingConfig")) {
    if (auto mode = StringProperty(*tracing, "Mode"); !mode.empty()) function.tracing_mode = mode;
  }
  if (const json::object* logging = ObjectProperty(p, "LoggingConfig")) {
    function.log_group = StringProperty(*logging, "LogGroup");
  }
  const json::object* code = ObjectProperty(p, "Code");
  if (code == nullptr) return Invalid("Properties validation failed: required key [Code] not found");
  const std::string bucket = StringProperty(*code, "S3Bucket");
  const std::string key = StringProperty(*code, "S3Key");
  if (bucket.empty() || key.empty()) {
    return Invalid("sparta-local creates functions from Code.S3Bucket and Code.S3Key only "
                   "(upload the zip to the local S3 first)");
  }
  auto zip = services_.s3->GetObject(bucket, key);
  if (!zip) {
    return Invalid("Error occurred while GetObject. S3 Error Code: " + zip.error().code +
                   ". S3 Error Message: " + zip.error().message);
  }
  function.code_zip = std::move(*zip);
  auto info = update ? services_.lambda->UpdateFunction(std::move(function))
                     : services_.lambda->CreateFunction(std::move(function));
  if (!info) return info.error();
  ProvisionedResource out;
  out.physical_id = name;
  out.attributes["Arn"] = info->arn;
  return out;
}

Result<ProvisionedResource> ServiceResourceProvider::PutRole(const ResourceSpec& spec,
                                                             const std::string& name,
                                                             const std::string& role_id) {
  const json::object& p = spec.properties;
  IamRole role;
  role.name = name;
  if (auto path = StringProperty(p, "Path"); !path.empty()) role.path = path;
  role.role_id = role_id;
  role.assume_role_policy = PolicyDocument(p.if_contains("AssumeRolePolicyDocument"));
  role.description = StringProperty(p, "Description");
  if (const json::value* policies = p.if_contains("Policies"); policies && policies->is_array()) {
    for (const json::value& policy : policies->get_array()) {
      if (!policy.is_object()) continue;
      role.inline_policies[StringProperty(policy.get_object(), "PolicyName")] =
          PolicyDocument(policy.get_object().if_contains("PolicyDocument"));
    }
  }
  if (const json::value* arns = p.if_contains("ManagedPolicyArns"); arns && arns->is_array()) {
    for (const json::value& arn : arns->get_array()) role.managed_policy_arns.push_back(Text(arn));
  }
  auto stored = services_.iam->PutRole(std::move(role));
  if (!stored) return stored.error();
  ProvisionedResource out;
  out.physical_id = stored->name;
  out.attributes["Arn"] = stored->arn;
  out.attributes["RoleId"] = stored->role_id;
  return out;
}

Result<ProvisionedResource> ServiceResourceProvider::Create(const ResourceSpec& spec) {
  if (IsSimulated(spec.type)) return simulated_.Create(spec);
  if (IsCustomResourceType(spec.type)) return custom_->Create(spec);
  const json::object& p = spec.properties;
  if (spec.type == kFunction) {
    return PutFunction(spec, spec.name.empty() ? PlanName(spec) : spec.name, false);
  }
  if (spec.type == kRole) {
    const std::string name = spec.name.empty() ? PlanName(spec) : spec.name;
    if (!StringProperty(p, "RoleName").empty() && services_.iam->GetRole(name)) {
      return Invalid(name + " already exists");
    }
    return PutRole(spec, name, "");
  }
  if (spec.type == kBucket) {
    auto recorded = simulated_.Create(spec);  // the name and the attributes
    if (!recorded) return recorded;
    if (auto created = services_.s3->CreateBucket(recorded->physical_id, spec.region); !created) {
      if (created.error().code == "BucketAlreadyOwnedByYou" ||
          created.error().code == "BucketAlreadyExists") {
        return Invalid(recorded->physical_id + " already exists");
      }
      return created.error();
    }
    return recorded;
  }
  return simulated_.Create(spec);  // AWS::Logs::LogGroup: recorded with its ARN
}

Result<ProvisionedResource> ServiceResourceProvider::Update(const ResourceSpec& spec,
                                                           const ProvisionedResource& current,
                                                           const json::object& old_properties) {
  if (IsSimulated(spec.type)) return simulated_.Update(spec, current, old_properties);
  if (IsCustomResourceType(spec.type)) return custom_->Update(spec, current, old_properties);
  if (spec.type == kFunction) return PutFunction(spec, current.physical_id, true);
  if (spec.type == kRole) {
    const json::value* role_id = current.attributes.if_contains("RoleId");
    return PutRole(spec, current.physical_id,
                   role_id != nullptr && role_id->is_string() ? std::string(role_id->get_string())
                                                              : std::string());
  }
  return current;  // buckets and log groups: nothing else to change locally
}

std::string ServiceResourceProvider::FailedCreatePhysicalId(const ResourceSpec& spec) {
  if (!custom_ || !IsCustomResourceType(spec.type)) return {};
  return custom_->TakeFailedCreate(spec.stack_id, spec.logical_id);
}

Status ServiceResourceProvider::Delete(const ResourceSpec& spec,
                                       const ProvisionedResource& current) {
  const std::string_view type = spec.type;
  if (IsSimulated(type)) return simulated_.Delete(spec, current);
  if (IsCustomResourceType(type)) return custom_->Delete(spec, current);
  if (type == kFunction) {
    auto deleted = services_.lambda->DeleteFunction(current.physical_id);
    if (!deleted && deleted.error().code != "ResourceNotFoundException") return deleted;
    return {};
  }
  if (type == kRole) {
    auto deleted = services_.iam->DeleteRole(current.physical_id);
    if (!deleted && deleted.error().code != "NoSuchEntity") return deleted;
    return {};
  }
  if (type == kBucket) {
    auto deleted = services_.s3->DeleteBucket(current.physical_id);
    if (!deleted && deleted.error().code != "NoSuchBucket") return deleted;
    return {};
  }
  return {};
}

}  // namespace sparta::local_cloud::cfn
