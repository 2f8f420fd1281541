#pragma once
// The models the tests read: the generated tables, parsed once.
#include <gtest/gtest.h>

#include <memory>

#include "sparta/local_cloud/protocol/service_model.hpp"

#include "local_cloud/protocol/models/models.hpp"

namespace sparta::local_cloud::protocol::testing {

inline std::shared_ptr<const ServiceModel> Load(std::string_view json_text) {
  auto model = ServiceModel::Parse(json_text);
  EXPECT_TRUE(model.ok()) << model.error().message;
  return model.ok() ? *model : nullptr;
}

inline const ServiceModel& Iam() {
  static const auto model = Load(models::IamModelJson());
  return *model;
}

inline const ServiceModel& Sts() {
  static const auto model = Load(models::StsModelJson());
  return *model;
}

inline const ServiceModel& CloudFormation() {
  static const auto model = Load(models::CloudFormationModelJson());
  return *model;
}

inline std::shared_ptr<const ServiceModel> SqsShared() {
  static const auto model = Load(models::SqsModelJson());
  return model;
}

inline const ServiceModel& Sqs() { return *SqsShared(); }

}  // namespace sparta::local_cloud::protocol::testing
