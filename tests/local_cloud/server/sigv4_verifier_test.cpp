// SigV4Verifier: requests signed by our own signer (several services, S3
// path rules, presigned URLs, session tokens) verify; each tampered part
// fails with AWS's exact error; the AWS SigV4 suite's signed requests verify.

#include "local_cloud/server/sigv4_verifier.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "sparta/aws/sigv4.hpp"
#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/util/digest.hpp"

namespace sparta::local_cloud::server {
namespace {

using Clock = std::chrono::system_clock;

const Clock::time_point kNow = Clock::time_point(std::chrono::seconds(1795000000));

aws::Credentials TestCredentials() {
  aws::Credentials credentials;
  credentials.access_key_id = "test";
  credentials.secret_access_key = "test";
  return credentials;
}

SigV4Verifier TestVerifier() {
  return SigV4Verifier(
      std::map<std::string, std::string, std::less<>>{{"test", "test"}, {"AKIDOTHER", "other"}});
}

aws::HttpRequest Request(std::string method, std::string path, std::string query = {},
                         std::string body = {}) {
  aws::HttpRequest request;
  request.method = std::move(method);
  request.scheme = "http";
  request.host = "127.0.0.1";
  request.port = 4566;
  request.path = std::move(path);
  request.query = std::move(query);
  request.body = std::move(body);
  return request;
}

// What the server receives for `request`: its headers plus Host.
CloudRequest Received(const aws::HttpRequest& request) {
  CloudRequest received;
  received.method = request.method;
  received.path = request.path;
  received.query = request.query;
  received.headers = request.headers;
  received.headers.emplace_back("Host", request.HostHeader());
  received.body = request.body;
  received.request_id = "req-1";
  return received;
}

CloudRequest Signed(aws::HttpRequest request, aws::SigningOptions options,
                    const aws::Credentials& credentials = TestCredentials()) {
  EXPECT_TRUE(aws::SignRequest(request, credentials, options).ok());
  return Received(request);
}

aws::SigningOptions Options(std::string service, bool s3 = false) {
  aws::SigningOptions options;
  options.region = "eu-west-1";
  options.service = std::move(service);
  options.time = kNow;
  options.s3_path_rules = s3;
  options.add_content_sha256 = s3;
  return options;
}

CloudRequest StsCall() {
  aws::HttpRequest request =
      Request("POST", "/", "", "Action=GetCallerIdentity&Version=2011-06-15");
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  return Signed(request, Options("sts"));
}

CloudRequest S3Put() {
  aws::HttpRequest request = Request("PUT", "/my-bucket/dir/my%20key%2B1.txt", "", "hello");
  request.headers = {{"Content-Type", "text/plain"}, {"x-amz-meta-color", "  blue   green "}};
  return Signed(request, Options("s3", true));
}

CloudRequest LambdaGet() {
  return Signed(Request("GET", "/2015-03-31/functions/my-fn/configuration", "Qualifier=%24LATEST"),
                Options("lambda"));
}

// Replaces the `name` header's value.
void SetHeader(CloudRequest& request, std::string_view name, std::string value) {
  for (auto& header : request.headers) {
    if (aws::FindHeader({header}, name) != nullptr) header.second = value;
  }
}

void ExpectError(const SigV4Verdict& verdict, int status, std::string_view code,
                 std::string_view message) {
  ASSERT_FALSE(verdict.ok);
  EXPECT_EQ(verdict.error.status, status);
  EXPECT_NE(verdict.error.body.find("<Code>" + std::string(code) + "</Code>"), std::string::npos)
      << verdict.error.body;
  EXPECT_NE(verdict.error.body.find(XmlEscape(message)), std::string::npos) << verdict.error.body;
}

void ExpectJsonError(const SigV4Verdict& verdict, int status, std::string_view code,
                     std::string_view message) {
  ASSERT_FALSE(verdict.ok);
  EXPECT_EQ(verdict.error.status, status);
  const std::string* type = aws::FindHeader(verdict.error.headers, "x-amzn-ErrorType");
  ASSERT_NE(type, nullptr);
  EXPECT_EQ(*type, code);
  EXPECT_NE(verdict.error.body.find(std::string(message)), std::string::npos) << verdict.error.body;
}

constexpr std::string_view kQueryMismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
constexpr std::string_view kS3Mismatch =
    "The request signature we calculated does not match the signature you provided. Check your "
    "key and signing method.";

TEST(SigV4VerifierTest, HeaderSignaturesOfSeveralServicesVerify) {
  const SigV4Verifier verifier = TestVerifier();
  for (const CloudRequest& request : {StsCall(), S3Put(), LambdaGet()}) {
    SigV4Verdict verdict = verifier.Verify(request, kNow + std::chrono::minutes(3));
    ASSERT_TRUE(verdict.ok) << request.method << " " << request.path << ": " << verdict.error.body;
    EXPECT_EQ(verdict.region, "eu-west-1");
    EXPECT_EQ(verdict.access_key_id, "test");
  }
  EXPECT_EQ(verifier.Verify(StsCall(), kNow).service, "sts");
  EXPECT_EQ(verifier.Verify(S3Put(), kNow).service, "s3");
  EXPECT_EQ(verifier.Verify(LambdaGet(), kNow).service, "lambda");
}

TEST(SigV4VerifierTest, QueryServicesWithQueryStringsAndOddPathsVerify) {
  const SigV4Verifier verifier = TestVerifier();
  for (std::string service : {"cloudformation", "iam"}) {
    CloudRequest request = Signed(
        Request("GET", "/a/./b/../c%20d//", "b=2&a=1&a=0&empty=&sp=x%20y"), Options(service));
    SigV4Verdict verdict = verifier.Verify(request, kNow);
    ASSERT_TRUE(verdict.ok) << verdict.error.body;
    EXPECT_EQ(verdict.service, service);
  }
}

TEST(SigV4VerifierTest, UnsignedPayloadAndSessionTokenVerify) {
  aws::HttpRequest request = Request("PUT", "/bucket/big.bin", "", std::string(1000, 'x'));
  aws::SigningOptions options = Options("s3", true);
  options.unsigned_payload = true;
  aws::Credentials credentials = TestCredentials();
  credentials.session_token = "FwoGZXIvYXdzE//token+with/slashes==";
  CloudRequest received = Signed(request, options, credentials);
  ASSERT_NE(received.Header("X-Amz-Security-Token"), nullptr);
  EXPECT_EQ(*received.Header("x-amz-content-sha256"), "UNSIGNED-PAYLOAD");
  SigV4Verdict verdict = TestVerifier().Verify(received, kNow);
  EXPECT_TRUE(verdict.ok) << verdict.error.body;
}

TEST(SigV4VerifierTest, HeadersTheTransportAddsAfterSigningDoNotMatter) {
  CloudRequest request = S3Put();
  request.headers.emplace_back("User-Agent", "aws-cli/2.0");
  request.headers.emplace_back("Expect", "100-continue");
  request.headers.emplace_back("Content-Length", "5");
  EXPECT_TRUE(TestVerifier().Verify(request, kNow).ok);
}

TEST(SigV4VerifierTest, PresignedUrlsVerifyUntilTheyExpire) {
  aws::HttpRequest request = Request("GET", "/bucket/some%20key", "versionId=3&x=a%2Fb");
  auto presigned = aws::detail::PresignUrlWithTrace(request, TestCredentials(), Options("s3", true),
                                                    std::chrono::seconds(300));
  ASSERT_TRUE(presigned.ok()) << presigned.error().message;
  const std::string& url = presigned->url;
  CloudRequest received = Received(request);
  received.query = url.substr(url.find('?') + 1);
  const SigV4Verifier verifier = TestVerifier();
  SigV4Verdict verdict = verifier.Verify(received, kNow + std::chrono::seconds(299));
  ASSERT_TRUE(verdict.ok) << verdict.error.body;
  EXPECT_EQ(verdict.service, "s3");

  ExpectError(verifier.Verify(received, kNow + std::chrono::seconds(301)), 403, "AccessDenied",
              "Request has expired");
  ExpectError(verifier.Verify(received, kNow - std::chrono::minutes(16)), 403,
              "RequestTimeTooSkewed",
              "The difference between the request time and the current time is too large.");

  CloudRequest tampered = received;
  tampered.query.replace(tampered.query.find("versionId=3"), 11, "versionId=4");
  ExpectError(verifier.Verify(tampered, kNow), 403, "SignatureDoesNotMatch", kS3Mismatch);
}

TEST(SigV4VerifierTest, PresignedQueryServiceUrlSignsTheBody) {
  aws::HttpRequest request = Request("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15");
  auto presigned = aws::detail::PresignUrlWithTrace(request, TestCredentials(), Options("sts"),
                                                    std::chrono::seconds(60));
  ASSERT_TRUE(presigned.ok());
  CloudRequest received = Received(request);
  received.query = presigned->url.substr(presigned->url.find('?') + 1);
  SigV4Verdict verdict = TestVerifier().Verify(received, kNow);
  ASSERT_TRUE(verdict.ok) << verdict.error.body;
  EXPECT_EQ(verdict.service, "sts");
}

TEST(SigV4VerifierTest, TamperingWithAQueryRequestFailsWithSignatureDoesNotMatch) {
  const SigV4Verifier verifier = TestVerifier();
  CloudRequest method = StsCall();
  method.method = "PUT";
  CloudRequest path = StsCall();
  path.path = "/other";
  CloudRequest query = StsCall();
  query.query = "x=1";
  CloudRequest header = StsCall();
  SetHeader(header, "Content-Type", "text/plain");
  CloudRequest body = StsCall();
  body.body += "&RoleArn=x";
  CloudRequest host = StsCall();
  SetHeader(host, "Host", "127.0.0.1:4567");
  for (const CloudRequest* request : {&method, &path, &query, &header, &body, &host}) {
    ExpectError(verifier.Verify(*request, kNow), 403, "SignatureDoesNotMatch", kQueryMismatch);
  }
  const SigV4Verdict verdict = verifier.Verify(body, kNow);
  EXPECT_NE(verdict.error.body.find("https://sts.amazonaws.com/doc/2011-06-15/"),
            std::string::npos);
  EXPECT_NE(verdict.error.body.find("<RequestId>req-1</RequestId>"), std::string::npos);
}

TEST(SigV4VerifierTest, WrongSecretAndUnknownKey) {
  const SigV4Verifier verifier = TestVerifier();
  aws::Credentials wrong_secret = TestCredentials();
  wrong_secret.secret_access_key = "not-test";
  aws::HttpRequest request = Request("POST", "/", "", "Action=DescribeStacks&Version=2010-05-15");
  ExpectError(verifier.Verify(Signed(request, Options("cloudformation"), wrong_secret), kNow), 403,
              "SignatureDoesNotMatch", kQueryMismatch);
  aws::Credentials unknown = TestCredentials();
  unknown.access_key_id = "AKIAUNKNOWN";
  ExpectError(verifier.Verify(Signed(request, Options("cloudformation"), unknown), kNow), 403,
              "InvalidClientTokenId", "The security token included in the request is invalid.");
  ExpectError(verifier.Verify(Signed(Request("GET", "/b"), Options("s3", true), unknown), kNow),
              403, "InvalidAccessKeyId",
              "The AWS Access Key Id you provided does not exist in our records.");
  ExpectJsonError(
      verifier.Verify(Signed(Request("GET", "/2015-03-31/functions/"), Options("lambda"), unknown),
                      kNow),
      403, "UnrecognizedClientException", "The security token included in the request is invalid.");
}

TEST(SigV4VerifierTest, AnotherKnownKeyVerifiesWithItsOwnSecret) {
  aws::Credentials other;
  other.access_key_id = "AKIDOTHER";
  other.secret_access_key = "other";
  SigV4Verdict verdict = TestVerifier().Verify(
      Signed(Request("GET", "/", "Action=ListUsers&Version=2010-05-08"), Options("iam"), other),
      kNow);
  ASSERT_TRUE(verdict.ok);
  EXPECT_EQ(verdict.access_key_id, "AKIDOTHER");
}

TEST(SigV4VerifierTest, TamperingWithAnS3RequestFailsWithS3Errors) {
  const SigV4Verifier verifier = TestVerifier();
  CloudRequest body = S3Put();
  body.body = "HELLO";
  ExpectError(verifier.Verify(body, kNow), 400, "XAmzContentSHA256Mismatch",
              "The provided 'x-amz-content-sha256' header does not match what was computed.");
  CloudRequest path = S3Put();
  path.path = "/my-bucket/dir/my%20key%2B2.txt";
  SigV4Verdict verdict = verifier.Verify(path, kNow);
  ExpectError(verdict, 403, "SignatureDoesNotMatch", kS3Mismatch);
  EXPECT_NE(verdict.error.body.find("<StringToSign>AWS4-HMAC-SHA256\n"), std::string::npos);
  EXPECT_NE(verdict.error.body.find("<CanonicalRequest>PUT\n/my-bucket/dir/my%20key%2B2.txt\n"),
            std::string::npos)
      << verdict.error.body;
  CloudRequest meta = S3Put();
  SetHeader(meta, "x-amz-meta-color", "red");
  ExpectError(verifier.Verify(meta, kNow), 403, "SignatureDoesNotMatch", kS3Mismatch);
  // Whitespace inside a signed header value is canonicalized, so it still verifies.
  CloudRequest spaced = S3Put();
  SetHeader(spaced, "x-amz-meta-color", "blue green");
  EXPECT_TRUE(verifier.Verify(spaced, kNow).ok);
  CloudRequest method = S3Put();
  method.method = "POST";
  ExpectError(verifier.Verify(method, kNow), 403, "SignatureDoesNotMatch", kS3Mismatch);
  ExpectError(verifier.Verify(S3Put(), kNow + std::chrono::minutes(16)), 403,
              "RequestTimeTooSkewed",
              "The difference between the request time and the current time is too large.");
}

TEST(SigV4VerifierTest, ClockSkewOverFifteenMinutesFailsBothWays) {
  const SigV4Verifier verifier = TestVerifier();
  EXPECT_TRUE(verifier.Verify(StsCall(), kNow + std::chrono::minutes(14)).ok);
  EXPECT_TRUE(verifier.Verify(StsCall(), kNow - std::chrono::minutes(14)).ok);
  const std::string signed_at = aws::detail::FormatAmzDate(kNow);
  const Clock::time_point late = kNow + std::chrono::minutes(20);
  ExpectError(verifier.Verify(StsCall(), late), 403, "SignatureDoesNotMatch",
              "Signature expired: " + signed_at + " is now earlier than " +
                  aws::detail::FormatAmzDate(late - std::chrono::minutes(15)) + " (" +
                  aws::detail::FormatAmzDate(late) + " - 15 min.)");
  ExpectError(verifier.Verify(StsCall(), kNow - std::chrono::minutes(20)), 403,
              "SignatureDoesNotMatch", "Signature not yet current: " + signed_at);
  ExpectJsonError(verifier.Verify(LambdaGet(), late), 403, "InvalidSignatureException",
                  "Signature expired: ");
}

TEST(SigV4VerifierTest, ChangingTheSignedDateBreaksTheSignature) {
  CloudRequest request = StsCall();
  std::string later = aws::detail::FormatAmzDate(kNow + std::chrono::seconds(1));
  SetHeader(request, "X-Amz-Date", later);
  ExpectError(TestVerifier().Verify(request, kNow), 403, "SignatureDoesNotMatch", kQueryMismatch);
}

TEST(SigV4VerifierTest, LambdaTamperingFailsWithInvalidSignatureException) {
  CloudRequest request = LambdaGet();
  request.query = "Qualifier=2";
  ExpectJsonError(TestVerifier().Verify(request, kNow), 403, "InvalidSignatureException",
                  kQueryMismatch);
}

TEST(SigV4VerifierTest, UnsignedRequestsGetTheAddressedServicesError) {
  const SigV4Verifier verifier = TestVerifier();
  CloudRequest query;
  query.method = "POST";
  query.body = "Action=GetCallerIdentity&Version=2011-06-15";
  query.request_id = "r";
  ExpectError(verifier.Verify(query, kNow), 403, "MissingAuthenticationToken",
              "Request is missing Authentication Token");
  EXPECT_NE(verifier.Verify(query, kNow).error.body.find("sts.amazonaws.com/doc"),
            std::string::npos);
  CloudRequest lambda;
  lambda.method = "GET";
  lambda.path = "/2015-03-31/functions/";
  ExpectJsonError(verifier.Verify(lambda, kNow), 403, "MissingAuthenticationTokenException",
                  "Missing Authentication Token");
  CloudRequest s3;
  s3.method = "GET";
  s3.path = "/bucket/key";
  ExpectError(verifier.Verify(s3, kNow), 403, "AccessDenied", "Access Denied");
}

TEST(SigV4VerifierTest, MalformedAuthorizationHeaders) {
  const SigV4Verifier verifier = TestVerifier();
  CloudRequest no_signature = StsCall();
  std::string authorization = *no_signature.Header("Authorization");
  SetHeader(no_signature, "Authorization",
            authorization.substr(0, authorization.find(", Signature=")));
  ExpectError(verifier.Verify(no_signature, kNow), 400, "IncompleteSignature",
              "Authorization header requires 'Signature' parameter.");
  CloudRequest v2 = StsCall();
  SetHeader(v2, "Authorization", "AWS test:abcdef");
  ExpectError(verifier.Verify(v2, kNow), 400, "IncompleteSignature", "AWS4-HMAC-SHA256");
  // Signature Version 2 (AWS CLI v1's `s3 presign`): named as unsupported.
  CloudRequest v2_s3 = S3Put();
  SetHeader(v2_s3, "Authorization", "AWS test:abcdef=");
  ExpectError(verifier.Verify(v2_s3, kNow), 400, "InvalidRequest",
              "The authorization mechanism you have provided is not supported. Please use "
              "AWS4-HMAC-SHA256.");
  CloudRequest bad_scope = S3Put();
  authorization = *bad_scope.Header("Authorization");
  authorization.replace(authorization.find("/aws4_request"), 13, "/aws5_request");
  SetHeader(bad_scope, "Authorization", authorization);
  ExpectError(verifier.Verify(bad_scope, kNow), 400, "AuthorizationHeaderMalformed",
              "Credential should be of the form");
  CloudRequest no_date = StsCall();
  std::erase_if(no_date.headers, [](const auto& h) { return h.first == "X-Amz-Date"; });
  ExpectError(verifier.Verify(no_date, kNow), 400, "IncompleteSignature", "X-Amz-Date");
}

// ---- S3 SigV2 presigned URLs ----

TEST(SigV4VerifierTest, S3SignatureVersion2PresignedUrlsVerify) {
  // The S3 developer guide's query-string authentication example.
  const SigV4Verifier aws_example(std::map<std::string, std::string, std::less<>>{
      {"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}});
  CloudRequest example;
  example.method = "GET";
  example.path = "/johnsmith/photos/puppy.jpg";
  example.query =
      "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature="
      "NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D";
  example.headers = {{"Host", "127.0.0.1:4566"}};
  const Clock::time_point before = Clock::time_point(std::chrono::seconds(1175139000));
  SigV4Verdict verdict = aws_example.Verify(example, before);
  ASSERT_TRUE(verdict.ok) << verdict.error.body;
  EXPECT_EQ(verdict.service, "s3");
  EXPECT_EQ(verdict.region, "us-east-1");
  EXPECT_EQ(verdict.access_key_id, "AKIAIOSFODNN7EXAMPLE");
  ExpectError(aws_example.Verify(example, before + std::chrono::hours(1)), 403, "AccessDenied",
              "Request has expired");

  // botocore's (AWS CLI v1 `s3 presign`): encoded key, signed sub-resources.
  const SigV4Verifier verifier(std::map<std::string, std::string, std::less<>>{{"test", "test"}},
                               "eu-central-1");
  CloudRequest cli;
  cli.method = "GET";
  cli.path = "/bkt/dir/a%20key%2Bx.txt";
  cli.query =
      "versionId=v1&response-content-type=text%2Fplain&AWSAccessKeyId=test&Signature="
      "wJ%2B9%2FBmGl4oqgCYq4mHhsalF9Ys%3D&Expires=1795764616";
  const Clock::time_point valid = Clock::time_point(std::chrono::seconds(1795764000));
  verdict = verifier.Verify(cli, valid);
  ASSERT_TRUE(verdict.ok) << verdict.error.body;
  EXPECT_EQ(verdict.region, "eu-central-1");
  CloudRequest other_version = cli;
  other_version.query.replace(0, 12, "versionId=v2");
  ExpectError(verifier.Verify(other_version, valid), 403, "SignatureDoesNotMatch", kS3Mismatch);
  CloudRequest unknown_key = cli;
  unknown_key.query.replace(unknown_key.query.find("AWSAccessKeyId=test"), 19,
                            "AWSAccessKeyId=nope");
  ExpectError(verifier.Verify(unknown_key, valid), 403, "InvalidAccessKeyId",
              "The AWS Access Key Id you provided does not exist in our records.");
  CloudRequest no_expiry = cli;
  no_expiry.query.erase(no_expiry.query.find("&Expires="));
  ExpectError(verifier.Verify(no_expiry, valid), 403, "AccessDenied",
              "Query-string authentication requires");
}

// ---- The AWS SigV4 test suite's signed requests (service "service") ----

struct SuiteRequest {
  CloudRequest request;
  bool ok = false;
};

SuiteRequest ParseSreq(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  std::string raw = text.str();
  SuiteRequest out;
  std::size_t head_end = raw.find("\n\n");
  std::string head = raw.substr(0, head_end);
  if (head_end != std::string::npos) out.request.body = raw.substr(head_end + 2);
  std::istringstream lines(head);
  std::string line;
  std::getline(lines, line);
  std::size_t first = line.find(' '), last = line.rfind(" HTTP/1.1");
  if (first == std::string::npos || last == std::string::npos || last <= first) return out;
  out.request.method = line.substr(0, first);
  std::string target = line.substr(first + 1, last - first - 1);
  std::size_t question = target.find('?');
  out.request.path = target.substr(0, question);
  if (question != std::string::npos) out.request.query = target.substr(question + 1);
  while (std::getline(lines, line)) {
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      if (out.request.headers.empty()) return out;
      out.request.headers.back().second += "\n" + line;
      continue;
    }
    std::size_t colon = line.find(':');
    if (colon == std::string::npos) return out;
    out.request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  out.ok = true;
  return out;
}

TEST(SigV4VerifierTest, AwsSuiteSignedRequestsVerify) {
  const std::filesystem::path suite = std::filesystem::path(SPARTA_SHARED_TESTDATA) / "sigv4";
  if (!std::filesystem::exists(suite)) GTEST_SKIP() << "no SigV4 suite at " << suite;
  const SigV4Verifier verifier(std::map<std::string, std::string, std::less<>>{
      {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}});
  const Clock::time_point signed_at = std::chrono::sys_days(std::chrono::year(2015) / 8 / 30) +
                                      std::chrono::hours(12) + std::chrono::minutes(36);
  int verified = 0;
  for (const char* name :
       {"get-vanilla", "get-vanilla-query", "get-vanilla-query-order-key-case",
        "get-vanilla-query-order-value", "get-vanilla-query-unreserved", "get-unreserved",
        "get-header-key-duplicate", "get-header-value-order", "get-header-value-trim",
        "post-vanilla", "post-vanilla-query", "post-header-key-case", "post-header-key-sort",
        "post-header-value-case", "post-x-www-form-urlencoded",
        "post-x-www-form-urlencoded-parameters", "get-vanilla-with-session-token"}) {
    const std::filesystem::path file = suite / name / (std::string(name) + ".sreq");
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    SuiteRequest parsed = ParseSreq(file);
    ASSERT_TRUE(parsed.ok) << name;
    // The .authz file is the reference signature (one .sreq carries a bogus one).
    std::ifstream authz(suite / name / (std::string(name) + ".authz"), std::ios::binary);
    std::string authorization((std::istreambuf_iterator<char>(authz)),
                              std::istreambuf_iterator<char>());
    SetHeader(parsed.request, "Authorization", authorization);
    SigV4Verdict verdict = verifier.Verify(parsed.request, signed_at);
    EXPECT_TRUE(verdict.ok) << name << ": " << verdict.error.body;
    EXPECT_EQ(verdict.service, "service") << name;
    // One changed byte of the body or path fails it.
    CloudRequest tampered = parsed.request;
    tampered.path += "x";
    EXPECT_FALSE(verifier.Verify(tampered, signed_at).ok) << name;
    ++verified;
  }
  EXPECT_EQ(verified, 17);
}

}  // namespace
}  // namespace sparta::local_cloud::server
