// Parsing AWS error documents (XML with pugixml, JSON with Boost.JSON) and
// the retry classification of AWS error codes.

#include "sparta/aws/aws_error.hpp"

#include <array>
#include <cctype>
#include <pugixml.hpp>

#include "sparta/json/json.hpp"

namespace sparta::aws {
namespace {

std::string_view TrimLeft(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  return text;
}

// "com.amazonaws.lambda#ResourceNotFoundException" -> the part after '#';
// "ResourceNotFoundException:http://internal..." (the header form) -> the
// part before ':'.
std::string CleanCode(std::string_view code) {
  if (auto colon = code.find(':'); colon != std::string_view::npos) code = code.substr(0, colon);
  if (auto hash = code.rfind('#'); hash != std::string_view::npos) code = code.substr(hash + 1);
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) {
    code.remove_suffix(1);
  }
  return std::string(TrimLeft(code));
}

std::string ChildText(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

void ParseXml(std::string_view body, AwsErrorDetails& details) {
  pugi::xml_document doc;
  if (!doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8)) {
    return;
  }
  // <ErrorResponse><Error>, <Response><Errors><Error> and S3's root <Error>
  // all name the same element: the first <Error> that has a <Code>.
  pugi::xml_node error = doc.find_node([](const pugi::xml_node& node) {
    return std::string_view(node.name()) == "Error" && node.child("Code");
  });
  if (error) {
    details.code = ChildText(error, "Code");
    details.message = ChildText(error, "Message");
  }
  pugi::xml_node id = doc.find_node([](const pugi::xml_node& node) {
    std::string_view name = node.name();
    return name == "RequestId" || name == "RequestID";
  });
  if (id) details.request_id = id.text().as_string();
}

std::string JsonString(const json::object& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (const json::value* value = object.if_contains(key); value && value->is_string()) {
      return std::string(value->get_string());
    }
  }
  return "";
}

void ParseJson(std::string_view body, AwsErrorDetails& details) {
  auto parsed = jsonutil::Parse(body, "error response");
  if (!parsed.ok() || !parsed->is_object()) return;
  const json::object& object = parsed->get_object();
  if (details.code.empty())
    details.code = CleanCode(JsonString(object, {"__type", "code", "Code"}));
  details.message = JsonString(object, {"message", "Message", "errorMessage"});
  if (details.request_id.empty())
    details.request_id = JsonString(object, {"RequestId", "requestId"});
}

// What to say when AWS said nothing: a body-less response (HEAD) or a body
// that is not an AWS error document (a proxy's HTML page, say).
std::string FallbackMessage(const HttpResponse& response) {
  if (const std::string* region = FindHeader(response.headers, "x-amz-bucket-region")) {
    if (response.status == 301) {
      return "the bucket is in region " + *region + ": use that region";
    }
  }
  std::string_view body = TrimLeft(response.body);
  if (body.empty()) return "the response has no error details";
  std::string snippet;
  for (char c : body.substr(0, 200)) {
    unsigned char u = static_cast<unsigned char>(c);
    snippet += (std::isspace(u) || !std::isprint(u)) ? ' ' : c;
  }
  return "unexpected response body: " + snippet + (body.size() > 200 ? "..." : "");
}

std::string CodeFromStatus(int status) {
  switch (status) {
    case 301:
      return "PermanentRedirect";
    case 403:
      return "Forbidden";
    case 404:
      return "NotFound";
    default:
      return "Http" + std::to_string(status);
  }
}

}  // namespace

AwsErrorDetails ParseAwsError(const HttpResponse& response) {
  AwsErrorDetails details;
  for (const char* name : {"x-amzn-RequestId", "x-amz-request-id"}) {
    if (const std::string* id = FindHeader(response.headers, name); id && !id->empty()) {
      details.request_id = *id;
      break;
    }
  }
  if (const std::string* type = FindHeader(response.headers, "x-amzn-ErrorType")) {
    details.code = CleanCode(*type);
  }
  std::string_view body = TrimLeft(response.body);
  AwsErrorDetails from_body;
  if (body.starts_with('<')) {
    ParseXml(body, from_body);
  } else if (body.starts_with('{')) {
    ParseJson(body, from_body);
  }
  if (details.code.empty()) details.code = std::move(from_body.code);
  details.message = std::move(from_body.message);
  if (details.request_id.empty()) details.request_id = std::move(from_body.request_id);
  return details;
}

Error MakeAwsError(const HttpResponse& response) {
  AwsErrorDetails details = ParseAwsError(response);
  std::string code = details.code.empty() ? CodeFromStatus(response.status) : details.code;
  std::string message =
      details.message.empty() && details.code.empty() ? FallbackMessage(response) : details.message;
  if (message.empty()) message = code;
  const std::string* region = FindHeader(response.headers, "x-amz-bucket-region");
  if (response.status == 301 && region && !details.message.empty()) {
    message += message.ends_with('.') ? " " : ". ";
    message += "The bucket is in region " + *region + ".";
  }
  message += " (HTTP " + std::to_string(response.status);
  if (!details.request_id.empty()) message += ", request id " + details.request_id;
  message += ")";
  return MakeError(std::move(code), std::move(message));
}

bool IsThrottlingCode(std::string_view code) {
  static constexpr std::array<std::string_view, 13> kCodes = {
      "Throttling",
      "ThrottlingException",
      "ThrottledException",
      "RequestThrottledException",
      "TooManyRequestsException",
      "ProvisionedThroughputExceededException",
      "TransactionInProgressException",
      "RequestLimitExceeded",
      "BandwidthLimitExceeded",
      "RequestThrottled",
      "SlowDown",
      "PriorRequestNotComplete",
      "EC2ThrottledException",
  };
  for (std::string_view known : kCodes) {
    if (code == known) return true;
  }
  return false;
}

bool IsRetryableResponse(int status, std::string_view code) {
  if (status == 429 || status == 500 || status == 502 || status == 503 || status == 504) {
    return true;
  }
  return IsThrottlingCode(code) || code == "RequestTimeout" || code == "RequestTimeoutException";
}

}  // namespace sparta::aws
