// The pure pieces of the local S3: addressing, bucket names, aws-chunked
// decoding, ranges, conditions, dates and digests.
#include <gtest/gtest.h>

#include "local_cloud/s3/addressing.hpp"
#include "local_cloud/s3/aws_chunked.hpp"
#include "local_cloud/s3/conditions.hpp"
#include "local_cloud/s3/digests.hpp"
#include "local_cloud/s3/xml_writer.hpp"

namespace sparta::local_cloud::s3 {
namespace {

TEST(VirtualHostBucket, RecognizesS3AndLocalhostForms) {
  EXPECT_EQ(VirtualHostBucket("my-bucket.s3.amazonaws.com"), "my-bucket");
  EXPECT_EQ(VirtualHostBucket("my.dotted.bucket.s3.eu-west-1.amazonaws.com"), "my.dotted.bucket");
  EXPECT_EQ(VirtualHostBucket("b1.s3-us-west-2.amazonaws.com:443"), "b1");
  EXPECT_EQ(VirtualHostBucket("b1.s3.dualstack.us-east-1.amazonaws.com"), "b1");
  EXPECT_EQ(VirtualHostBucket("b2.localhost:4566"), "b2");
  EXPECT_EQ(VirtualHostBucket("b3.s3.localhost"), "b3");
  EXPECT_EQ(VirtualHostBucket("B4.S3.LocalHost"), "b4");
}

TEST(VirtualHostBucket, EverythingElseIsPathStyle) {
  EXPECT_EQ(VirtualHostBucket("127.0.0.1:4566"), "");
  EXPECT_EQ(VirtualHostBucket("localhost:4566"), "");
  EXPECT_EQ(VirtualHostBucket("localhost"), "");
  EXPECT_EQ(VirtualHostBucket("s3.localhost"), "");
  EXPECT_EQ(VirtualHostBucket("s3.amazonaws.com"), "");
  EXPECT_EQ(VirtualHostBucket("s3.us-east-1.amazonaws.com"), "");
  EXPECT_EQ(VirtualHostBucket("[::1]:4566"), "");
  EXPECT_EQ(VirtualHostBucket("example.com"), "");
}

TEST(ResolveTarget, SplitsPathStyleAndDecodesKeys) {
  S3Target target = ResolveTarget("127.0.0.1:4566", "/bucket/dir/a%20b%2Bc.txt");
  EXPECT_EQ(target.bucket, "bucket");
  EXPECT_EQ(target.key, "dir/a b+c.txt");
  EXPECT_FALSE(target.virtual_host);
  target = ResolveTarget("127.0.0.1", "/bucket");
  EXPECT_EQ(target.bucket, "bucket");
  EXPECT_EQ(target.key, "");
  target = ResolveTarget("127.0.0.1", "/");
  EXPECT_EQ(target.bucket, "");
  target = ResolveTarget("bucket.localhost:4566", "/dir//x");
  EXPECT_EQ(target.bucket, "bucket");
  EXPECT_EQ(target.key, "dir//x");
  EXPECT_TRUE(target.virtual_host);
}

TEST(BucketNameProblem, FollowsS3Rules) {
  EXPECT_EQ(BucketNameProblem("my-bucket.v2"), "");
  EXPECT_EQ(BucketNameProblem("abc"), "");
  EXPECT_NE(BucketNameProblem("ab"), "");
  EXPECT_NE(BucketNameProblem(std::string(64, 'a')), "");
  EXPECT_NE(BucketNameProblem("MyBucket"), "");
  EXPECT_NE(BucketNameProblem("under_score"), "");
  EXPECT_NE(BucketNameProblem("-leading"), "");
  EXPECT_NE(BucketNameProblem("trailing-"), "");
  EXPECT_NE(BucketNameProblem("two..dots"), "");
  EXPECT_NE(BucketNameProblem("192.168.5.4"), "");
  EXPECT_NE(BucketNameProblem("xn--bucket"), "");
  EXPECT_NE(BucketNameProblem("bucket-s3alias"), "");
}

TEST(AwsChunked, DecodesSignedChunksWithoutTrailer) {
  std::string body =
      "5;chunk-signature=aaaa\r\nhello\r\n"
      "6;chunk-signature=bbbb\r\n world\r\n"
      "0;chunk-signature=cccc\r\n\r\n";
  auto decoded = DecodeAwsChunked(body);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->payload, "hello world");
  EXPECT_TRUE(decoded->trailers.empty());
}

TEST(AwsChunked, DecodesUnsignedChunksWithTrailers) {
  std::string body =
      "b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n"
      "x-amz-trailer-signature:ffff\r\n\r\n";
  auto decoded = DecodeAwsChunked(body);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(decoded->payload, "hello world");
  ASSERT_EQ(decoded->trailers.size(), 1u);
  EXPECT_EQ(decoded->trailers[0].first, "x-amz-checksum-crc32");
  EXPECT_EQ(decoded->trailers[0].second, "DUoRhQ==");
}

TEST(AwsChunked, RejectsMalformedBodies) {
  EXPECT_EQ(DecodeAwsChunked("zz\r\nabc\r\n0\r\n\r\n").error().code, "IncompleteBody");
  EXPECT_EQ(DecodeAwsChunked("10\r\nshort\r\n0\r\n\r\n").error().code, "IncompleteBody");
  EXPECT_EQ(DecodeAwsChunked("3\r\nabcX\r\n0\r\n\r\n").error().code, "IncompleteBody");
  EXPECT_EQ(DecodeAwsChunked("3\r\nabc\r\n").error().code, "IncompleteBody");
}

TEST(AwsChunked, DetectionAndContentEncoding) {
  EXPECT_TRUE(IsAwsChunked({{"X-Amz-Content-Sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"}}));
  EXPECT_TRUE(IsAwsChunked({{"Content-Encoding", "gzip, aws-chunked"}}));
  EXPECT_FALSE(IsAwsChunked({{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}}));
  EXPECT_EQ(WithoutAwsChunked("aws-chunked"), "");
  EXPECT_EQ(WithoutAwsChunked("aws-chunked,gzip"), "gzip");
}

TEST(ParseRange, HandlesTheThreeFormsAndUnsatisfiable) {
  auto r = ParseRange("bytes=2-4", 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 2u);
  EXPECT_EQ(r->last, 4u);
  r = ParseRange("bytes=7-", 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 7u);
  EXPECT_EQ(r->last, 9u);
  r = ParseRange("bytes=-3", 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 7u);
  EXPECT_EQ(r->last, 9u);
  r = ParseRange("bytes=5-100", 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->last, 9u);
  r = ParseRange("bytes=10-12", 10);
  ASSERT_TRUE(r);
  EXPECT_GT(r->first, r->last);  // unsatisfiable
  EXPECT_FALSE(ParseRange("bytes=1-2,4-5", 10));
  EXPECT_FALSE(ParseRange("items=1-2", 10));
  EXPECT_FALSE(ParseRange("bytes=4-2", 10));
}

TEST(Conditions, EtagListsAndDates) {
  EXPECT_TRUE(EtagListMatches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagListMatches("abc", "\"abc\""));
  EXPECT_TRUE(EtagListMatches("\"x\", W/\"abc\"", "\"abc\""));
  EXPECT_TRUE(EtagListMatches("*", "\"abc\""));
  EXPECT_FALSE(EtagListMatches("\"abd\"", "\"abc\""));

  ObjectRecord object;
  object.etag = "\"abc\"";
  object.last_modified = *ParseHttpDate("Fri, 27 Nov 2026 06:00:00 GMT");
  std::string other = "\"zzz\"";
  std::string before = "Fri, 27 Nov 2026 05:00:00 GMT";
  std::string after = "Fri, 27 Nov 2026 07:00:00 GMT";
  EXPECT_EQ(Evaluate({.if_match = &other}, object), ConditionOutcome::kPreconditionFailed);
  EXPECT_EQ(Evaluate({.if_none_match = &object.etag}, object), ConditionOutcome::kNotModified);
  EXPECT_EQ(Evaluate({.if_modified_since = &after}, object), ConditionOutcome::kNotModified);
  EXPECT_EQ(Evaluate({.if_modified_since = &before}, object), ConditionOutcome::kProceed);
  EXPECT_EQ(Evaluate({.if_unmodified_since = &before}, object),
            ConditionOutcome::kPreconditionFailed);
}

TEST(HttpDate, FormatsAndParsesRfc1123) {
  auto time = ParseHttpDate("Fri, 27 Nov 2026 06:00:00 GMT");
  ASSERT_TRUE(time);
  EXPECT_EQ(HttpDate(*time), "Fri, 27 Nov 2026 06:00:00 GMT");
  EXPECT_FALSE(ParseHttpDate("2026-11-27T06:00:00Z"));
}

TEST(Digests, MatchWhatTheAwsCliSends) {
  // Values the AWS CLI sent for "hello world\n" (x-amz-checksum-*).
  EXPECT_EQ(ComputeChecksum(*FindChecksum("CRC32"), "hello world\n"), "rwg7LQ==");
  EXPECT_EQ(ComputeChecksum(*FindChecksum("sha256"), "hello world\n"),
            "qUiQTy8PR5uPgZdpSzAYSw0u0cHNKh7A+4XSmaGSpEc=");
  // CRC-32C check value of "123456789" is 0xE3069283.
  EXPECT_EQ(ComputeChecksum(*FindChecksum("crc32c"), "123456789"), "4waSgw==");
  // CRC-64/NVME check value of "123456789" is 0xAE8B14860A799888.
  EXPECT_EQ(ComputeChecksum(*FindChecksum("CRC64NVME"), "123456789"), "rosUhgp5mIg=");
  EXPECT_EQ(FindChecksum("xxhash64"), nullptr);
  EXPECT_EQ(Md5Hex(""), "d41d8cd98f00b204e9800998ecf8427e");
}

TEST(Digests, MultipartEtagIsMd5OfRawPartMd5s) {
  std::string a = Md5Hex("part one");
  std::string b = Md5Hex("part two");
  std::string raw = *HexDecode(a) + *HexDecode(b);
  EXPECT_EQ(MultipartEtag({a, b}), "\"" + Md5Hex(raw) + "-2\"");
}

}  // namespace
}  // namespace sparta::local_cloud::s3
