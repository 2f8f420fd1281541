#pragma once
// Small helpers shared by the Query API files: reading structured form
// members and writing CloudFormation's XML elements and errors.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "local_cloud/cloudformation/stack_model.hpp"
#include "sparta/local_cloud/cloud_http.hpp"

namespace sparta::local_cloud::cfn {

/// `Prefix.member.N.Field` members, ordered by N: each a Field → value map.
std::vector<std::map<std::string, std::string>> StructMembers(const FormFields& form,
                                                              std::string_view prefix);

/// The field's value, or "" when absent.
std::string Field(const FormFields& form, std::string_view name);

/// "true"/"false" field; nullopt when absent.
std::optional<bool> BoolField(const FormFields& form, std::string_view name);

/// Appends `<name>escaped text</name>`; nothing when `text` is empty and
/// `always` is false.
void AppendElement(std::string& xml, std::string_view name, std::string_view text,
                   bool always = false);

/// The error response with CloudFormation's status for `error.code`.
CloudResponse ErrorResponse(const Error& error, const CloudRequest& request);

/// Parameters.member.N / Tags.member.N: the key/value lists a request gives.
TagList ReadTags(const FormFields& form);

/// Every parameter the template declares with the value DescribeStacks and
/// DescribeChangeSet show: defaults applied, NoEcho ones as "****", lists
/// joined with ','. Falls back to `given` when the template cannot be read.
std::vector<std::pair<std::string, std::string>> ShownParameters(const std::string& template_body,
                                                                 const ParameterValues& given);

/// A StackName that CloudFormation accepts: [a-zA-Z][-a-zA-Z0-9]* up to 128.
bool IsValidStackName(std::string_view name);

/// One page out of `total` items: [begin, end) and the next token ("" when
/// last). An unreadable token starts at 0.
struct PageRange {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string next_token;
};
PageRange Page(std::size_t total, std::string_view token, std::size_t page_size);

inline constexpr std::string_view kNoChangesReason =
    "The submitted information didn't contain changes. Submit different information to create a "
    "change set.";

}  // namespace sparta::local_cloud::cfn
