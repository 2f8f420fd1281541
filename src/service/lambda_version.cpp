// PublishVersion: a Lambda version per code change and an alias on it.

#include "sparta/service/lambda_version.hpp"

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/service/service.hpp"
#include "sparta/service/synthesize.hpp"

namespace sparta {
namespace {

bool ValidAliasName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  bool all_digits = true;
  for (char c : name) {
    const bool digit = c >= '0' && c <= '9';
    const bool ok =
        digit || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '_';
    if (!ok) return false;
    all_digits = all_digits && digit;
  }
  return !all_digits;
}

}  // namespace

FunctionDecorator PublishVersion(std::string alias) {
  return FunctionDecorator{
      .name = "PublishVersion",
      .decorate = [alias = std::move(alias)](FunctionDecoration& d) -> Status {
        if (!ValidAliasName(alias)) {
          return MakeError("InvalidAlias", "the alias name \"" + alias +
                                               "\" is not 1 to 128 of letters, digits, '-' and "
                                               "'_' (and not only digits)");
        }
        const std::string version_id = cfn::LogicalId(d.function.name, "Version");
        const std::string alias_id = cfn::LogicalId(d.function.name, "Alias");
        cfn::Resource version{.type = "AWS::Lambda::Version",
                              .deletion_policy = "Retain",
                              .update_replace_policy = "Retain"};
        version.properties["FunctionName"] = cfn::Ref(d.ids.function);
        // The key is content-addressed: new code, new description, new version.
        std::string description = "code s3://${";
        description.append(kArtifactBucketParameter);
        description += "}/${";
        description.append(kArtifactKeyParameter);
        description += '}';
        version.properties["Description"] = cfn::Sub(description);
        if (auto s = d.additions.AddResource(version_id, std::move(version)); !s) return s;
        cfn::Resource alias_resource{.type = "AWS::Lambda::Alias"};
        alias_resource.properties["FunctionName"] = cfn::Ref(d.ids.function);
        alias_resource.properties["FunctionVersion"] = cfn::GetAtt(version_id, "Version");
        alias_resource.properties["Name"] = alias;
        return d.additions.AddResource(alias_id, std::move(alias_resource));
      }};
}

json::value AliasArnOf(const Function& function) {
  return cfn::Ref(cfn::LogicalId(function.name, "Alias"));
}

}  // namespace sparta
