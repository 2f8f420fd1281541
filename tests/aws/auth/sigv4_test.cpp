// The S3 examples of SPARTA_SHARED_TESTDATA/sigv4/s3-examples.md, and the
// behaviour of SignRequest/PresignUrl beyond the suite's vectors.

#include "sparta/aws/sigv4.hpp"

#include <gtest/gtest.h>

#include "aws/auth/headers_internal.hpp"
#include "aws/auth/time_internal.hpp"
#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/util/digest.hpp"

namespace sparta::aws {
namespace {

constexpr char kS3Secret[] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const Credentials kS3Credentials{"AKIAIOSFODNN7EXAMPLE", kS3Secret, "", std::nullopt, "test"};
constexpr char kEmptyHash[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

SigningOptions S3Options() {
  return SigningOptions{.region = "us-east-1",
                        .service = "s3",
                        .time = *internal::ParseIso8601("2013-05-24T00:00:00Z"),
                        .s3_path_rules = true};
}

HttpRequest S3Request(std::string method, std::string path, std::string query = "") {
  HttpRequest request;
  request.method = std::move(method);
  request.host = "examplebucket.s3.amazonaws.com";
  request.path = std::move(path);
  request.query = std::move(query);
  return request;
}

std::string AuthorizationOf(const HttpRequest& request) {
  const std::string* value = internal::FindHeaderValue(request.headers, "Authorization");
  return value ? *value : std::string();
}

TEST(SigV4S3Examples, SigningKey) {
  EXPECT_EQ(util::HexEncode(detail::DeriveSigningKey(kS3Secret, "20130524", "us-east-1", "s3")),
            "dbb893acc010964918f1fd433add87c70e8b0db6be30c1fbeafefa5ec6ba8378");
}

TEST(SigV4S3Examples, GetObjectWithRange) {
  HttpRequest request = S3Request("GET", "/test.txt");
  request.headers = {{"Host", "examplebucket.s3.amazonaws.com"},
                     {"Authorization", "SignatureToBeCalculated"},
                     {"Range", "bytes=0-9"},
                     {"x-amz-content-sha256", kEmptyHash},
                     {"x-amz-date", " 20130524T000000Z"}};
  Result<detail::SigningTrace> trace =
      detail::SignRequestWithTrace(request, kS3Credentials, S3Options());
  ASSERT_TRUE(trace.ok()) << trace.error().message;
  EXPECT_EQ(trace->canonical_request,
            "GET\n/test.txt\n\nhost:examplebucket.s3.amazonaws.com\nrange:bytes=0-9\n"
            "x-amz-content-sha256:" + std::string(kEmptyHash) +
                "\nx-amz-date:20130524T000000Z\n\nhost;range;x-amz-content-sha256;x-amz-date\n" +
                kEmptyHash);
  EXPECT_EQ(trace->string_to_sign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972");
  EXPECT_EQ(AuthorizationOf(request),
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  // The placeholder Authorization header was replaced, not kept beside.
  int count = 0;
  for (const auto& header : request.headers) count += header.first == "Authorization";
  EXPECT_EQ(count, 1);
}

TEST(SigV4S3Examples, GetObjectUnsignedPayloadAddsTheHeader) {
  HttpRequest request = S3Request("GET", "/test.txt");
  request.headers = {{"Range", "bytes=0-9"}};
  SigningOptions options = S3Options();
  options.add_content_sha256 = true;
  options.unsigned_payload = true;
  Result<detail::SigningTrace> trace = detail::SignRequestWithTrace(request, kS3Credentials, options);
  ASSERT_TRUE(trace.ok());
  EXPECT_EQ(util::Sha256Hex(trace->canonical_request),
            "7679ebbd704215b89a2a77e90992170ca23e91c596326ba10895511766994099");
  EXPECT_EQ(trace->signature, "edacce68e5445863e1f916719fac26d3be9c1581fccd7878ade0879597fc0dc1");
  EXPECT_EQ(*internal::FindHeaderValue(request.headers, "x-amz-content-sha256"),
            "UNSIGNED-PAYLOAD");
}

TEST(SigV4S3Examples, PutObjectEncodesTheKeyOnce) {
  for (std::string path : {"/test$file.text", "/test%24file.text", "test$file.text"}) {
    HttpRequest request = S3Request("PUT", path);
    request.body = "Welcome to Amazon S3.";
    request.headers = {{"Date", "Fri, 24 May 2013 00:00:00 GMT"},
                       {"x-amz-storage-class", "REDUCED_REDUNDANCY"}};
    SigningOptions options = S3Options();
    options.add_content_sha256 = true;
    Result<detail::SigningTrace> trace =
        detail::SignRequestWithTrace(request, kS3Credentials, options);
    ASSERT_TRUE(trace.ok());
    EXPECT_TRUE(trace->canonical_request.starts_with("PUT\n/test%24file.text\n\n")) << path;
    EXPECT_EQ(util::Sha256Hex(trace->canonical_request),
              "9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d");
    EXPECT_EQ(trace->signature,
              "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    EXPECT_EQ(trace->signed_headers, "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class");
  }
}

TEST(SigV4S3Examples, GetBucketLifecycleAndListObjects) {
  struct Case {
    const char* query;
    const char* canonical_query;
    const char* sts_hash;
    const char* signature;
  };
  for (const Case& c :
       {Case{"lifecycle", "lifecycle=",
             "9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca",
             "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"},
        Case{"max-keys=2&prefix=J", "max-keys=2&prefix=J",
             "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
             "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"}}) {
    HttpRequest request = S3Request("GET", "/", c.query);
    SigningOptions options = S3Options();
    options.add_content_sha256 = true;
    Result<detail::SigningTrace> trace =
        detail::SignRequestWithTrace(request, kS3Credentials, options);
    ASSERT_TRUE(trace.ok());
    EXPECT_TRUE(trace->canonical_request.starts_with("GET\n/\n" + std::string(c.canonical_query) +
                                                     "\nhost:"));
    EXPECT_EQ(util::Sha256Hex(trace->canonical_request), c.sts_hash);
    EXPECT_EQ(trace->signature, c.signature);
  }
}

TEST(SigV4S3Examples, PresignedGet) {
  Result<std::string> url = PresignUrl(S3Request("GET", "/test.txt"), kS3Credentials, S3Options(),
                                       std::chrono::hours(24));
  ASSERT_TRUE(url.ok()) << url.error().message;
  EXPECT_EQ(*url,
            "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&"
            "X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&"
            "X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&"
            "X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4S3Examples, PresignedGetWithSessionTokenSignsTheToken) {
  Credentials temporary = kS3Credentials;
  temporary.session_token = "tok/en+=";
  Result<detail::PresignedUrl> presigned = detail::PresignUrlWithTrace(
      S3Request("GET", "/test.txt"), temporary, S3Options(), std::chrono::seconds(60));
  ASSERT_TRUE(presigned.ok());
  EXPECT_NE(presigned->trace.canonical_request.find("&X-Amz-Security-Token=tok%2Fen%2B%3D&"),
            std::string::npos);
  EXPECT_NE(presigned->url.find("X-Amz-Security-Token=tok%2Fen%2B%3D"), std::string::npos);
  EXPECT_TRUE(presigned->trace.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
}

TEST(SigV4S3Examples, ChunkedUploadSeedSignature) {
  HttpRequest request;
  request.method = "PUT";
  request.host = "s3.amazonaws.com";
  request.path = "/examplebucket/chunkObject.txt";
  request.headers = {{"Host", "s3.amazonaws.com"},
                     {"x-amz-date", "20130524T000000Z"},
                     {"x-amz-storage-class", "REDUCED_REDUNDANCY"},
                     {"Authorization", "SignatureToBeCalculated"},
                     {"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                     {"Content-Encoding", "aws-chunked"},
                     {"x-amz-decoded-content-length", "66560"},
                     {"Content-Length", "66824"}};
  Result<detail::SigningTrace> trace =
      detail::SignRequestWithTrace(request, kS3Credentials, S3Options());
  ASSERT_TRUE(trace.ok());
  EXPECT_TRUE(trace->canonical_request.ends_with("\nSTREAMING-AWS4-HMAC-SHA256-PAYLOAD"));
  EXPECT_EQ(util::Sha256Hex(trace->canonical_request),
            "cee3fed04b70f867d036f722359b0b1f2f0e5dc0efadbc082b76c4c60e316455");
  EXPECT_EQ(trace->signature, "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
}

// --- behaviour beyond the vectors ---

Credentials Keys() { return {"AKIDEXAMPLE", "SECRET/KEY+VALUE", "", std::nullopt, "test"}; }

SigningOptions GenericOptions() {
  return SigningOptions{.region = "eu-west-1",
                        .service = "cloudformation",
                        .time = *internal::ParseIso8601("2024-02-29T23:59:59Z")};
}

TEST(SigV4, DerivesHostWithNonDefaultPortAndDoesNotAddIt) {
  HttpRequest request;
  request.method = "POST";
  request.scheme = "http";
  request.host = "127.0.0.1";
  request.port = 4566;
  Result<detail::SigningTrace> trace =
      detail::SignRequestWithTrace(request, Keys(), GenericOptions());
  ASSERT_TRUE(trace.ok());
  EXPECT_NE(trace->canonical_request.find("\nhost:127.0.0.1:4566\n"), std::string::npos);
  EXPECT_EQ(internal::FindHeaderValue(request.headers, "host"), nullptr);
  EXPECT_EQ(*internal::FindHeaderValue(request.headers, "X-Amz-Date"), "20240229T235959Z");

  request.port = 80;  // the scheme's default: no port in the Host value
  trace = detail::SignRequestWithTrace(request, Keys(), GenericOptions());
  ASSERT_TRUE(trace.ok());
  EXPECT_NE(trace->canonical_request.find("\nhost:127.0.0.1\n"), std::string::npos);
}

TEST(SigV4, SkipsHeadersThatProxiesRewriteAndResignsCleanly) {
  HttpRequest request;
  request.host = "sts.amazonaws.com";
  request.headers = {{"User-Agent", "sparta/0.1"}, {"Expect", "100-continue"},
                     {"Content-Type", "application/x-www-form-urlencoded"}};
  ASSERT_TRUE(SignRequest(request, Keys(), GenericOptions()).ok());
  const std::string first = AuthorizationOf(request);
  EXPECT_NE(first.find("SignedHeaders=content-type;host;x-amz-date,"), std::string::npos);
  // Signing again (a retry) replaces Authorization and X-Amz-Date.
  ASSERT_TRUE(SignRequest(request, Keys(), GenericOptions()).ok());
  EXPECT_EQ(AuthorizationOf(request), first);
  EXPECT_EQ(request.headers.size(), 5u);
}

TEST(SigV4, NormalizesAndDoubleEncodesPathsExceptForS3) {
  EXPECT_EQ(detail::CanonicalUri("/a/./b/../c//d%20e/", false), "/a/c/d%2520e/");
  EXPECT_EQ(detail::CanonicalUri("/a/./b/../c//d%20e/", true), "/a/./b/../c//d%20e/");
  EXPECT_EQ(detail::CanonicalUri("", false), "/");
  EXPECT_EQ(detail::CanonicalUri("/..", false), "/");
  EXPECT_EQ(detail::CanonicalUri("/key with space+plus", true), "/key%20with%20space%2Bplus");
}

TEST(SigV4, CanonicalQuery) {
  EXPECT_EQ(detail::CanonicalQueryString("b=2&a=1&a=0&c"), "a=0&a=1&b=2&c=");
  EXPECT_EQ(detail::CanonicalQueryString("x=a%2fb&y=a b&&z=%7E"), "x=a%2Fb&y=a%20b&z=~");
  EXPECT_EQ(detail::CanonicalQueryString(""), "");
}

TEST(SigV4, RejectsMissingInputsWithoutTouchingTheRequest) {
  HttpRequest request;
  request.host = "example.com";
  const HttpRequest before = request;
  SigningOptions options = GenericOptions();
  options.region.clear();
  Status status = SignRequest(request, Keys(), options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "InvalidArgument");
  EXPECT_NE(status.error().message.find("region"), std::string::npos);
  EXPECT_EQ(request.headers, before.headers);

  Credentials no_secret = Keys();
  no_secret.secret_access_key.clear();
  status = SignRequest(request, no_secret, GenericOptions());
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("AKIDEXAMPLE"), std::string::npos);

  Result<std::string> url = PresignUrl(request, Keys(), GenericOptions(), std::chrono::seconds(0));
  ASSERT_FALSE(url.ok());
  url = PresignUrl(request, Keys(), GenericOptions(), std::chrono::seconds(604801));
  ASSERT_FALSE(url.ok());
  EXPECT_EQ(url.error().code, "InvalidArgument");
  EXPECT_TRUE(PresignUrl(request, Keys(), GenericOptions(), std::chrono::seconds(604800)).ok());
}

TEST(SigV4, ErrorsNeverContainTheSecret) {
  HttpRequest request;
  Credentials keys = Keys();
  SigningOptions options = GenericOptions();
  options.service = "bad service";
  Status status = SignRequest(request, keys, options);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message.find(keys.secret_access_key), std::string::npos);
}

}  // namespace
}  // namespace sparta::aws
