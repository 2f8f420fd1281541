#include "sparta/aws/s3_notifications.hpp"

#include <sstream>

#include "xml_reader.hpp"

namespace sparta::aws::s3 {
namespace {

constexpr std::string_view kRoot = "NotificationConfiguration";
constexpr std::string_view kS3Namespace = "http://s3.amazonaws.com/doc/2006-03-01/";
// S3 reads and writes a LambdaFunctionConfiguration under this name.
constexpr const char* kFunctionEntry = "CloudFunctionConfiguration";

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

Result<std::unique_ptr<pugi::xml_document>> ParseConfiguration(std::string_view document) {
  if (document.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    auto empty = std::make_unique<pugi::xml_document>();
    empty->append_child(std::string(kRoot).c_str())
        .append_attribute("xmlns")
        .set_value(std::string(kS3Namespace).c_str());
    return empty;
  }
  auto parsed = detail::ParseXml(document, "S3 notification configuration");
  if (!parsed) return parsed.error();
  const pugi::xml_node root = (*parsed)->document_element();
  if (LocalName(root) != kRoot) {
    std::string message =
        "an S3 notification configuration is a <NotificationConfiguration>, "
        "not <";
    message += root.name();
    message += ">";
    return MakeError("InvalidResponse", std::move(message));
  }
  return parsed;
}

void AddRule(pugi::xml_node key, const char* name, const std::string& value) {
  if (value.empty()) return;
  pugi::xml_node rule = key.append_child("FilterRule");
  rule.append_child("Name").text().set(name);
  rule.append_child("Value").text().set(value.c_str());
}

}  // namespace

Result<std::string> WithFunctionNotification(std::string_view document, std::string_view id,
                                             const std::optional<FunctionNotification>& entry) {
  if (id.empty() || id.size() > 255) {
    return MakeError(
        "InvalidArgument",
        "an S3 notification Id has 1 to 255 characters; this one has " + std::to_string(id.size()));
  }
  auto parsed = ParseConfiguration(document);
  if (!parsed) return parsed.error();
  pugi::xml_node root = (*parsed)->document_element();
  for (pugi::xml_node child = root.first_child(); child;) {
    pugi::xml_node next = child.next_sibling();
    if (child.type() == pugi::node_element && LocalName(child) == kFunctionEntry &&
        detail::Text(child, "Id") == id) {
      root.remove_child(child);
    }
    child = next;
  }
  if (entry) {
    pugi::xml_node added = root.append_child(kFunctionEntry);
    added.append_child("Id").text().set(std::string(id).c_str());
    added.append_child("CloudFunction").text().set(entry->function_arn.c_str());
    for (const std::string& event : entry->events) {
      added.append_child("Event").text().set(event.c_str());
    }
    if (!entry->prefix.empty() || !entry->suffix.empty()) {
      pugi::xml_node key = added.append_child("Filter").append_child("S3Key");
      AddRule(key, "prefix", entry->prefix);
      AddRule(key, "suffix", entry->suffix);
    }
  }
  std::ostringstream out;
  (*parsed)->save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

Result<std::vector<std::string>> FunctionNotificationIds(std::string_view document) {
  auto parsed = ParseConfiguration(document);
  if (!parsed) return parsed.error();
  std::vector<std::string> ids;
  for (pugi::xml_node child : (*parsed)->document_element().children()) {
    if (child.type() == pugi::node_element && LocalName(child) == kFunctionEntry) {
      ids.push_back(detail::Text(child, "Id"));
    }
  }
  return ids;
}

}  // namespace sparta::aws::s3
