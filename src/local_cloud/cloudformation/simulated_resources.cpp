#include "local_cloud/cloudformation/simulated_resources.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <random>
#include <string>

namespace sparta::local_cloud::cfn {
namespace {

std::string RandomChars(std::size_t n, std::string_view alphabet) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += alphabet[pick(engine)];
  return out;
}

constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
constexpr std::string_view kLowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789";

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct NameRule {
  std::string_view type;
  std::string_view name_property;
};

constexpr NameRule kNameRules[] = {
    {"AWS::SNS::Topic", "TopicName"},
    {"AWS::SQS::Queue", "QueueName"},
    {"AWS::DynamoDB::Table", "TableName"},
    {"AWS::Events::Rule", "Name"},
    {"AWS::IAM::Policy", "PolicyName"},
    {"AWS::IAM::ManagedPolicy", "ManagedPolicyName"},
    {"AWS::IAM::Role", "RoleName"},
    {"AWS::IAM::User", "UserName"},
    {"AWS::S3::Bucket", "BucketName"},
    {"AWS::Lambda::Function", "FunctionName"},
    {"AWS::Logs::LogGroup", "LogGroupName"},
    {"AWS::StepFunctions::StateMachine", "StateMachineName"},
    {"AWS::Kinesis::Stream", "Name"},
    {"AWS::ApiGateway::RestApi", "Name"},
    {"AWS::SSM::Parameter", "Name"},
    {"AWS::SecretsManager::Secret", "Name"},
};

/// "AWS::Foo::Bar" -> {"foo", "bar"}.
std::pair<std::string, std::string> ServiceAndResource(std::string_view type) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= type.size()) {
    const std::size_t end = type.find("::", start);
    parts.emplace_back(type.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 2;
  }
  std::string service = parts.size() > 1 ? Lower(parts[1]) : "custom";
  std::string resource = parts.size() > 2 ? Lower(parts[2]) : "resource";
  return {service, resource};
}

}  // namespace

std::string GeneratedName(std::string_view stack_name, std::string_view logical_id,
                          std::size_t max_length, bool lower) {
  const std::string suffix = RandomChars(12, lower ? kLowerAlnum : kUpperAlnum);
  // Room for the two dashes and the suffix; the rest is shared, the stack
  // name keeping at most its fair half when both are long.
  const std::size_t room = max_length > 14 ? max_length - 14 : 0;
  std::size_t stack_len = std::min(stack_name.size(), room);
  std::size_t logical_len = std::min(logical_id.size(), room - stack_len);
  if (stack_len + logical_id.size() > room) {
    stack_len = std::min(stack_name.size(), std::max(room / 2, room - logical_id.size()));
    logical_len = std::min(logical_id.size(), room - stack_len);
  }
  std::string name;
  name += stack_name.substr(0, stack_len);
  name += '-';
  name += logical_id.substr(0, logical_len);
  name += '-';
  name += suffix;
  if (lower) {
    name = Lower(name);
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') c = '-';
    }
  }
  return name;
}

