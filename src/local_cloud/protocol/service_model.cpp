#include "sparta/local_cloud/protocol/service_model.hpp"

#include <utility>

#include "sparta/json/json.hpp"

namespace sparta::local_cloud::protocol {
namespace {

Error Invalid(std::string message) { return Error{"InvalidModel", std::move(message)}; }

std::string StringAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_string()) return {};
  return std::string(value->get_string());
}

bool BoolAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_bool() && value->get_bool();
}

std::optional<double> NumberAt(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->to_number<double>();
}

Result<ShapeType> TypeOf(std::string_view type, std::string_view shape) {
  static const std::pair<std::string_view, ShapeType> kTypes[] = {
      {"structure", ShapeType::kStructure},
      {"list", ShapeType::kList},
      {"map", ShapeType::kMap},
      {"string", ShapeType::kString},
      {"integer", ShapeType::kInteger},
      {"long", ShapeType::kLong},
      {"float", ShapeType::kFloat},
      {"double", ShapeType::kDouble},
      {"boolean", ShapeType::kBoolean},
      {"timestamp", ShapeType::kTimestamp},
      {"blob", ShapeType::kBlob},
      {"union", ShapeType::kStructure},
      {"character", ShapeType::kString},
      {"byte", ShapeType::kInteger},
      {"short", ShapeType::kInteger},
      {"bigdecimal", ShapeType::kDouble},
      {"biginteger", ShapeType::kLong},
  };
  for (const auto& [name, value] : kTypes) {
    if (name == type) return value;
  }
  std::string message = "shape ";
  message += shape;
  message += " has unknown type \"";
  message += type;
  message += "\"";
  return Invalid(std::move(message));
}

Result<Location> LocationOf(std::string_view location) {
  if (location.empty()) return Location::kBody;
  if (location == "uri") return Location::kUri;
  if (location == "querystring") return Location::kQueryString;
  if (location == "header") return Location::kHeader;
  if (location == "headers") return Location::kHeaders;
  if (location == "statusCode") return Location::kStatusCode;
  std::string message = "unknown member location \"";
  message += location;
  message += "\"";
  return Invalid(std::move(message));
}

// A member (or a list's member, a map's key or value) from its JSON
// reference {"shape": ..., "locationName": ..., ...}.
Result<Member> ReadMember(std::string name, const json::value& reference,
                          const std::map<std::string, Shape, std::less<>>& shapes,
                          std::string_view owner) {
  if (!reference.is_object()) {
    return Invalid("shape " + std::string(owner) + ": member " + name + " is not an object");
  }
  const json::object& object = reference.get_object();
  std::string target = StringAt(object, "shape");
  auto shape = shapes.find(target);
  if (shape == shapes.end()) {
    return Invalid("shape " + std::string(owner) + ": member " + name + " refers to shape \"" +
                   target + "\", which the model does not define");
  }
  auto location = LocationOf(StringAt(object, "location"));
  if (!location) return location.error();
  Member member;
  member.name = std::move(name);
  member.shape = &shape->second;
  member.location = *location;
  member.location_name = StringAt(object, "locationName");
  member.flattened = BoolAt(object, "flattened");
  member.xml_attribute = BoolAt(object, "xmlAttribute");
  member.json_value = BoolAt(object, "jsonvalue");
  member.timestamp_format = StringAt(object, "timestampFormat");
  return member;
}

