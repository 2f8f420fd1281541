#pragma once
// Building S3's REST-XML documents, and the HTTP date format S3 uses in
// Last-Modified and the conditional-request headers.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sparta::local_cloud::s3 {

inline constexpr std::string_view kS3Xmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

/// Appends elements to a document that starts with the XML declaration.
/// Text is escaped; element names are trusted.
class XmlWriter {
 public:
  XmlWriter();
  /// A writer for a fragment: no XML declaration, no root.
  static XmlWriter Fragment();
  /// Opens the root element with S3's namespace.
  XmlWriter& Root(std::string_view name);
  XmlWriter& Open(std::string_view name);
  XmlWriter& Close(std::string_view name);
  /// <name>text</name>
  XmlWriter& Element(std::string_view name, std::string_view text);
  XmlWriter& Element(std::string_view name, std::uint64_t number);
  XmlWriter& Bool(std::string_view name, bool value);
  /// Appends `xml` as is (an already escaped fragment).
  XmlWriter& Raw(std::string_view xml);
  std::string Finish(std::string_view root_name);
  /// The text so far (for fragments).
  std::string Take() { return std::move(text_); }

 private:
  std::string text_;
};

/// "Fri, 27 Nov 2026 06:00:00 GMT" (RFC 1123, UTC).
std::string HttpDate(std::chrono::system_clock::time_point time);
/// Parses an RFC 1123 date ("Fri, 27 Nov 2026 06:00:00 GMT"); nullopt when
/// it is not one.
std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text);

/// A key or prefix as S3 writes it with encoding-type=url: every byte but
/// unreserved ones and '/' percent-encoded.
std::string UrlEncodeKey(std::string_view key);

}  // namespace sparta::local_cloud::s3
