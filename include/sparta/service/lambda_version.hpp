#pragma once
// A built-in decorator: each function gets an AWS::Lambda::Version published
// for its code and an AWS::Lambda::Alias pointing at it, so callers (and
// event sources) can use a stable qualified ARN while every build that
// changes the code publishes a new version.
//
// Logical IDs: <Function>Version and <Function>Alias (e.g. HelloVersion,
// HelloAlias). The version's Description names the artifact's content-
// addressed S3 key, so new code replaces the version (CloudFormation
// publishes a new one) and unchanged code changes nothing. Old versions are
// kept (UpdateReplacePolicy/DeletionPolicy Retain), as Lambda keeps them.
//
// **Example**:
//   sparta::Function hello{"Hello", Hello, {.decorators = {sparta::PublishVersion("live")}}};
//   sparta::Output alias{"HelloLive", {.value = sparta::AliasArnOf(hello)}};

#include <string>

#include "sparta/json/json.hpp"
#include "sparta/service/decorator.hpp"

namespace sparta {

/// `alias`: the alias name, 1-128 of [A-Za-z0-9_-], not only digits.
FunctionDecorator PublishVersion(std::string alias = "live");

/// `{"Ref": "<Function>Alias"}`: the alias ARN of a function decorated with
/// PublishVersion.
json::value AliasArnOf(const Function& function);

}  // namespace sparta
