#include "aws/clients/xml_reader.hpp"

#include <charconv>

namespace sparta::aws::detail {

Result<std::unique_ptr<pugi::xml_document>> ParseXml(std::string_view body, std::string_view what) {
  auto document = std::make_unique<pugi::xml_document>();
  const pugi::xml_parse_result parsed =
      document->load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return MakeError("InvalidResponse", std::string(what) + " returned a body that is not XML (" +
                                            parsed.description() + " at byte " +
                                            std::to_string(parsed.offset) +
                                            "); is the endpoint really this AWS service?");
  }
  if (!document->document_element()) {
    return MakeError("InvalidResponse",
                     std::string(what) + " returned an XML body without a root element");
  }
  return document;
}

Result<pugi::xml_node> QueryResultNode(const pugi::xml_document& document,
                                       std::string_view operation, std::string_view what) {
  const pugi::xml_node root = document.document_element();
  const std::string response_name = std::string(operation) + "Response";
  if (response_name != root.name()) {
    return MakeError("InvalidResponse", std::string(what) + " returned <" + root.name() +
                                            "> where <" + response_name + "> was expected");
  }
  const std::string result_name = std::string(operation) + "Result";
  return root.child(result_name.c_str());
}

std::string Text(pugi::xml_node parent, const char* name) {
  return parent.child(name).text().as_string();
}

std::optional<bool> Bool(pugi::xml_node parent, const char* name) {
  const pugi::xml_node child = parent.child(name);
  if (!child) return std::nullopt;
  const std::string_view text = child.text().as_string();
  if (text == "true") return true;
  if (text == "false") return false;
  return std::nullopt;
}

std::optional<int64_t> Int(pugi::xml_node parent, const char* name) {
  const pugi::xml_node child = parent.child(name);
  if (!child) return std::nullopt;
  const std::string_view text = child.text().as_string();
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string> StringMembers(pugi::xml_node parent, const char* name) {
  std::vector<std::string> values;
  for (const pugi::xml_node member : parent.child(name).children("member")) {
    values.emplace_back(member.text().as_string());
  }
  return values;
}

std::vector<pugi::xml_node> Members(pugi::xml_node parent, const char* name) {
  std::vector<pugi::xml_node> nodes;
  for (const pugi::xml_node member : parent.child(name).children("member")) {
    nodes.push_back(member);
  }
  return nodes;
}

}  // namespace sparta::aws::detail
