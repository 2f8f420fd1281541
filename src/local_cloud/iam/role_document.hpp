#pragma once
// How an IamRole is kept in the StateStore (a JSON document) and shown on
// the Query API (its policy documents URL-encoded).

#include <string>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/iam_service.hpp"
#include "sparta/util/result.hpp"

namespace sparta::local_cloud::detail {

/// The stored form of `role`; RoleFromDocument(RoleToDocument(r)) == r
/// (creation time to the millisecond).
json::value RoleToDocument(const IamRole& role);
/// Error "Corrupt" when a required field is missing or mistyped.
Result<IamRole> RoleFromDocument(const json::value& document);

/// A policy document as IAM returns it: compact JSON, URL-encoded (RFC 3986).
std::string EncodePolicy(const json::value& policy);

}  // namespace sparta::local_cloud::detail
