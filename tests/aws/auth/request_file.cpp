#include "aws/auth/request_file.hpp"

#include <gtest/gtest.h>

#include "sparta/util/files.hpp"

namespace sparta::aws::testing {

bool ParseRawRequest(std::string_view text, HttpRequest& out, std::string& error) {
  out = HttpRequest{};
  size_t pos = text.find('\n');
  const std::string_view request_line = text.substr(0, pos);
  const size_t first_space = request_line.find(' ');
  const size_t last_space = request_line.rfind(' ');
  if (first_space == std::string_view::npos || last_space == first_space) {
    error = "bad request line";
    return false;
  }
  out.method = std::string(request_line.substr(0, first_space));
  // The target may contain spaces (normalize-path/get-space).
  const std::string_view target =
      request_line.substr(first_space + 1, last_space - first_space - 1);
  const size_t question = target.find('?');
  out.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) out.query = std::string(target.substr(question + 1));

  while (pos != std::string_view::npos) {
    const size_t start = pos + 1;
    pos = text.find('\n', start);
    const std::string_view line =
        text.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start);
    if (line.empty()) {
      if (pos != std::string_view::npos) out.body = std::string(text.substr(pos + 1));
      break;
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (out.headers.empty()) {
        error = "continuation line before any header";
        return false;
      }
      out.headers.back().second += "\n";
      out.headers.back().second += line;
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      error = "header line without ':'";
      return false;
    }
    out.headers.emplace_back(std::string(line.substr(0, colon)),
                             std::string(line.substr(colon + 1)));
  }
  out.scheme = "https";
  for (const auto& [name, value] : out.headers) {
    if (name == "Host" || name == "host") out.host = value;
  }
  return true;
}

std::string ReadTestFile(const std::string& path) {
  Result<std::string> text = util::ReadFile(path);
  if (!text) {
    ADD_FAILURE() << text.error().message;
    return {};
  }
  return *text;
}

}  // namespace sparta::aws::testing
