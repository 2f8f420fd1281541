#include "aws/auth/url_internal.hpp"

#include "aws/auth/headers_internal.hpp"

namespace sparta::aws::internal {

namespace {

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

bool IsIpv6Char(char c) {
  return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || (c >= '0' && c <= '9') || c == ':' ||
         c == '.';
}

// Printable ASCII other than space, '"', '<', '>', '\\', '^', '`', '{', '|', '}'.
bool IsPathChar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  switch (c) {
    case '"': case '<': case '>': case '\\': case '^': case '`': case '{': case '|': case '}':
      return false;
    default:
      return true;
  }
}

}  // namespace

Result<HttpUrl> ParseHttpUrl(std::string_view url, std::string_view origin, bool allow_query) {
  auto fail = [&](std::string_view what) {
    return MakeError("InvalidEndpoint", "invalid URL '" + std::string(url) + "' (from " +
                                            std::string(origin) + "): " + std::string(what));
  };
  HttpUrl out;
  std::string_view rest = url;
  const size_t scheme_end = rest.find("://");
  if (scheme_end == std::string_view::npos) {
    return fail("expected http://host[:port][/path] or https://...");
  }
  out.scheme = ToLowerAscii(rest.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https") {
    return fail("the scheme must be http or https");
  }
  rest.remove_prefix(scheme_end + 3);

  const size_t authority_end = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, authority_end);
  rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  if (authority.find('@') != std::string_view::npos) {
    return fail("user names or passwords do not belong in the URL");
  }

  std::string_view port_text;
  bool has_port = false;
  if (authority.starts_with('[')) {
    const size_t close = authority.find(']');
    if (close == std::string_view::npos) return fail("unterminated IPv6 address");
    const std::string_view literal = authority.substr(1, close - 1);
    if (literal.empty() || literal.find(':') == std::string_view::npos) {
      return fail("malformed IPv6 address");
    }
    for (char c : literal) {
      if (!IsIpv6Char(c)) return fail("malformed IPv6 address");
    }
    out.host = ToLowerAscii(literal);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return fail("unexpected characters after the IPv6 address");
      port_text = after.substr(1);
      has_port = true;
    }
  } else {
    const size_t colon = authority.find(':');
    const std::string_view host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      has_port = true;
    }
    if (host.empty()) return fail("the host is missing");
    for (char c : host) {
      if (!IsHostChar(c)) return fail("the host may only hold letters, digits, '-', '.' and '_'");
    }
    if (host.front() == '.' || host.front() == '-') return fail("malformed host name");
    out.host = ToLowerAscii(host);
  }
  if (has_port) {
    if (port_text.empty() || port_text.size() > 5) return fail("the port must be 1-65535");
    unsigned value = 0;
    for (char c : port_text) {
      if (c < '0' || c > '9') return fail("the port must be a number");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) return fail("the port must be 1-65535");
    out.port = static_cast<uint16_t>(value);
  }

  if (rest.find('#') != std::string_view::npos) return fail("a URL fragment ('#') is not allowed");
  const size_t question = rest.find('?');
  if (question != std::string_view::npos) {
    if (!allow_query) return fail("a query string ('?') is not allowed here");
    out.query = std::string(rest.substr(question + 1));
    rest = rest.substr(0, question);
  }
  for (char c : rest) {
    if (!IsPathChar(c)) return fail("the path holds a space or a character that must be escaped");
  }
  for (char c : out.query) {
    if (!IsPathChar(c)) return fail("the query holds a space or a character that must be escaped");
  }
  out.path = std::string(rest);
  return out;
}

}  // namespace sparta::aws::internal
