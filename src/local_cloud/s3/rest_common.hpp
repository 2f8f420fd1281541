#pragma once
// What every handler of the S3 REST API shares: the parsed call, and the
// response builders (errors, XML documents, empty answers), each carrying
// x-amz-request-id.

#include <map>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "sparta/local_cloud/cloud_http.hpp"

#include "local_cloud/s3/addressing.hpp"
#include "local_cloud/s3/object_store.hpp"
#include "local_cloud/s3/xml_writer.hpp"

namespace sparta::local_cloud::s3 {

/// What S3Service keeps: the cloud's identity and the store.
struct ServiceCore {
  CloudContext context;
  std::unique_ptr<Store> store;
};

/// One request, parsed once.
struct RestCall {
  const CloudRequest& request;
  ServiceCore& core;
  S3Target target;
  FormFields query;
  /// The body with any aws-chunked framing removed: a view of
  /// `request.body`, or of `decoded` for an aws-chunked body (no copy of a
  /// plain body, which may be gigabytes).
  std::string_view payload;
  std::string decoded;
  /// Trailing headers of an aws-chunked body (lower-case names).
  aws::HeaderList trailers;

  bool IsHead() const { return request.method == "HEAD"; }
  bool HasQuery(std::string_view name) const { return FindField(query, name) != nullptr; }
  const std::string* Query(std::string_view name) const { return FindField(query, name); }
  const std::string* Header(std::string_view name) const { return request.Header(name); }
  /// A header, or else an aws-chunked trailer of that name.
  const std::string* HeaderOrTrailer(std::string_view name) const;
  /// The region for new buckets and for answers: the signed region, else
  /// the cloud's default.
  std::string Region() const;
  /// "/bucket/key" (or "/bucket"): the Resource of error documents.
  std::string Resource() const;
};

/// S3's error document for `error` (HEAD: status only, empty body). Codes
/// S3 does not have ("Io", "Corrupt") become 500 InternalError.
CloudResponse ErrorResponse(const RestCall& call, const Error& error);
/// 200 (or `status`) with an XML document.
CloudResponse XmlResponse(const RestCall& call, std::string body, int status = 200);
/// `status` with no body.
CloudResponse EmptyResponse(const RestCall& call, int status);

/// Verifies Content-MD5 ("InvalidDigest", "BadDigest") and every
/// x-amz-checksum-<algorithm> header or trailer ("BadDigest"; an algorithm
/// this S3 cannot compute: "InvalidRequest") against `bytes`. Returns the
/// verified checksums by algorithm name ("CRC32" -> base64).
Result<std::map<std::string, std::string>> VerifyBodyDigests(const RestCall& call,
                                                             std::string_view bytes);

/// Parses a request's XML body into `document`; "MalformedXML" (saying
/// where) when it is not well-formed or its root is not `root`.
Status ParseXmlBody(std::string_view body, std::string_view root, pugi::xml_document& document);
/// An element's name without any namespace prefix.
std::string_view LocalName(const pugi::xml_node& node);
/// The first child element named `name` (any prefix); empty node if none.
pugi::xml_node ChildNamed(const pugi::xml_node& node, std::string_view name);
/// The text of the child `name` as sent (keys keep their spaces), or "".
std::string ChildText(const pugi::xml_node& node, std::string_view name);
/// The same, without leading and trailing white space (numbers, ETags).
std::string TrimmedChildText(const pugi::xml_node& node, std::string_view name);

/// The canonical owner of everything in this account: ID and DisplayName.
std::string OwnerId(const ServiceCore& core);
inline constexpr std::string_view kOwnerDisplayName = "sparta-local";

/// Appends `<Owner><ID/><DisplayName/></Owner>` (or another element name).
void WriteOwner(XmlWriter& xml, const ServiceCore& core, std::string_view element = "Owner");

}  // namespace sparta::local_cloud::s3
