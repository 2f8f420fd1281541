// Template sources (TemplateBody, TemplateURL) and their preparation:
// parsing, parameters, conditions, order, and the evaluation scope.

#include <cctype>

#include "local_cloud/cloudformation/stack_engine.hpp"
#include "sparta/local/template_graph.hpp"

namespace sparta::local_cloud::cfn {
namespace {

Error Validation(std::string message) { return MakeError("ValidationError", std::move(message)); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = HexValue(text[i + 1]);
      const int lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

struct S3Location {
  std::string bucket;
  std::string key;
};

/// Path-style http(s)://host[:port]/bucket/key or virtual-host
/// https://bucket.s3[.region|-region].amazonaws.com/key.
std::optional<S3Location> ParseTemplateUrl(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return std::nullopt;
  }
  const std::size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return std::nullopt;
  std::string_view host = rest.substr(0, slash);
  std::string_view path = rest.substr(slash + 1);
  if (const std::size_t q = path.find_first_of("?#"); q != std::string_view::npos) {
    path = path.substr(0, q);
  }
  if (const std::size_t colon = host.rfind(':');
      colon != std::string_view::npos && host.find(']') == std::string_view::npos) {
    host = host.substr(0, colon);
  }
  S3Location location;
  const std::size_t marker = host.find(".s3");
  if (host.ends_with(".amazonaws.com") && marker != std::string_view::npos && marker > 0) {
    location.bucket = std::string(host.substr(0, marker));
    location.key = PercentDecode(path);
  } else {
    const std::size_t split = path.find('/');
    if (split == std::string_view::npos) return std::nullopt;
    location.bucket = PercentDecode(path.substr(0, split));
    location.key = PercentDecode(path.substr(split + 1));
  }
  if (location.bucket.empty() || location.key.empty()) return std::nullopt;
  return location;
}

}  // namespace

Result<std::string> StackEngine::ReadTemplateSource(const FormFields& form) const {
  const std::string* body = FindField(form, "TemplateBody");
  const std::string* url = FindField(form, "TemplateURL");
  if (body != nullptr && !body->empty()) {
    if (url != nullptr && !url->empty()) {
      return Validation("Specify exactly one of TemplateBody or TemplateURL.");
    }
    // CloudFormation's quota for a template given in the request; larger
    // ones go through S3 (TemplateURL, up to 1 MB).
    constexpr std::size_t kMaxTemplateBody = 51200;
    if (body->size() > kMaxTemplateBody) {
      return Validation("1 validation error detected: Value at 'templateBody' failed to satisfy "
                        "constraint: Member must have length less than or equal to 51200 (this "
                        "one has " +
                        std::to_string(body->size()) +
                        " bytes); upload it to S3 and pass its TemplateURL instead");
    }
    return *body;
  }
  if (url == nullptr || url->empty()) {
    return Validation("Either Template URL or Template Body must be specified.");
  }
  const auto location = ParseTemplateUrl(*url);
  if (!location || !options_.read_object) {
    return Validation("TemplateURL must be a supported URL.");
  }
  auto object = options_.read_object(location->bucket, location->key);
  if (!object) {
    return Validation("S3 error: Unable to get object " + location->key + " from bucket " +
                      location->bucket + " (" + object.error().code + ": " +
                      object.error().message + ")");
  }
  return std::move(*object);
}

Result<PreparedTemplate> StackEngine::Prepare(const std::string& body,
                                              const ParameterValues& parameters,
                                              const std::string& stack_name,
                                              const std::string& stack_id) const {
  std::size_t first = 0;
  while (first < body.size() && std::isspace(static_cast<unsigned char>(body[first]))) ++first;
  if (first == body.size() || body[first] != '{') {
    return Validation("Template format error: sparta-local reads JSON templates only");
  }
  PreparedTemplate prepared;
  auto parsed = jsonutil::Parse(body, "the template");
  if (!parsed) {
    return Validation("Template format error: JSON not well-formed. (" + parsed.error().message +
                      ")");
  }
  prepared.tmpl = std::move(*parsed);
  const json::object& tmpl = prepared.tmpl.get_object();
  const json::value* resources = tmpl.if_contains("Resources");
  if (resources == nullptr || !resources->is_object() || resources->get_object().empty()) {
    return Validation("Template format error: At least one Resources member must be defined.");
  }
  // CloudFormation's quotas per template, refused with its own wording.
  struct Quota {
    const char* section;
    const char* noun;
    std::size_t limit;
  };
  for (const Quota& q : {Quota{"Resources", "resources", 500}, Quota{"Outputs", "outputs", 200},
                         Quota{"Parameters", "parameters", 200},
                         Quota{"Mappings", "mappings", 200}}) {
    const json::value* section = tmpl.if_contains(q.section);
    const std::size_t count =
        section != nullptr && section->is_object() ? section->get_object().size() : 0;
    if (count > q.limit) {
      return Validation(std::string("Template format error: Number of ") + q.noun + ", " +
                        std::to_string(count) + ", is greater than maximum allowed, " +
                        std::to_string(q.limit));
    }
  }
  for (const auto& [id, def] : resources->get_object()) {
    const json::value* type = def.is_object() ? def.get_object().if_contains("Type") : nullptr;
    if (type == nullptr || !type->is_string() || type->get_string().empty()) {
      return Validation("Template format error: [/Resources/" + std::string(id) +
                        "] Every Resources object must contain a Type member.");
    }
  }
  if (const json::value* description = tmpl.if_contains("Description")) {
    if (description->is_string()) prepared.description = std::string(description->get_string());
  }
  prepared.ctx.stack_name = stack_name;
  prepared.ctx.stack_id = stack_id;
  prepared.ctx.region = RegionOfArn(stack_id);
  if (prepared.ctx.region.empty()) prepared.ctx.region = options_.context.region;
  prepared.ctx.account_id = options_.context.account_id;
  auto params = local::ResolveParameters(prepared.tmpl, parameters);
  if (!params) return Validation(params.error().message);
  prepared.params = std::move(*params);
  auto conditions = local::EvaluateConditions(prepared.tmpl, prepared.params, prepared.ctx);
  if (!conditions) return Validation(conditions.error().message);
  prepared.conditions = std::move(*conditions);
  auto order = local::CreationOrder(prepared.tmpl, prepared.conditions);
  if (!order) return Validation(order.error().message);
  prepared.order = std::move(*order);
  return prepared;
}

local::EvalScope StackEngine::MakeScope(const PreparedTemplate& prepared,
                                        const StackRecord& stack) const {
  local::EvalScope scope;
  scope.ctx = prepared.ctx;
  scope.params = &prepared.params;
  scope.conditions = &prepared.conditions;
  const json::object& tmpl = prepared.tmpl.get_object();
  if (const json::value* mappings = tmpl.if_contains("Mappings");
      mappings != nullptr && mappings->is_object()) {
    scope.mappings = &mappings->get_object();
  }
  scope.ref_resource = [&stack](std::string_view id) -> Result<std::string> {
    auto it = stack.resources.find(std::string(id));
    if (it == stack.resources.end() || it->second.physical_id.empty()) {
      return Validation("Template format error: Unresolved resource dependencies [" +
                        std::string(id) + "] in the Resources block of the template");
    }
    return it->second.physical_id;
  };
  scope.get_att = [&stack](std::string_view id,
                           std::string_view attribute) -> Result<json::value> {
    auto it = stack.resources.find(std::string(id));
    if (it == stack.resources.end() || it->second.physical_id.empty()) {
      return Validation("Template format error: Unresolved resource dependencies [" +
                        std::string(id) + "] in the Resources block of the template");
    }
    const ResourceRecord& resource = it->second;
    if (const json::value* value = resource.attributes.if_contains(attribute)) return *value;
    // Simulated types answer any attribute (their table is not exhaustive).
    if (resource.simulated) return json::value(resource.physical_id);
    if (resource.type.starts_with("Custom::") ||
        resource.type == "AWS::CloudFormation::CustomResource") {
      return Validation("CustomResource attribute error: Vendor response doesn't contain " +
                        std::string(attribute) + " key in object " + resource.physical_id +
                        " (the Data its function answered has no such key)");
    }
    return Validation("Template error: resource " + std::string(id) +
                      " does not support attribute type " + std::string(attribute) +
                      " in Fn::GetAtt");
  };
  scope.import_value = [this](std::string_view name) { return ImportValue(name); };
  return scope;
}

}  // namespace sparta::local_cloud::cfn
