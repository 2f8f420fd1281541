#include "sparta/local_cloud/protocol/validation.hpp"

#include <cmath>

namespace sparta::local_cloud::protocol {
namespace {

// AWS caps the number of violations it lists; so do we.
constexpr std::size_t kMaxViolations = 10;

std::string PathOf(const std::string& parent, std::string_view member) {
  std::string path = parent;
  if (!path.empty()) path += '.';
  if (!member.empty()) {
    path += static_cast<char>(std::tolower(static_cast<unsigned char>(member[0])));
    path += member.substr(1);
  }
  return path;
}

std::size_t CodePoints(std::string_view utf8) {
  std::size_t count = 0;
  for (char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

// The value as AWS quotes it: 'text', '5', '[a, b]'.
std::string Quote(const json::value& value) {
  std::string text;
  if (value.is_string()) {
    text = std::string(value.get_string());
  } else if (value.is_array()) {
    text = "[";
    bool first = true;
    for (const json::value& element : value.get_array()) {
      if (!first) text += ", ";
      first = false;
      text += element.is_string() ? std::string(element.get_string()) : json::serialize(element);
    }
    text += "]";
  } else {
    text = json::serialize(value);
  }
  constexpr std::size_t kMaxShown = 256;
  if (text.size() > kMaxShown) {
    text.resize(kMaxShown);
    text += "...";
  }
  return "'" + text + "'";
}

std::string NumberText(double number) {
  if (std::floor(number) == number && std::fabs(number) < 1e15) {
    return std::to_string(static_cast<long long>(number));
  }
  return std::to_string(number);
}

class Validator {
 public:
  std::vector<std::string> violations;

  void Check(const Shape& shape, const json::value& value, const std::string& path) {
    if (violations.size() >= kMaxViolations) return;
    switch (shape.type) {
      case ShapeType::kStructure:
        CheckStructure(shape, value, path);
        return;
      case ShapeType::kList:
        if (!value.is_array()) return;
        CheckLength(shape, value, value.get_array().size(), path);
        for (std::size_t i = 0; i < value.get_array().size(); ++i) {
          const json::value& element = value.get_array()[i];
          if (element.is_null()) continue;
          std::string element_path = path + "." + std::to_string(i + 1) + ".member";
          Check(*shape.list_member->shape, element, element_path);
        }
        return;
      case ShapeType::kMap:
        if (!value.is_object()) return;
        CheckLength(shape, value, value.get_object().size(), path);
        for (const auto& [key, element] : value.get_object()) {
          Check(*shape.map_key->shape, json::value(key), path);
          if (!element.is_null())
            Check(*shape.map_value->shape, element, path + "." + std::string(key));
        }
        return;
      case ShapeType::kString:
        if (!value.is_string()) return;
        CheckString(shape, value, path);
        return;
      case ShapeType::kBlob:
        if (value.is_string()) CheckLength(shape, value, value.get_string().size(), path);
        return;
      case ShapeType::kInteger:
      case ShapeType::kLong:
      case ShapeType::kFloat:
      case ShapeType::kDouble:
        if (value.is_number()) CheckRange(shape, value, path);
        return;
      case ShapeType::kBoolean:
      case ShapeType::kTimestamp:
        return;
    }
  }

 private:
  void Add(const json::value* value, const std::string& path, std::string constraint) {
    if (violations.size() >= kMaxViolations) return;
    std::string text = "Value ";
    text += value == nullptr ? "null" : Quote(*value);
    text += " at '";
    text += path;
    text += "' failed to satisfy constraint: ";
    text += constraint;
    violations.push_back(std::move(text));
  }

  void CheckStructure(const Shape& shape, const json::value& value, const std::string& path) {
    if (!value.is_object()) return;
    const json::object& object = value.get_object();
    for (const Member& member : shape.members) {
      const json::value* present = object.if_contains(member.name);
      std::string member_path = PathOf(path, member.name);
      if (present == nullptr || present->is_null()) {
        if (shape.IsRequired(member.name)) Add(nullptr, member_path, "Member must not be null");
        continue;
      }
      Check(*member.shape, *present, member_path);
    }
  }

  void CheckLength(const Shape& shape, const json::value& value, std::size_t length,
                   const std::string& path) {
    if (shape.min && static_cast<double>(length) < *shape.min) {
      Add(&value, path,
          "Member must have length greater than or equal to " + NumberText(*shape.min));
    }
    if (shape.max && static_cast<double>(length) > *shape.max) {
      Add(&value, path, "Member must have length less than or equal to " + NumberText(*shape.max));
    }
  }

  void CheckString(const Shape& shape, const json::value& value, const std::string& path) {
    std::string_view text = value.get_string();
    CheckLength(shape, value, CodePoints(text), path);
    if (!shape.enum_values.empty()) {
      bool listed = false;
      for (const std::string& allowed : shape.enum_values) listed = listed || allowed == text;
      if (!listed) {
        std::string constraint = "Member must satisfy enum value set: [";
        for (std::size_t i = 0; i < shape.enum_values.size(); ++i) {
          if (i > 0) constraint += ", ";
          constraint += shape.enum_values[i];
        }
        constraint += "]";
        Add(&value, path, std::move(constraint));
      }
    }
    if (shape.pattern && !text.empty() && !shape.pattern->Matches(text)) {
      Add(&value, path, "Member must satisfy regular expression pattern: " + shape.pattern_text);
    }
  }

  void CheckRange(const Shape& shape, const json::value& value, const std::string& path) {
    double number = value.to_number<double>();
    if (shape.min && number < *shape.min) {
      Add(&value, path,
          "Member must have value greater than or equal to " + NumberText(*shape.min));
    }
    if (shape.max && number > *shape.max) {
      Add(&value, path, "Member must have value less than or equal to " + NumberText(*shape.max));
    }
  }
};

}  // namespace

std::vector<std::string> Validate(const Shape& shape, const json::value& input) {
  Validator validator;
  validator.Check(shape, input, "");
  return std::move(validator.violations);
}

std::string ValidationMessage(const std::vector<std::string>& violations) {
  if (violations.empty()) return {};
  std::string message = std::to_string(violations.size());
  message +=
      violations.size() == 1 ? " validation error detected: " : " validation errors detected: ";
  for (std::size_t i = 0; i < violations.size(); ++i) {
    if (i > 0) message += "; ";
    message += violations[i];
  }
  return message;
}

}  // namespace sparta::local_cloud::protocol
