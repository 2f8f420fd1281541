#pragma once
// AWS's JSON protocol (awsJson 1.0 and 1.1: DynamoDB, SQS, Kinesis, Logs,
// EventBridge, ...): a POST naming its operation in X-Amz-Target
// ("DynamoDB_20120810.PutItem"), the input as a JSON document, the output
// likewise; errors as {"__type": code, "message": ...}.
//
// On the wire timestamps are seconds since the epoch and blobs base64; in
// the values handlers see they are ISO 8601 strings and raw bytes, as in
// every protocol (query_protocol.hpp).

#include <string>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/protocol/service_model.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::protocol {

/// The value of `shape` a request document carries. Members the shape does
/// not name are ignored. Errors: "SerializationException" naming the member
/// whose JSON type is not its shape's (a string for a number, a malformed
/// base64 blob, ...).
Result<json::value> DecodeJson(const Shape& shape, const json::value& document);

/// `value` (of `shape`) as the wire document: timestamps as epoch seconds,
/// blobs base64, members the shape does not name left out.
json::value EncodeJson(const Shape& shape, const json::value& value);

/// Seconds since the epoch of an ISO 8601 UTC timestamp
/// ("2026-12-03T10:00:00Z", with or without fractional seconds), or nullopt.
std::optional<double> ParseIsoTimestamp(std::string_view text);

}  // namespace sparta::local_cloud::protocol
