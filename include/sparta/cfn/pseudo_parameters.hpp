#pragma once
// CloudFormation's pseudo parameters: names every template may `Ref` without
// declaring them.

#include <string_view>

#include "sparta/json/json.hpp"

namespace sparta::cfn {

namespace pseudo {
inline constexpr std::string_view kAccountId = "AWS::AccountId";
inline constexpr std::string_view kNotificationArns = "AWS::NotificationARNs";
inline constexpr std::string_view kNoValue = "AWS::NoValue";
inline constexpr std::string_view kPartition = "AWS::Partition";
inline constexpr std::string_view kRegion = "AWS::Region";
inline constexpr std::string_view kStackId = "AWS::StackId";
inline constexpr std::string_view kStackName = "AWS::StackName";
inline constexpr std::string_view kUrlSuffix = "AWS::URLSuffix";
}  // namespace pseudo

/// True for the eight names above (exact, case-sensitive match).
bool IsPseudoParameter(std::string_view name);

/// `{"Ref": "AWS::..."}` for each pseudo parameter.
json::value AccountId();
json::value NotificationArns();
/// Removes the property it is the value of (typically inside Fn::If).
json::value NoValue();
json::value Partition();
json::value Region();
json::value StackId();
json::value StackName();
json::value UrlSuffix();

}  // namespace sparta::cfn
