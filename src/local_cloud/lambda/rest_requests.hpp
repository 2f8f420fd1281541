#pragma once
// Decoding the JSON bodies of the local Lambda's REST API.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/lambda_service.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::detail {

/// The body as a JSON object (an empty body is `{}`); else
/// "InvalidRequestContentException".
Result<json::object> BodyObject(const CloudRequest& request);

/// Reads CreateFunction/UpdateFunctionConfiguration members into a spec,
/// leaving absent ones as they are. The first mistyped member is error().
class SpecReader {
 public:
  explicit SpecReader(const json::object& body) : body_(body) {}

  /// Runtime, Role, Handler, Description, Timeout, MemorySize,
  /// Environment.Variables, TracingConfig.Mode, LoggingConfig.LogGroup,
  /// Architectures, PackageType (Zip only).
  void Read(FunctionSpec& spec);
  void String(std::string_view name, std::string& out);
  void Int(std::string_view name, int& out);
  /// `v` (a member named `name` for messages) as an object of strings.
  void StringMap(const json::value* v, std::string_view name,
                 std::map<std::string, std::string>& out);

  const std::optional<Error>& error() const { return error_; }

 private:
  const json::value* Field(std::string_view name) const;
  const json::value* Nested(std::string_view name, std::string_view member);
  void Fail(std::string_view name, std::string_view type);

  const json::object& body_;
  std::optional<Error> error_;
};

/// Code.ZipFile / ZipFile: the base64 of the zip, decoded; else
/// "InvalidParameterValueException".
Result<std::string> DecodeZipFile(const json::value* zip_file);

}  // namespace sparta::local_cloud::detail
