#include "sparta/local_cloud/cloud_http.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>

#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/json/json.hpp"
#include "sparta/util/utf8.hpp"

namespace sparta::local_cloud {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// `text` with every byte that does not start a well-formed UTF-8 sequence
// replaced by U+FFFD: client-supplied names echoed in error messages must
// not make the response document unparseable.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    char32_t code_point = 0;
    std::size_t length = util::Utf8SequenceLength(text, code_point);
    if (length == 0) {
      out += kReplacement;
      length = 1;
    } else {
      out += text.substr(0, length);
    }
    text.remove_prefix(length);
  }
  return out;
}

}  // namespace

const std::string* CloudRequest::Header(std::string_view name) const {
  return aws::FindHeader(headers, name);
}

FormFields ParseForm(std::string_view encoded) {
  FormFields fields;
  while (!encoded.empty()) {
    std::size_t amp = encoded.find('&');
    std::string_view pair = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    std::string name(pair.substr(0, eq));
    std::string value(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    std::replace(name.begin(), name.end(), '+', ' ');
    std::replace(value.begin(), value.end(), '+', ' ');
    fields.emplace_back(aws::detail::UriDecode(name), aws::detail::UriDecode(value));
  }
  return fields;
}

const std::string* FindField(const FormFields& fields, std::string_view name) {
  for (const auto& [n, v] : fields) {
    if (n == name) return &v;
  }
  return nullptr;
}

std::vector<std::string> MemberList(const FormFields& fields, std::string_view prefix) {
  std::string head(prefix);
  head += ".member.";
  std::map<long, std::string> by_index;
  for (const auto& [name, value] : fields) {
    if (name.size() <= head.size() || name.compare(0, head.size(), head) != 0) continue;
    std::string_view rest = std::string_view(name).substr(head.size());
    if (!std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        rest.size() > 9) {
      continue;  // a structure member such as "Parameters.member.1.ParameterKey"
    }
    by_index.emplace(std::stol(std::string(rest)), value);
  }
  std::vector<std::string> out;
  out.reserve(by_index.size());
  for (auto& [index, value] : by_index) out.push_back(std::move(value));
  return out;
}

// XML 1.0 cannot carry control characters other than tab, newline and
// carriage return, not even as character references, nor malformed UTF-8,
// nor U+FFFE/U+FFFF: those become U+FFFD, so the document always parses.
std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    char32_t code_point = 0;
    std::size_t length = util::Utf8SequenceLength(text, code_point);
    if (length == 0 || code_point == 0xFFFE || code_point == 0xFFFF ||
        (code_point < 0x20 && code_point != '\t' && code_point != '\n' && code_point != '\r')) {
      out += kReplacement;
      text.remove_prefix(length == 0 ? 1 : length);
      continue;
    }
    switch (code_point) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\r': out += "&#13;"; break;
      default: out += text.substr(0, length);
    }
    text.remove_prefix(length);
  }
  return out;
}

std::string IsoTimestamp(std::chrono::system_clock::time_point time) {
  auto since = time.time_since_epoch();
  auto secs = std::chrono::duration_cast<std::chrono::seconds>(since);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since - secs).count();
  if (millis < 0) millis += 1000;
  std::time_t t = static_cast<std::time_t>(secs.count());
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buf;
}

CloudResponse QueryResult(std::string_view action, std::string_view xmlns,
                          std::string_view result_xml, std::string_view request_id,
                          bool with_result) {
  std::string body = "<";
  body += action;
  body += "Response xmlns=\"";
  body += xmlns;
  body += "\">";
  if (with_result) {
    body += "<";
    body += action;
    body += "Result>";
    body += result_xml;
    body += "</";
    body += action;
    body += "Result>";
  }
  body += "<ResponseMetadata><RequestId>";
  body += XmlEscape(request_id);
  body += "</RequestId></ResponseMetadata></";
  body += action;
  body += "Response>\n";
  CloudResponse response;
  response.headers = {{"Content-Type", "text/xml"}, {"x-amzn-RequestId", std::string(request_id)}};
  response.body = std::move(body);
  return response;
}

CloudResponse QueryError(int status, std::string_view code, std::string_view message,
                         std::string_view request_id, std::string_view xmlns) {
  std::string body = "<ErrorResponse xmlns=\"";
  body += xmlns;
  body += "\"><Error><Type>";
  body += status >= 500 ? "Receiver" : "Sender";
  body += "</Type><Code>";
  body += XmlEscape(code);
  body += "</Code><Message>";
  body += XmlEscape(message);
  body += "</Message></Error><RequestId>";
  body += XmlEscape(request_id);
  body += "</RequestId></ErrorResponse>\n";
  CloudResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "text/xml"}, {"x-amzn-RequestId", std::string(request_id)}};
  response.body = std::move(body);
  return response;
}

CloudResponse S3Error(int status, std::string_view code, std::string_view message,
                      std::string_view resource, std::string_view request_id) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>";
  body += XmlEscape(code);
  body += "</Code><Message>";
  body += XmlEscape(message);
  body += "</Message>";
  if (!resource.empty()) {
    body += "<Resource>";
    body += XmlEscape(resource);
    body += "</Resource>";
  }
  body += "<RequestId>";
  body += XmlEscape(request_id);
  body += "</RequestId></Error>";
  CloudResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/xml"},
                      {"x-amz-request-id", std::string(request_id)}};
  response.body = std::move(body);
  return response;
}

CloudResponse RestJsonError(int status, std::string_view code, std::string_view message,
                            std::string_view request_id) {
  json::object doc;
  doc["Type"] = status >= 500 ? "Service" : "User";
  doc["message"] = ValidUtf8(message);  // JSON text must be UTF-8
  CloudResponse response;
  response.status = status;
  response.headers = {{"Content-Type", "application/json"},
                      {"x-amzn-ErrorType", std::string(code)},
                      {"x-amzn-RequestId", std::string(request_id)}};
  response.body = json::serialize(doc);
  return response;
}

}  // namespace sparta::local_cloud
