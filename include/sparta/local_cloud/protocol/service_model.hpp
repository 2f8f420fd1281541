#pragma once
// An AWS service model (botocore's service-2.json, as the generated tables in
// src/local_cloud/protocol/models hold it): the operations with their HTTP
// bindings, and the shapes of their inputs, outputs and errors. The protocol
// engine (protocol_service.hpp) reads requests and writes responses from it,
// so a local service writes only the behaviour of each operation.
//
// A model is parsed once and never changes: share it as
// std::shared_ptr<const ServiceModel>; every member may be read from any
// thread.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sparta/util/result.hpp"

namespace sparta::local_cloud::protocol {

enum class ShapeType {
  kStructure,
  kList,
  kMap,
  kString,
  kInteger,
  kLong,
  kFloat,
  kDouble,
  kBoolean,
  kTimestamp,
  kBlob,
};

/// Where a member travels in a REST request or response (Query and JSON
/// protocols carry every member in the body).
enum class Location {
  kBody,
  kUri,          // a {Label} of the request URI
  kQueryString,  // ?name=value
  kHeader,       // one header
  kHeaders,      // every header with a prefix (a map), e.g. x-amz-meta-
  kStatusCode,   // the response's HTTP status
};

class Pattern;
struct Shape;

struct Member {
  std::string name;
  const Shape* shape = nullptr;
  Location location = Location::kBody;
  /// The wire name: header, URI label, query key or XML element; the
  /// member's name when the model gives none.
  std::string location_name;
  bool flattened = false;        // XML: a list or map without a wrapper element
  bool xml_attribute = false;    // XML: written as an attribute
  bool json_value = false;       // a header holding base64 JSON
  std::string timestamp_format;  // overrides the shape's, e.g. "iso8601"

  const std::string& WireName() const { return location_name.empty() ? name : location_name; }
};

struct ErrorInfo {
  std::string code;  // the wire code: error.code, or the shape's name
  int http_status = 400;
  bool sender_fault = true;
};

struct Shape {
  std::string name;
  ShapeType type = ShapeType::kString;

  // kStructure: members in the model's order; `required` by name.
  std::vector<Member> members;
  std::vector<std::string> required;
  std::string payload;             // REST: the member that is the whole body
  std::optional<ErrorInfo> error;  // set on exception shapes
  bool document = false;           // a free-form JSON document

  // kList: `list_member`; kMap: `map_key` and `map_value`.
  std::unique_ptr<Member> list_member;
  std::unique_ptr<Member> map_key;
  std::unique_ptr<Member> map_value;
  bool flattened = false;

  // Constraints (inputs are validated against them).
  std::vector<std::string> enum_values;
  std::optional<double> min;  // length (strings, lists, maps, blobs) or value (numbers)
  std::optional<double> max;
  std::string pattern_text;
  std::shared_ptr<const Pattern> pattern;  // null when the model gives none

  std::string timestamp_format;  // "iso8601", "unixTimestamp", "rfc822" or ""
  bool streaming = false;        // a blob streamed as the whole body
  std::string xml_namespace;     // xmlNamespace.uri

  const Member* FindMember(std::string_view member_name) const;
  bool IsRequired(std::string_view member_name) const;
};

struct Operation {
  std::string name;
  std::string method = "POST";
  std::string request_uri = "/";  // e.g. "/{Bucket}/{Key+}?uploads"
  int response_code = 200;
  const Shape* input = nullptr;   // null: the operation takes nothing
  const Shape* output = nullptr;  // null: it answers nothing
  std::string result_wrapper;     // Query: e.g. "GetRoleResult"
  std::vector<const Shape*> errors;
};

struct ServiceMetadata {
  std::string api_version;    // "2010-05-08"
  std::string protocol;       // "query", "rest-xml", "rest-json", "json"
  std::string json_version;   // "1.0" or "1.1" for "json"
  std::string target_prefix;  // "json": X-Amz-Target's prefix
  std::string xml_namespace;  // "query"/"rest-xml": the documents' namespace
  std::string signing_name;   // "sts", "s3", ...
  std::string endpoint_prefix;
  std::string service_id;  // "IAM"
};

class ServiceModel {
 public:
  /// Parses a model document. Errors: "InvalidModel" naming what is wrong
  /// (a shape referred to but not defined, a malformed pattern, ...).
  static Result<std::shared_ptr<const ServiceModel>> Parse(std::string_view json_text);

  const ServiceMetadata& metadata() const { return metadata_; }
  const std::map<std::string, Operation, std::less<>>& operations() const { return operations_; }
  const Operation* FindOperation(std::string_view name) const;
  const Shape* FindShape(std::string_view name) const;
  /// The exception shape whose wire code is `code`, or nullptr.
  const Shape* FindError(std::string_view code) const;

 private:
  ServiceMetadata metadata_;
  std::map<std::string, Shape, std::less<>> shapes_;
  std::map<std::string, Operation, std::less<>> operations_;
  std::map<std::string, const Shape*, std::less<>> errors_by_code_;
};

/// A shape's `pattern`: AWS's services match the whole value against it (as
/// Java's String.matches does), by code point.
class Pattern {
 public:
  /// Errors: "InvalidModel" when the expression does not compile.
  static Result<std::shared_ptr<const Pattern>> Compile(std::string_view java_pattern);
  ~Pattern();
  Pattern(const Pattern&) = delete;
  Pattern& operator=(const Pattern&) = delete;

  /// Whether the whole of `utf8` matches; malformed UTF-8 never does.
  bool Matches(std::string_view utf8) const;

 private:
  struct Impl;
  explicit Pattern(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sparta::local_cloud::protocol