Status FillShape(Shape& shape, const json::object& definition,
                 const std::map<std::string, Shape, std::less<>>& shapes) {
  auto type = TypeOf(StringAt(definition, "type"), shape.name);
  if (!type) return type.error();
  shape.type = *type;
  shape.document = BoolAt(definition, "document");
  shape.flattened = BoolAt(definition, "flattened");
  shape.streaming = BoolAt(definition, "streaming");
  shape.timestamp_format = StringAt(definition, "timestampFormat");
  shape.payload = StringAt(definition, "payload");
  shape.min = NumberAt(definition, "min");
  shape.max = NumberAt(definition, "max");
  if (const json::value* ns = definition.if_contains("xmlNamespace"); ns && ns->is_object()) {
    shape.xml_namespace = StringAt(ns->get_object(), "uri");
  }
  if (const json::value* values = definition.if_contains("enum"); values && values->is_array()) {
    for (const json::value& value : values->get_array()) {
      if (value.is_string()) shape.enum_values.emplace_back(value.get_string());
    }
  }
  shape.pattern_text = StringAt(definition, "pattern");
  if (!shape.pattern_text.empty()) {
    auto pattern = Pattern::Compile(shape.pattern_text);
    if (!pattern) {
      return Invalid("shape " + shape.name + ": " + pattern.error().message);
    }
    shape.pattern = std::move(*pattern);
  }
  if (BoolAt(definition, "exception") || definition.contains("error")) {
    ErrorInfo info;
    info.code = shape.name;
    if (const json::value* error = definition.if_contains("error"); error && error->is_object()) {
      const json::object& e = error->get_object();
      if (std::string code = StringAt(e, "code"); !code.empty()) info.code = std::move(code);
      if (auto status = NumberAt(e, "httpStatusCode")) info.http_status = static_cast<int>(*status);
      info.sender_fault = BoolAt(e, "senderFault") || info.http_status < 500;
    }
    shape.error = std::move(info);
  }
  if (shape.type == ShapeType::kStructure) {
    if (const json::value* members = definition.if_contains("members");
        members && members->is_object()) {
      for (const auto& [name, reference] : members->get_object()) {
        auto member = ReadMember(std::string(name), reference, shapes, shape.name);
        if (!member) return member.error();
        shape.members.push_back(std::move(*member));
      }
    }
    if (const json::value* required = definition.if_contains("required");
        required && required->is_array()) {
      for (const json::value& name : required->get_array()) {
        if (name.is_string()) shape.required.emplace_back(name.get_string());
      }
    }
  } else if (shape.type == ShapeType::kList) {
    const json::value* reference = definition.if_contains("member");
    if (reference == nullptr) return Invalid("list shape " + shape.name + " has no member");
    auto member = ReadMember("member", *reference, shapes, shape.name);
    if (!member) return member.error();
    shape.list_member = std::make_unique<Member>(std::move(*member));
  } else if (shape.type == ShapeType::kMap) {
    const json::value* key = definition.if_contains("key");
    const json::value* value = definition.if_contains("value");
    if (key == nullptr || value == nullptr) {
      return Invalid("map shape " + shape.name + " lacks its key or value");
    }
    auto key_member = ReadMember("key", *key, shapes, shape.name);
    if (!key_member) return key_member.error();
    auto value_member = ReadMember("value", *value, shapes, shape.name);
    if (!value_member) return value_member.error();
    shape.map_key = std::make_unique<Member>(std::move(*key_member));
    shape.map_value = std::make_unique<Member>(std::move(*value_member));
  }
  return {};
}

}  // namespace

const Member* Shape::FindMember(std::string_view member_name) const {
  for (const Member& member : members) {
    if (member.name == member_name) return &member;
  }
  return nullptr;
}

bool Shape::IsRequired(std::string_view member_name) const {
  for (const std::string& required_name : required) {
    if (required_name == member_name) return true;
  }
  return false;
}

