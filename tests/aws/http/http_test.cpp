// The helpers of sparta/aws/http.hpp and the CA bundle choice.

#include "sparta/aws/http.hpp"

#include <gtest/gtest.h>

#include <map>

#include "aws/http/ca_bundle.hpp"

namespace sparta::aws {
namespace {

TEST(HttpHelpers, FindHeaderIgnoresCaseAndReturnsTheFirst) {
  HeaderList headers = {{"X-Amz-Date", "1"}, {"x-amz-date", "2"}, {"Host", "h"}};
  ASSERT_NE(FindHeader(headers, "X-AMZ-DATE"), nullptr);
  EXPECT_EQ(*FindHeader(headers, "X-AMZ-DATE"), "1");
  EXPECT_EQ(*FindHeader(headers, "host"), "h");
  EXPECT_EQ(FindHeader(headers, "Authorization"), nullptr);
}

TEST(HttpHelpers, SetHeaderReplacesEveryCopyInPlace) {
  HeaderList headers = {{"A", "1"}, {"x-amz-date", "old"}, {"B", "2"}, {"X-Amz-Date", "older"}};
  SetHeader(headers, "X-Amz-Date", "new");
  HeaderList expected = {{"A", "1"}, {"x-amz-date", "new"}, {"B", "2"}};
  EXPECT_EQ(headers, expected);
  SetHeader(headers, "C", "3");
  EXPECT_EQ(headers.back(), (std::pair<std::string, std::string>{"C", "3"}));
}

TEST(HttpHelpers, HostHeaderOmitsTheDefaultPort) {
  HttpRequest request;
  request.host = "s3.us-east-1.amazonaws.com";
  EXPECT_EQ(request.HostHeader(), "s3.us-east-1.amazonaws.com");
  request.port = 443;
  EXPECT_EQ(request.HostHeader(), "s3.us-east-1.amazonaws.com");
  request.port = 8443;
  EXPECT_EQ(request.HostHeader(), "s3.us-east-1.amazonaws.com:8443");
  request.scheme = "http";
  request.port = 80;
  EXPECT_EQ(request.HostHeader(), "s3.us-east-1.amazonaws.com");
  request.port = 443;
  EXPECT_EQ(request.HostHeader(), "s3.us-east-1.amazonaws.com:443");
  request.host = "::1";
  request.port = 4566;
  EXPECT_EQ(request.HostHeader(), "[::1]:4566");
}

TEST(HttpHelpers, UrlJoinsTheParts) {
  HttpRequest request;
  request.scheme = "http";
  request.host = "127.0.0.1";
  request.port = 4566;
  request.path = "/my%20bucket/a/b";
  request.query = "list-type=2&prefix=x";
  EXPECT_EQ(request.Url(), "http://127.0.0.1:4566/my%20bucket/a/b?list-type=2&prefix=x");
  request.path.clear();
  request.query.clear();
  EXPECT_EQ(request.Url(), "http://127.0.0.1:4566/");
}

TEST(CaBundle, OptionThenAwsCaBundleThenSslCertFileThenSystem) {
  std::map<std::string, std::string> env;
  auto getenv = [&](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  };
  EXPECT_EQ(internal::ChooseCaBundle("", getenv).file, "");
  EXPECT_EQ(internal::Describe(internal::ChooseCaBundle("", getenv)),
            "the system default CA certificates");
  env["SSL_CERT_FILE"] = "/ssl.pem";
  EXPECT_EQ(internal::ChooseCaBundle("", getenv).file, "/ssl.pem");
  env["AWS_CA_BUNDLE"] = "";  // empty counts as unset
  EXPECT_EQ(internal::ChooseCaBundle("", getenv).file, "/ssl.pem");
  env["AWS_CA_BUNDLE"] = "/aws.pem";
  EXPECT_EQ(internal::ChooseCaBundle("", getenv).file, "/aws.pem");
  EXPECT_EQ(internal::Describe(internal::ChooseCaBundle("", getenv)),
            "/aws.pem (from AWS_CA_BUNDLE)");
  EXPECT_EQ(internal::ChooseCaBundle("/opt.pem", getenv).file, "/opt.pem");
}

}  // namespace
}  // namespace sparta::aws
