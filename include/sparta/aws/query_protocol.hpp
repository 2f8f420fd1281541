#pragma once
// The awsQuery protocol's request side (CloudFormation, STS): an ordered list
// of form fields with the protocol's naming rules for structures, lists and
// maps, serialized as an application/x-www-form-urlencoded POST body.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sparta/aws/http.hpp"

namespace sparta::aws {

inline constexpr std::string_view kQueryContentType =
    "application/x-www-form-urlencoded; charset=utf-8";

/// Percent-encodes every byte except the unreserved `A-Za-z0-9-_.~` (upper-case
/// hex): the encoding of names and values in a Query body, and of S3 keys.
std::string PercentEncode(std::string_view text);

/// The fields of one Query request. They serialize in the order they were
/// added (after `Action` and `Version`, which always come first), so the same
/// calls always give the same bytes: the body is signed as is.
///
/// **Example**:
///   QueryParams params("CreateStack", "2010-05-15");
///   params.Add("StackName", "demo").AddList("Capabilities", {"CAPABILITY_IAM"});
///   params.Encode();  // "Action=CreateStack&Version=2010-05-15&StackName=demo&
///                     //  Capabilities.member.1=CAPABILITY_IAM"
class QueryParams {
 public:
  using Field = std::pair<std::string, std::string>;

  QueryParams(std::string_view action, std::string_view version);

  /// Adds `name=value`, even when `value` is empty.
  QueryParams& Add(std::string name, std::string value);
  /// Adds `name=value` only when `value` is not empty (an optional string).
  QueryParams& AddIfNotEmpty(std::string name, std::string_view value);
  /// Adds `name=true|false` when `value` is set.
  QueryParams& AddBool(std::string name, std::optional<bool> value);
  /// Adds `name=<decimal>` when `value` is set.
  QueryParams& AddInt(std::string name, std::optional<int64_t> value);
  /// Adds `name.member.1=...`, `name.member.2=...`; nothing for an empty list.
  QueryParams& AddList(const std::string& name, const std::vector<std::string>& values);
  /// Adds `name.entry.N.key` / `name.entry.N.value` (N from 1); nothing when empty.
  QueryParams& AddMap(const std::string& name,
                      const std::vector<std::pair<std::string, std::string>>& entries);

  /// Adds a list of structures: for each element calls
  /// `add_members(*this, "name.member.N", element)` (N from 1), which adds the
  /// element's members under that prefix ("<prefix>.Key", ...).
  template <class T, class AddMembers>
  QueryParams& AddStructList(const std::string& name, const std::vector<T>& values,
                             AddMembers&& add_members) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      add_members(*this, MemberPrefix(name, i), values[i]);
    }
    return *this;
  }

  /// "name.member.<index + 1>".
  static std::string MemberPrefix(std::string_view name, std::size_t index);

  const std::vector<Field>& fields() const { return fields_; }
  const std::string& action() const { return fields_[0].second; }

  /// `n1=v1&n2=v2...`, names and values percent-encoded with PercentEncode.
  std::string Encode() const;

 private:
  std::vector<Field> fields_;
};

/// `POST /` with the encoded body and the Query content type; scheme, host
/// and signing are left to AwsClient.
HttpRequest MakeQueryRequest(const QueryParams& params);

}  // namespace sparta::aws
