#include "validate_privileges.hpp"

#include <algorithm>
#include <string_view>

#include "sparta/json/json.hpp"
#include "sparta/util/quoted.hpp"

#include "iam_actions.hpp"

namespace sparta::internal {

using util::Quoted;

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c); }

template <class Pred>
bool AllOf(std::string_view s, Pred pred) {
  return std::all_of(s.begin(), s.end(), pred);
}

// "*" or "service:Action", where the action may hold '*' and '?'.
bool IsIamAction(std::string_view action) {
  if (action == "*") return true;
  std::size_t colon = action.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == action.size()) return false;
  std::string_view service = action.substr(0, colon);
  std::string_view name = action.substr(colon + 1);
  return AllOf(service, [](char c) { return (c >= 'a' && c <= 'z') || IsDigit(c) || c == '-'; }) &&
         AllOf(name, [](char c) { return IsAlnum(c) || c == '*' || c == '?'; });
}

}  // namespace

std::vector<std::string> CheckPrivileges(const std::vector<IamPrivilege>& privileges) {
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < privileges.size(); ++i) {
    const IamPrivilege& p = privileges[i];
    const std::string which = "privilege " + std::to_string(i + 1);
    if (p.actions.empty())
      problems.push_back(which + " has no actions; list e.g. \"s3:GetObject\"");
    for (const std::string& action : p.actions) {
      if (!IsIamAction(action)) {
        problems.push_back(which + " action " + Quoted(action) +
                           " is not an IAM action; write \"service:Action\", e.g. "
                           "\"dynamodb:GetItem\"");
      } else if (auto wrong = internal::CheckIamAction(action)) {
        // Checked against the actions IAM knows (cfn-lint's list).
        problems.push_back(which + " action " + *wrong);
      }
    }
    if (p.resources.empty()) {
      problems.push_back(which + " has no resources; list the ARNs it applies to");
    }
    for (const json::value& r : p.resources) {
      bool ok = (r.is_string() && !r.get_string().empty()) || r.is_object();
      if (!ok) {
        problems.push_back(which + " resource " + json::serialize(r) +
                           " is neither an ARN string nor a CloudFormation intrinsic");
      }
    }
    if (!p.condition.is_null() && !p.condition.is_object()) {
      problems.push_back(which + " condition must be a JSON object (an IAM Condition block)");
    }
  }
  return problems;
}

}  // namespace sparta::internal
