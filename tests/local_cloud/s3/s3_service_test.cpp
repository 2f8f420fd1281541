// The typed S3 API other local services use, and persistence: a restart
// finds everything, and leftovers of a killed writer are removed.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "s3_test_support.hpp"

namespace sparta::local_cloud {
namespace {
namespace fs = std::filesystem;

using S3Service_ = testing::S3Fixture;

std::size_t FilesUnder(const fs::path& dir) {
  std::size_t count = 0;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) ++count;
  }
  return count;
}

TEST_F(S3Service_, CreatesListsAndDeletesBuckets) {
  ASSERT_TRUE(service_->CreateBucket("alpha", "eu-west-1"));
  ASSERT_TRUE(service_->CreateBucket("beta", ""));
  EXPECT_TRUE(service_->BucketExists("alpha"));
  auto again = service_->CreateBucket("alpha", "eu-west-1");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "BucketAlreadyOwnedByYou");
  EXPECT_EQ(service_->CreateBucket("Bad_Name", "").error().code, "InvalidBucketName");
  auto buckets = service_->ListBuckets();
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0].name, "alpha");
  EXPECT_EQ(buckets[0].region, "eu-west-1");
  EXPECT_EQ(buckets[1].region, "us-east-1");  // the cloud's default

  ASSERT_TRUE(service_->PutObject("alpha", "k", "v"));
  EXPECT_EQ(service_->DeleteBucket("alpha").error().code, "BucketNotEmpty");
  ASSERT_TRUE(service_->DeleteObject("alpha", "k"));
  ASSERT_TRUE(service_->DeleteBucket("alpha"));
  EXPECT_FALSE(service_->BucketExists("alpha"));
  EXPECT_EQ(service_->DeleteBucket("alpha").error().code, "NoSuchBucket");
  EXPECT_FALSE(fs::exists(dir_ / "s3" / "alpha"));
}

TEST_F(S3Service_, PutsGetsAndHeadsObjects) {
  ASSERT_TRUE(service_->CreateBucket("bucket", ""));
  auto put = service_->PutObject("bucket", "dir/file.json", "{\"a\":1}", "application/json");
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put->etag, "\"bb6cb5c68df4652941caf652a366f2d8\"");  // MD5 of the body
  EXPECT_EQ(put->size, 7u);
  auto got = service_->GetObject("bucket", "dir/file.json");
  ASSERT_TRUE(got);
  EXPECT_EQ(*got, "{\"a\":1}");
  auto head = service_->HeadObject("bucket", "dir/file.json");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->content_type, "application/json");
  EXPECT_EQ(head->etag, put->etag);
  EXPECT_EQ(service_->GetObject("bucket", "missing").error().code, "NoSuchKey");
  EXPECT_EQ(service_->GetObject("nobucket", "k").error().code, "NoSuchBucket");
  EXPECT_EQ(service_->PutObject("nobucket", "k", "v").error().code, "NoSuchBucket");
  auto listed = service_->ListObjects("bucket", "dir/");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].key, "dir/file.json");
}

TEST_F(S3Service_, OverwriteKeepsOneBlob) {
  ASSERT_TRUE(service_->CreateBucket("bucket", ""));
  ASSERT_TRUE(service_->PutObject("bucket", "k", "one"));
  ASSERT_TRUE(service_->PutObject("bucket", "k", "two"));
  EXPECT_EQ(*service_->GetObject("bucket", "k"), "two");
  EXPECT_EQ(FilesUnder(dir_ / "s3" / "bucket" / "blobs"), 1u);
}

TEST_F(S3Service_, ConcurrentWritersLeaveOneBlobPerObject) {
  ASSERT_TRUE(service_->CreateBucket("busy", ""));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        std::string body = "writer " + std::to_string(t) + " round " + std::to_string(i);
        if (!service_->PutObject("busy", "shared", body)) ++failures;
        if (!service_->PutObject("busy", "own-" + std::to_string(t), body)) ++failures;
        auto read = service_->GetObject("busy", "shared");
        if (!read || read->rfind("writer ", 0) != 0) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(service_->ListObjects("busy")->size(), 5u);
  EXPECT_EQ(FilesUnder(dir_ / "s3" / "busy" / "blobs"), 5u);  // replaced blobs are gone
  EXPECT_EQ(FilesUnder(dir_ / "s3" / "busy" / "objects"), 5u);
}

TEST_F(S3Service_, EverythingSurvivesARestart) {
  ASSERT_TRUE(service_->CreateBucket("keep", "ap-south-1"));
  ASSERT_TRUE(service_->PutObject("keep", "a/b c", "payload", "text/plain"));
  ASSERT_TRUE(service_->PutObject("keep", std::string(300, 'k'), "long key"));
  Reopen();
  ASSERT_TRUE(service_->BucketExists("keep"));
  EXPECT_EQ(service_->ListBuckets()[0].region, "ap-south-1");
  EXPECT_EQ(*service_->GetObject("keep", "a/b c"), "payload");
  EXPECT_EQ(service_->HeadObject("keep", "a/b c")->content_type, "text/plain");
  EXPECT_EQ(*service_->GetObject("keep", std::string(300, 'k')), "long key");
  EXPECT_EQ(service_->ListObjects("keep")->size(), 2u);
}

TEST_F(S3Service_, RestartRemovesBlobsOfAKilledWriter) {
  ASSERT_TRUE(service_->CreateBucket("bucket", ""));
  ASSERT_TRUE(service_->PutObject("bucket", "k", "committed"));
  // A writer killed after its blob and before its metadata document.
  ASSERT_TRUE(store_->PutBlob("s3/bucket/blobs/orphan0123456789", "never committed"));
  // A bucket whose document went before a kill stopped the deletion.
  ASSERT_TRUE(store_->PutBlob("s3/halfgone/blobs/x", "bytes"));
  ASSERT_EQ(FilesUnder(dir_ / "s3" / "bucket" / "blobs"), 2u);
  Reopen();
  EXPECT_EQ(FilesUnder(dir_ / "s3" / "bucket" / "blobs"), 1u);
  EXPECT_FALSE(fs::exists(dir_ / "s3" / "bucket" / "blobs" / "orphan0123456789"));
  EXPECT_EQ(*service_->GetObject("bucket", "k"), "committed");
  EXPECT_FALSE(fs::exists(dir_ / "s3" / "halfgone"));
  EXPECT_FALSE(service_->BucketExists("halfgone"));
}

}  // namespace
}  // namespace sparta::local_cloud
