#pragma once
// A fresh data directory with a StateStore and an S3Service over it, for
// the local S3's tests; removed afterwards.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "sparta/local_cloud/s3_service.hpp"
#include "sparta/local_cloud/state_store.hpp"

namespace sparta::local_cloud::testing {

class S3Fixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("sparta-s3-test-" + std::to_string(::getpid()) +
                                                  "-" + std::to_string(std::random_device{}()));
    Reopen();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  /// Drops the service and opens the same data directory again, as a
  /// restart does.
  void Reopen() {
    service_.reset();
    store_.reset();
    auto store = StateStore::Open(dir_);
    ASSERT_TRUE(store) << store.error().message;
    store_ = std::move(*store);
    CloudContext context;
    context.endpoint = "http://127.0.0.1:4566";
    auto service = S3Service::Open(*store_, context);
    ASSERT_TRUE(service) << service.error().message;
    service_ = std::move(*service);
  }

  std::filesystem::path dir_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<S3Service> service_;
};

}  // namespace sparta::local_cloud::testing