std::string StringProperty(const json::object& properties, std::string_view key) {
  const json::value* v = properties.if_contains(key);
  if (v == nullptr) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

std::string PlanName(const ResourceSpec& spec) {
  const std::string_view property = NameProperty(spec.type);
  std::string name = property.empty() ? std::string() : StringProperty(spec.properties, property);
  if (!name.empty()) return name;
  if (spec.type == "AWS::S3::Bucket") return GeneratedName(spec.stack_name, spec.logical_id, 63, true);
  return GeneratedName(spec.stack_name, spec.logical_id, 64);
}

std::string_view NameProperty(std::string_view type) {
  for (const NameRule& rule : kNameRules) {
    if (rule.type == type) return rule.name_property;
  }
  return {};
}

bool SimulatedResourceProvider::RequiresReplacement(std::string_view type,
                                                    const json::object& before,
                                                    const json::object& after) const {
  const std::string_view property = NameProperty(type);
  if (property.empty()) return false;
  return StringProperty(before, property) != StringProperty(after, property);
}

Result<ProvisionedResource> SimulatedResourceProvider::Create(const ResourceSpec& spec) {
  std::string name = spec.name.empty() ? PlanName(spec) : spec.name;
  const std::string prefix = "arn:aws:";
  const std::string region_account = spec.region + ":" + spec.account_id + ":";
  ProvisionedResource out;
  json::object& attrs = out.attributes;
  const std::string& type = spec.type;
  if (type == "AWS::SNS::Topic") {
    out.physical_id = prefix + "sns:" + region_account + name;
    attrs["TopicArn"] = out.physical_id;
    attrs["TopicName"] = name;
  } else if (type == "AWS::SQS::Queue") {
    out.physical_id = "https://sqs." + spec.region + ".amazonaws.com/" + spec.account_id + "/" + name;
    attrs["Arn"] = prefix + "sqs:" + region_account + name;
    attrs["QueueName"] = name;
    attrs["QueueUrl"] = out.physical_id;
  } else if (type == "AWS::DynamoDB::Table") {
    out.physical_id = name;
    attrs["Arn"] = prefix + "dynamodb:" + region_account + "table/" + name;
    attrs["StreamArn"] = prefix + "dynamodb:" + region_account + "table/" + name +
                         "/stream/2026-01-01T00:00:00.000";
  } else if (type == "AWS::Events::Rule") {
    out.physical_id = name;
    attrs["Arn"] = prefix + "events:" + region_account + "rule/" + name;
  } else if (type == "AWS::IAM::Policy") {
    out.physical_id = name;
  } else if (type == "AWS::IAM::ManagedPolicy") {
    out.physical_id = "arn:aws:iam::" + spec.account_id + ":policy/" + name;
    attrs["PolicyArn"] = out.physical_id;
  } else if (type == "AWS::Lambda::Permission") {
    out.physical_id = GeneratedName(spec.stack_name, spec.logical_id, 64);
  } else if (type == "AWS::Lambda::EventSourceMapping") {
    const std::string h = RandomChars(32, "0123456789abcdef");
    out.physical_id = h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
                      h.substr(16, 4) + "-" + h.substr(20, 12);
    attrs["Id"] = out.physical_id;
  } else if (type == "AWS::ApiGateway::RestApi") {
    out.physical_id = RandomChars(10, kLowerAlnum);
    attrs["RestApiId"] = out.physical_id;
    attrs["RootResourceId"] = RandomChars(10, kLowerAlnum);
  } else if (type == "AWS::CloudFormation::CustomResource" || type.starts_with("Custom::")) {
    out.physical_id = GeneratedName(spec.stack_name, spec.logical_id, 64);
  } else if (type == "AWS::IAM::Role") {
    out.physical_id = name;
    attrs["Arn"] = "arn:aws:iam::" + spec.account_id + ":role/" + name;
    attrs["RoleId"] = "AROA" + RandomChars(17, kUpperAlnum);
  } else if (type == "AWS::S3::Bucket") {
    out.physical_id = name;
    attrs["Arn"] = "arn:aws:s3:::" + name;
    attrs["DomainName"] = name + ".s3.amazonaws.com";
    attrs["DualStackDomainName"] = name + ".s3.dualstack." + spec.region + ".amazonaws.com";
    attrs["RegionalDomainName"] = name + ".s3." + spec.region + ".amazonaws.com";
    attrs["WebsiteURL"] = "http://" + name + ".s3-website-" + spec.region + ".amazonaws.com";
  } else if (type == "AWS::Lambda::Function") {
    out.physical_id = name;
    attrs["Arn"] = prefix + "lambda:" + region_account + "function:" + name;
  } else if (type == "AWS::Logs::LogGroup") {
    out.physical_id = name;
    attrs["Arn"] = prefix + "logs:" + region_account + "log-group:" + name + ":*";
  } else {
    const auto [service, resource] = ServiceAndResource(type);
    out.physical_id = prefix + service + ":" + region_account + resource + "/" + name;
    attrs["Arn"] = out.physical_id;
  }
  return out;
}

Result<ProvisionedResource> SimulatedResourceProvider::Update(const ResourceSpec&,
                                                             const ProvisionedResource& current,
                                                             const json::object&) {
  return current;
}

}  // namespace sparta::local_cloud::cfn
