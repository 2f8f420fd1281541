#pragma once
// AWS's service models as the generated *_model.cpp files here hold them
// (compact JSON; see NOTICE). Each service library compiles the ones it
// speaks and parses them once (ServiceModel::Parse).
#include <string_view>

namespace sparta::local_cloud::models {

std::string_view CloudFormationModelJson();
std::string_view IamModelJson();
std::string_view LambdaModelJson();
std::string_view S3ModelJson();
std::string_view SqsModelJson();
std::string_view StsModelJson();

}  // namespace sparta::local_cloud::models
