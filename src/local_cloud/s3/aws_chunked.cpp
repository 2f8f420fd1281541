#include "local_cloud/s3/aws_chunked.hpp"

#include <cctype>

namespace sparta::local_cloud::s3 {
namespace {

std::string Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string LowerCopy(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Error Incomplete(std::string what) {
  std::string message = "The aws-chunked request body is malformed: ";
  message += what;
  message +=
      ". Send each chunk as <hex size>;chunk-signature=<signature>\\r\\n<data>\\r\\n and "
      "end with a zero-size chunk.";
  return MakeError("IncompleteBody", std::move(message));
}

}  // namespace

bool IsAwsChunked(const aws::HeaderList& headers) {
  if (const std::string* sha = aws::FindHeader(headers, "x-amz-content-sha256");
      sha != nullptr && sha->rfind("STREAMING-", 0) == 0) {
    return true;
  }
  const std::string* encoding = aws::FindHeader(headers, "content-encoding");
  return encoding != nullptr && LowerCopy(*encoding).find("aws-chunked") != std::string::npos;
}

Result<DecodedChunks> DecodeAwsChunked(std::string_view body) {
  DecodedChunks decoded;
  std::size_t pos = 0;
  while (true) {
    std::size_t eol = body.find("\r\n", pos);
    if (eol == std::string_view::npos) return Incomplete("a chunk header has no CRLF");
    std::string_view header = body.substr(pos, eol - pos);
    std::string_view size_text = header.substr(0, header.find(';'));
    while (!size_text.empty() && size_text.back() == ' ') size_text.remove_suffix(1);
    if (size_text.empty() || size_text.size() > 15) {
      return Incomplete("the chunk size '" + std::string(size_text) + "' is not hexadecimal");
    }
    std::size_t size = 0;
    for (char c : size_text) {
      int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                  : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
                  : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                              : -1;
      if (digit < 0) {
        return Incomplete("the chunk size '" + std::string(size_text) + "' is not hexadecimal");
      }
      size = size * 16 + static_cast<std::size_t>(digit);
    }
    pos = eol + 2;
    if (size == 0) break;
    if (body.size() - pos < size + 2) return Incomplete("a chunk is shorter than its size");
    decoded.payload.append(body.substr(pos, size));
    pos += size;
    if (body.substr(pos, 2) != "\r\n") return Incomplete("a chunk's data is not followed by CRLF");
    pos += 2;
  }
  // Trailers: "name:value\r\n" lines, then an empty line (or the end of the
  // body: some senders omit the final CRLF when there are no trailers).
  while (pos < body.size()) {
    std::size_t eol = body.find("\r\n", pos);
    std::string_view line =
        body.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    pos = eol == std::string_view::npos ? body.size() : eol + 2;
    if (line.empty()) break;
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
      return Incomplete("the trailer line '" + std::string(line) + "' has no ':'");
    }
    std::string name = LowerCopy(Trim(line.substr(0, colon)));
    if (name == "x-amz-trailer-signature") continue;
    decoded.trailers.emplace_back(std::move(name), Trim(line.substr(colon + 1)));
  }
  return decoded;
}

std::string WithoutAwsChunked(std::string_view content_encoding) {
  std::string out;
  std::size_t start = 0;
  while (start <= content_encoding.size()) {
    std::size_t comma = content_encoding.find(',', start);
    std::string item = Trim(content_encoding.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (!item.empty() && LowerCopy(item) != "aws-chunked") {
      if (!out.empty()) out += ",";
      out += item;
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace sparta::local_cloud::s3
