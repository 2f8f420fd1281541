// Every case of the AWS SigV4 test suite, in both copies under
// SPARTA_SHARED_TESTDATA/sigv4 (see its README): the classic botocore copy
// (<case>/<case>.{req,creq,sts,authz}) and the aws-c-auth v4 copy
// (header and presigned-URL forms). Each intermediate string is compared
// byte for byte.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "aws/auth/headers_internal.hpp"
#include "aws/auth/request_file.hpp"
#include "aws/auth/time_internal.hpp"
#include "sparta/aws/sigv4.hpp"
#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/json/json.hpp"

namespace sparta::aws {
namespace {

namespace fs = std::filesystem;
using testing::ParseRawRequest;
using testing::ReadTestFile;

const fs::path kSuiteDir = fs::path(SPARTA_SHARED_TESTDATA) / "sigv4";
constexpr char kAccessKey[] = "AKIDEXAMPLE";
constexpr char kSecretKey[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

std::chrono::system_clock::time_point SuiteTime() {
  return *internal::ParseIso8601("2015-08-30T12:36:00Z");
}

// Case directories (relative to the suite dir) of the classic copy: any
// directory D holding D/<basename(D)>.req.
std::vector<std::string> ClassicCases() {
  std::vector<std::string> cases;
  if (!fs::is_directory(kSuiteDir)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(kSuiteDir)) {
    if (!entry.is_directory()) continue;
    const fs::path req = entry.path() / (entry.path().filename().string() + ".req");
    if (fs::exists(req)) cases.push_back(fs::relative(entry.path(), kSuiteDir).string());
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::vector<std::string> CrtCases() {
  std::vector<std::string> cases;
  const fs::path dir = kSuiteDir / "aws-c-auth-v4";
  if (!fs::is_directory(dir)) return cases;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_directory() && fs::exists(entry.path() / "request.txt")) {
      cases.push_back(entry.path().filename().string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// The value of header `name` in the raw request file `text`, or "".
std::string HeaderOf(const std::string& text, std::string_view name) {
  HttpRequest request;
  std::string error;
  if (!ParseRawRequest(text, request, error)) return {};
  const std::string* value = internal::FindHeaderValue(request.headers, name);
  return value ? *value : std::string();
}

TEST(SigV4Suite, HasEveryCase) {
  EXPECT_EQ(ClassicCases().size(), 34u) << "missing classic suite under " << kSuiteDir;
  EXPECT_EQ(CrtCases().size(), 38u) << "missing aws-c-auth-v4 suite under " << kSuiteDir;
}

class ClassicSuite : public ::testing::TestWithParam<std::string> {};

TEST_P(ClassicSuite, MatchesCanonicalRequestStringToSignAndAuthorization) {
  const fs::path dir = kSuiteDir / GetParam();
  const std::string base = (dir / dir.filename()).string();
  HttpRequest request;
  std::string error;
  ASSERT_TRUE(ParseRawRequest(ReadTestFile(base + ".req"), request, error)) << error;
  const std::string creq = ReadTestFile(base + ".creq");

  Credentials credentials{kAccessKey, kSecretKey, "", std::nullopt, "test"};
  // The token is only in the signed request (.sreq); post-sts-header-after
  // adds it after signing, so it is signed only when the .creq names it.
  if (creq.find("x-amz-security-token:") != std::string::npos) {
    credentials.session_token = HeaderOf(ReadTestFile(base + ".sreq"), "X-Amz-Security-Token");
    ASSERT_FALSE(credentials.session_token.empty());
  }
  SigningOptions options{.region = "us-east-1", .service = "service", .time = SuiteTime()};
  Result<detail::SigningTrace> trace = detail::SignRequestWithTrace(request, credentials, options);
  ASSERT_TRUE(trace.ok()) << trace.error().message;
  EXPECT_EQ(trace->canonical_request, creq);
  EXPECT_EQ(trace->string_to_sign, ReadTestFile(base + ".sts"));
  const std::string* authorization = internal::FindHeaderValue(request.headers, "Authorization");
  ASSERT_NE(authorization, nullptr);
  EXPECT_EQ(*authorization, ReadTestFile(base + ".authz"));
}

INSTANTIATE_TEST_SUITE_P(Vectors, ClassicSuite, ::testing::ValuesIn(ClassicCases()), TestName);

struct CrtContext {
  Credentials credentials;
  bool normalize = true;
  bool sign_body = false;
  bool omit_session_token = false;
  int expires = 3600;
  std::chrono::system_clock::time_point time;
};

CrtContext ReadContext(const fs::path& dir) {
  CrtContext context;
  Result<json::value> parsed = jsonutil::Parse(ReadTestFile((dir / "context.json").string()));
  EXPECT_TRUE(parsed.ok());
  if (!parsed) return context;
  const json::object& root = parsed->as_object();
  const json::object& creds = root.at("credentials").as_object();
  context.credentials.access_key_id = json::value_to<std::string>(creds.at("access_key_id"));
  context.credentials.secret_access_key =
      json::value_to<std::string>(creds.at("secret_access_key"));
  if (creds.contains("token")) {
    context.credentials.session_token = json::value_to<std::string>(creds.at("token"));
  }
  context.normalize = root.at("normalize").as_bool();
  context.sign_body = root.at("sign_body").as_bool();
  if (root.contains("omit_session_token")) {
    context.omit_session_token = root.at("omit_session_token").as_bool();
  }
  context.expires = static_cast<int>(root.at("expiration_in_seconds").to_number<int64_t>());
  context.time = *internal::ParseIso8601(json::value_to<std::string>(root.at("timestamp")));
  EXPECT_EQ(json::value_to<std::string>(root.at("region")), "us-east-1");
  EXPECT_EQ(json::value_to<std::string>(root.at("service")), "service");
  return context;
}

std::vector<std::pair<std::string, std::string>> LowerSorted(HeaderList headers) {
  for (auto& header : headers) header.first = internal::ToLowerAscii(header.first);
  std::sort(headers.begin(), headers.end());
  return headers;
}

std::vector<std::string> SortedParams(std::string_view query) {
  std::vector<std::string> params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    // Decoded: the suite keeps the request's raw UTF-8 where a URL has escapes.
    if (end > start) params.push_back(detail::UriDecode(query.substr(start, end - start)));
    start = end + 1;
  }
  std::sort(params.begin(), params.end());
  return params;
}

class CrtSuite : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    dir_ = kSuiteDir / "aws-c-auth-v4" / GetParam();
    context_ = ReadContext(dir_);
    std::string error;
    ASSERT_TRUE(ParseRawRequest(ReadTestFile((dir_ / "request.txt").string()), request_, error))
        << error;
    options_ = SigningOptions{.region = "us-east-1",
                              .service = "service",
                              .time = context_.time,
                              .s3_path_rules = !context_.normalize,
                              .add_content_sha256 = context_.sign_body};
    // omit_session_token: sign without the token, add it afterwards.
    signing_credentials_ = context_.credentials;
    if (context_.omit_session_token) signing_credentials_.session_token.clear();
  }
  std::string Expected(const std::string& file) { return ReadTestFile((dir_ / file).string()); }

  fs::path dir_;
  CrtContext context_;
  HttpRequest request_;
  SigningOptions options_;
  Credentials signing_credentials_;
};

TEST_P(CrtSuite, HeaderSigning) {
  Result<detail::SigningTrace> trace =
      detail::SignRequestWithTrace(request_, signing_credentials_, options_);
  ASSERT_TRUE(trace.ok()) << trace.error().message;
  EXPECT_EQ(trace->canonical_request, Expected("header-canonical-request.txt"));
  EXPECT_EQ(trace->string_to_sign, Expected("header-string-to-sign.txt"));
  EXPECT_EQ(trace->signature, Expected("header-signature.txt"));

  if (context_.omit_session_token) {
    request_.headers.emplace_back("X-Amz-Security-Token", context_.credentials.session_token);
  }
  HttpRequest expected;
  std::string error;
  ASSERT_TRUE(ParseRawRequest(Expected("header-signed-request.txt"), expected, error)) << error;
  EXPECT_EQ(LowerSorted(request_.headers), LowerSorted(expected.headers));
  EXPECT_EQ(request_.body, expected.body.substr(0, request_.body.size()));
}

TEST_P(CrtSuite, PresignedUrl) {
  Result<detail::PresignedUrl> presigned = detail::PresignUrlWithTrace(
      request_, signing_credentials_, options_, std::chrono::seconds(context_.expires));
  ASSERT_TRUE(presigned.ok()) << presigned.error().message;
  EXPECT_EQ(presigned->trace.canonical_request, Expected("query-canonical-request.txt"));
  EXPECT_EQ(presigned->trace.string_to_sign, Expected("query-string-to-sign.txt"));
  EXPECT_EQ(presigned->trace.signature, Expected("query-signature.txt"));

  std::string url = presigned->url;
  if (context_.omit_session_token) {
    url += "&X-Amz-Security-Token=" + detail::UriEncode(context_.credentials.session_token, false);
  }
  HttpRequest expected;
  std::string error;
  ASSERT_TRUE(ParseRawRequest(Expected("query-signed-request.txt"), expected, error)) << error;
  const std::string prefix = "https://example.amazonaws.com" + expected.path + "?";
  ASSERT_TRUE(url.starts_with(prefix)) << url;
  // The suite orders the X-Amz-* parameters differently; the set is what counts.
  EXPECT_EQ(SortedParams(std::string_view(url).substr(prefix.size())),
            SortedParams(expected.query));
}

INSTANTIATE_TEST_SUITE_P(Vectors, CrtSuite, ::testing::ValuesIn(CrtCases()), TestName);

}  // namespace
}  // namespace sparta::aws