Result<std::shared_ptr<const ServiceModel>> ServiceModel::Parse(std::string_view json_text) {
  auto document = jsonutil::Parse(json_text, "service model");
  if (!document) return Invalid(document.error().message);
  if (!document->is_object()) return Invalid("a service model is a JSON object");
  const json::object& root = document->get_object();
  const json::value* metadata = root.if_contains("metadata");
  const json::value* shapes = root.if_contains("shapes");
  const json::value* operations = root.if_contains("operations");
  if (metadata == nullptr || !metadata->is_object() || shapes == nullptr || !shapes->is_object() ||
      operations == nullptr || !operations->is_object()) {
    return Invalid("a service model has \"metadata\", \"operations\" and \"shapes\" objects");
  }

  auto model = std::make_shared<ServiceModel>();
  const json::object& meta = metadata->get_object();
  model->metadata_.api_version = StringAt(meta, "apiVersion");
  model->metadata_.protocol = StringAt(meta, "protocol");
  model->metadata_.json_version = StringAt(meta, "jsonVersion");
  model->metadata_.target_prefix = StringAt(meta, "targetPrefix");
  model->metadata_.xml_namespace = StringAt(meta, "xmlNamespace");
  model->metadata_.endpoint_prefix = StringAt(meta, "endpointPrefix");
  model->metadata_.signing_name = StringAt(meta, "signingName");
  if (model->metadata_.signing_name.empty()) {
    model->metadata_.signing_name = model->metadata_.endpoint_prefix;
  }
  model->metadata_.service_id = StringAt(meta, "serviceId");

  // Every shape first (members refer to shapes defined later), then each
  // filled in: std::map keeps the addresses members point at.
  for (const auto& [name, definition] : shapes->get_object()) {
    model->shapes_[std::string(name)].name = std::string(name);
  }
  for (const auto& [name, definition] : shapes->get_object()) {
    if (!definition.is_object()) return Invalid("shape " + std::string(name) + " is not an object");
    auto& shape = model->shapes_.find(std::string_view(name))->second;
    if (auto filled = FillShape(shape, definition.get_object(), model->shapes_); !filled) {
      return filled.error();
    }
    if (shape.error) model->errors_by_code_.emplace(shape.error->code, &shape);
  }

  const auto shape_of = [&](const json::object& operation, std::string_view key, const Shape*& out,
                            std::string* wrapper) -> Status {
    const json::value* reference = operation.if_contains(key);
    if (reference == nullptr || !reference->is_object()) return {};
    std::string target = StringAt(reference->get_object(), "shape");
    const Shape* shape = model->FindShape(target);
    if (shape == nullptr) {
      return Invalid("an operation's " + std::string(key) + " refers to shape \"" + target +
                     "\", which the model does not define");
    }
    out = shape;
    if (wrapper != nullptr) *wrapper = StringAt(reference->get_object(), "resultWrapper");
    return {};
  };
  for (const auto& [name, definition] : operations->get_object()) {
    if (!definition.is_object()) {
      return Invalid("operation " + std::string(name) + " is not an object");
    }
    const json::object& object = definition.get_object();
    Operation operation;
    operation.name = std::string(name);
    if (const json::value* http = object.if_contains("http"); http && http->is_object()) {
      if (std::string method = StringAt(http->get_object(), "method"); !method.empty()) {
        operation.method = std::move(method);
      }
      if (std::string uri = StringAt(http->get_object(), "requestUri"); !uri.empty()) {
        operation.request_uri = std::move(uri);
      }
      if (auto code = NumberAt(http->get_object(), "responseCode")) {
        operation.response_code = static_cast<int>(*code);
      }
    }
    if (auto s = shape_of(object, "input", operation.input, nullptr); !s) return s.error();
    if (auto s = shape_of(object, "output", operation.output, &operation.result_wrapper); !s) {
      return s.error();
    }
    if (const json::value* errors = object.if_contains("errors"); errors && errors->is_array()) {
      for (const json::value& reference : errors->get_array()) {
        if (!reference.is_object()) continue;
        const Shape* error = model->FindShape(StringAt(reference.get_object(), "shape"));
        if (error != nullptr) operation.errors.push_back(error);
      }
    }
    model->operations_.emplace(operation.name, std::move(operation));
  }
  return std::shared_ptr<const ServiceModel>(std::move(model));
}

const Operation* ServiceModel::FindOperation(std::string_view name) const {
  auto found = operations_.find(name);
  return found == operations_.end() ? nullptr : &found->second;
}

const Shape* ServiceModel::FindShape(std::string_view name) const {
  auto found = shapes_.find(name);
  return found == shapes_.end() ? nullptr : &found->second;
}

const Shape* ServiceModel::FindError(std::string_view code) const {
  auto found = errors_by_code_.find(code);
  return found == errors_by_code_.end() ? nullptr : found->second;
}

}  // namespace sparta::local_cloud::protocol
