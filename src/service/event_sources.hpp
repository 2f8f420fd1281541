#pragma once
// Synthesis of a function's event sources (sparta/service/event_sources.hpp):
// the privileges they need, and the resources that connect them.

#include <set>
#include <string>
#include <vector>

#include "sparta/cfn/template.hpp"
#include "sparta/service/function.hpp"
#include "sparta/service/synthesize.hpp"

namespace sparta::internal {

/// std::visit over the sources with one lambda per kind.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

inline bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// The privileges `f`'s event sources need, in source order: each on that
/// source's ARN only.
std::vector<IamPrivilege> EventSourcePrivileges(const Function& f);

/// The logical IDs of the service's buckets that `f` reacts to (S3Events).
std::set<std::string> ReactedBuckets(const Function& f);

/// The existing buckets `f` reacts to, in source order.
std::vector<const ExistingBucket*> ExistingBuckets(const Function& f);

/// "arn:<partition>:s3:::<name>" (an expression).
json::value ExistingBucketArn(const ExistingBucket& bucket);

/// Adds `f`'s event-source resources to `t` (permissions, mappings,
/// subscriptions, rules, filters, receipt rules) and the notification
/// entries to the buckets it reacts to, which must be in `t` already.
/// Errors: "DuplicateLogicalId", "InvalidService" (a bucket that is not in
/// the template).
Status AddEventSources(cfn::Template& t, const Function& f, const FunctionLogicalIds& ids);

/// A tag for a source's target in logical IDs: the logical ID an expression
/// refers to (Ref / Fn::GetAtt), else the last ARN segment's letters and
/// digits plus a hash of the whole value. Only letters and digits.
std::string TargetTag(const json::value& target);

}  // namespace sparta::internal
