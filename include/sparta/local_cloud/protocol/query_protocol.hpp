#pragma once
// AWS's Query protocol (CloudFormation, IAM, STS, SNS, SES): a form of
// "Action", "Version" and the input's members flattened into dotted names
// ("Tags.member.1.Key"), answered with an XML document of the output's
// members inside <ActionResponse><ActionResult>.
//
// Values are Boost.JSON values shaped like the model: structures are objects
// keyed by member name, lists arrays, maps objects; timestamps are ISO 8601
// strings, blobs their raw bytes.

#include <string>
#include <string_view>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/protocol/service_model.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::protocol {

/// The value of `shape` that `fields` carry. Fields the shape does not name
/// are ignored, as AWS does. Errors: "ValidationError" for a member that is
/// not of its type (a number that does not parse, a boolean that is neither
/// "true" nor "false", a blob that is not base64), naming it.
Result<json::value> DecodeQuery(const Shape& shape, const FormFields& fields);

/// The whole response document of `operation` for `output` (null when the
/// operation answers nothing): `<{Name}Response xmlns><{Name}Result>...
/// <ResponseMetadata><RequestId>`.
std::string EncodeQueryResponse(const Operation& operation, const json::value& output,
                                std::string_view xmlns, std::string_view request_id);

/// The XML elements of `value`'s members in `shape`'s order (the body of
/// Query results and REST-XML documents): lists wrapped in <member> (or
/// their member's name) unless flattened, maps as <entry><key><value>.
void AppendXmlMembers(const Shape& shape, const json::value& value, std::string& out);

/// A timestamp value (an ISO 8601 string, or seconds since the epoch) as
/// ISO 8601 with milliseconds; "" when it is neither.
std::string TimestampIso(const json::value& value);

}  // namespace sparta::local_cloud::protocol
