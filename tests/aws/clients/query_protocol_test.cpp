#include "sparta/aws/query_protocol.hpp"

#include <gtest/gtest.h>

#include "aws/clients/iso8601.hpp"
#include "aws/clients/md5.hpp"

namespace sparta::aws {
namespace {

TEST(PercentEncodeTest, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(PercentEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(PercentEncode("a b+c/d=e&f*g"), "a%20b%2Bc%2Fd%3De%26f%2Ag");
  EXPECT_EQ(PercentEncode("é"), "%C3%A9");
  EXPECT_EQ(PercentEncode(std::string("\0\xff", 2)), "%00%FF");
  EXPECT_EQ(PercentEncode(""), "");
}

TEST(QueryParamsTest, ActionAndVersionComeFirst) {
  QueryParams params("GetCallerIdentity", "2011-06-15");
  EXPECT_EQ(params.Encode(), "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_EQ(params.action(), "GetCallerIdentity");
}

TEST(QueryParamsTest, FieldsKeepTheirOrderAndAreEncoded) {
  QueryParams params("CreateStack", "2010-05-15");
  params.Add("StackName", "demo")
      .AddIfNotEmpty("RoleARN", "")
      .Add("TemplateURL", "https://b.s3.amazonaws.com/t.json?x=1")
      .AddBool("DisableRollback", false)
      .AddBool("Unset", std::nullopt)
      .AddInt("TimeoutInMinutes", 30)
      .AddInt("Unset2", std::nullopt)
      .Add("Empty", "");
  EXPECT_EQ(params.Encode(),
            "Action=CreateStack&Version=2010-05-15&StackName=demo&"
            "TemplateURL=https%3A%2F%2Fb.s3.amazonaws.com%2Ft.json%3Fx%3D1&"
            "DisableRollback=false&TimeoutInMinutes=30&Empty=");
}

TEST(QueryParamsTest, ListsAreNumberedFromOneAndEmptyListsOmitted) {
  QueryParams params("X", "1");
  params.AddList("Capabilities", {"CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"})
      .AddList("NotificationARNs", {});
  EXPECT_EQ(params.Encode(),
            "Action=X&Version=1&Capabilities.member.1=CAPABILITY_IAM&"
            "Capabilities.member.2=CAPABILITY_AUTO_EXPAND");
}

TEST(QueryParamsTest, ListsOfStructuresUseMemberPrefixes) {
  struct Pair {
    std::string key, value;
  };
  QueryParams params("X", "1");
  params.AddStructList("Tags", std::vector<Pair>{{"app", "x y"}, {"env", "prod"}},
                       [](QueryParams& out, const std::string& prefix, const Pair& tag) {
                         out.Add(prefix + ".Key", tag.key).Add(prefix + ".Value", tag.value);
                       });
  params.AddStructList(
      "None", std::vector<Pair>{},
      [](QueryParams& out, const std::string& prefix, const Pair&) { out.Add(prefix, "never"); });
  EXPECT_EQ(params.Encode(),
            "Action=X&Version=1&Tags.member.1.Key=app&Tags.member.1.Value=x%20y&"
            "Tags.member.2.Key=env&Tags.member.2.Value=prod");
}

TEST(QueryParamsTest, MapsUseEntryKeyAndValue) {
  QueryParams params("X", "1");
  params.AddMap("Attributes", {{"a", "1"}, {"b", "2"}}).AddMap("Empty", {});
  EXPECT_EQ(params.Encode(),
            "Action=X&Version=1&Attributes.entry.1.key=a&Attributes.entry.1.value=1&"
            "Attributes.entry.2.key=b&Attributes.entry.2.value=2");
}

TEST(QueryParamsTest, RequestIsAFormPostToTheRoot) {
  QueryParams params("GetCallerIdentity", "2011-06-15");
  const HttpRequest request = MakeQueryRequest(params);
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.path, "/");
  EXPECT_EQ(request.query, "");
  ASSERT_NE(FindHeader(request.headers, "content-type"), nullptr);
  EXPECT_EQ(*FindHeader(request.headers, "content-type"),
            "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(request.body, "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(Iso8601Test, ParsesAwsTimestamps) {
  using namespace std::chrono;
  const auto plain = detail::ParseIso8601("2024-01-02T03:04:05Z");
  ASSERT_TRUE(plain);
  EXPECT_EQ(duration_cast<seconds>(plain->time_since_epoch()).count(), 1704164645);
  const auto fractional = detail::ParseIso8601("2024-01-02T03:04:05.250Z");
  ASSERT_TRUE(fractional);
  EXPECT_EQ(duration_cast<milliseconds>(*fractional - *plain).count(), 250);
  const auto offset = detail::ParseIso8601("2024-01-02T05:04:05+02:00");
  ASSERT_TRUE(offset);
  EXPECT_EQ(*offset, *plain);
}

TEST(Iso8601Test, RejectsIncompleteOrInvalidText) {
  EXPECT_FALSE(detail::ParseIso8601(""));
  EXPECT_FALSE(detail::ParseIso8601("2024-01-02"));
  EXPECT_FALSE(detail::ParseIso8601("2024-01-02T03:04:05"));  // no zone
  EXPECT_FALSE(detail::ParseIso8601("2024-02-30T03:04:05Z"));
  EXPECT_FALSE(detail::ParseIso8601("2024-01-02T03:04:05Zjunk"));
  EXPECT_FALSE(detail::ParseIso8601("2024-01-02T03:04:05.Z"));
}

TEST(Md5Test, MatchesKnownDigests) {
  // RFC 1321's test suite.
  EXPECT_EQ(detail::ContentMd5(""),
            "1B2M2Y8AsgTpgAmY7PhCfg==");  // d41d8cd98f00b204e9800998ecf8427e
  EXPECT_EQ(detail::ContentMd5("abc"),
            "kAFQmDzST7DWlj99KOF/cg==");  // 900150983cd24fb0d6963f7d28e17f72
  EXPECT_EQ(detail::Md5("abc").size(), 16u);
}

}  // namespace
}  // namespace sparta::aws
