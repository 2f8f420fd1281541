#include "sparta/aws/sts_client.hpp"

#include <gtest/gtest.h>

#include "aws/clients/fake_aws.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;
using testing::FormFields;
using Fields = std::vector<std::pair<std::string, std::string>>;

constexpr char kSecret[] = "9drTJvcXLB89EXAMPLELB8923FB892xMFI";

std::string AssumeRoleBody(const std::string& operation, const std::string& extra = {}) {
  return "<" + operation + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
         operation + "Result>" + extra +
         "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/deployer/sparta-1</Arn>"
         "<AssumedRoleId>AROA3XFRBF535PLBIFPI4:sparta-1</AssumedRoleId></AssumedRoleUser>"
         "<Credentials><AccessKeyId>ASIAJEXAMPLEXEG2JICEA</AccessKeyId>"
         "<SecretAccessKey>" +
         std::string(kSecret) +
         "</SecretAccessKey>"
         "<SessionToken>IQoJb3JpZ2luX2VjEXAMPLETOKEN</SessionToken>"
         "<Expiration>2024-01-02T04:04:05Z</Expiration></Credentials>"
         "<PackedPolicySize>6</PackedPolicySize></" +
         operation +
         "Result>"
         "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
         "</ResponseMetadata></" +
         operation + "Response>";
}

class StsClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  StsClient client_{
      testing::MakeClient(testing::MakeEndpoint("sts", "sts.us-east-1.amazonaws.com"), transport_)};
};

TEST_F(StsClientTest, GetCallerIdentity) {
  transport_->Respond(
      200, R"(<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDASAMPLEUSERID</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>)");
  auto identity = client_.GetCallerIdentity();
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->account, "123456789012");
  EXPECT_EQ(identity->arn, "arn:aws:iam::123456789012:user/Alice");
  EXPECT_EQ(identity->user_id, "AIDASAMPLEUSERID");
  const HttpRequest& sent = transport_->requests().at(0);
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.path, "/");
  EXPECT_EQ(sent.body, "Action=GetCallerIdentity&Version=2011-06-15");
  EXPECT_NE(FindHeader(sent.headers, "Authorization")->find("/us-east-1/sts/aws4_request"),
            std::string::npos);
}

TEST_F(StsClientTest, AssumeRoleReturnsTemporaryCredentials) {
  transport_->Respond(200, AssumeRoleBody("AssumeRole"));
  AssumeRoleRequest request;
  request.role_arn = "arn:aws:iam::123456789012:role/deployer";
  request.role_session_name = "sparta-1";
  request.external_id = "ext id";
  request.duration_seconds = 900;
  auto role = client_.AssumeRole(request);
  ASSERT_TRUE(role) << role.error().message;
  EXPECT_EQ(FormFields(transport_->requests().at(0).body),
            (Fields{{"Action", "AssumeRole"},
                    {"Version", "2011-06-15"},
                    {"RoleArn", "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdeployer"},
                    {"RoleSessionName", "sparta-1"},
                    {"DurationSeconds", "900"},
                    {"ExternalId", "ext%20id"}}));
  EXPECT_EQ(role->credentials.access_key_id, "ASIAJEXAMPLEXEG2JICEA");
  EXPECT_EQ(role->credentials.secret_access_key, kSecret);
  EXPECT_EQ(role->credentials.session_token, "IQoJb3JpZ2luX2VjEXAMPLETOKEN");
  ASSERT_TRUE(role->credentials.expiration);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::seconds>(
                role->credentials.expiration->time_since_epoch())
                .count(),
            1704168245);  // 2024-01-02T04:04:05Z
  EXPECT_EQ(role->credentials.source, "assumed role arn:aws:iam::123456789012:role/deployer");
  EXPECT_EQ(role->assumed_role_arn, "arn:aws:sts::123456789012:assumed-role/deployer/sparta-1");
  EXPECT_EQ(role->assumed_role_id, "AROA3XFRBF535PLBIFPI4:sparta-1");
}

TEST_F(StsClientTest, AccessDeniedReachesTheCallerVerbatim) {
  transport_->Respond(403, R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code>
  <Message>User: arn:aws:iam::123456789012:user/Alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/deployer</Message></Error>
  <RequestId>d1a2b3c4-0000-4000-8000-000000000000</RequestId></ErrorResponse>)");
  auto role = client_.AssumeRole({"arn:aws:iam::123456789012:role/deployer", "s", "", {}, ""});
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().code, "AccessDenied");
  EXPECT_TRUE(role.error().message.starts_with(
      "User: arn:aws:iam::123456789012:user/Alice is not authorized to perform: sts:AssumeRole"));
}

TEST_F(StsClientTest, IncompleteCredentialsNeverQuoteTheBody) {
  transport_->Respond(
      200,
      "<AssumeRoleResponse><AssumeRoleResult><Credentials>"
      "<SecretAccessKey>" +
          std::string(kSecret) +
          "</SecretAccessKey></Credentials></AssumeRoleResult></AssumeRoleResponse>");
  auto role = client_.AssumeRole({"arn:aws:iam::1:role/r", "s", "", {}, ""});
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().code, "InvalidResponse");
  EXPECT_EQ(role.error().message.find(kSecret), std::string::npos);
}

TEST_F(StsClientTest, MissingArgumentsAreRejectedLocally) {
  auto role = client_.AssumeRole({"", "s", "", {}, ""});
  ASSERT_FALSE(role);
  EXPECT_EQ(role.error().code, "InvalidArgument");
  EXPECT_TRUE(transport_->requests().empty());
}

TEST(StsWebIdentityTest, IsSentUnsigned) {
  auto transport = std::make_shared<FakeTransport>();
  StsClient client(testing::MakeClient(testing::MakeEndpoint("sts", "sts.us-east-1.amazonaws.com"),
                                       transport, /*signed_requests=*/false));
  transport->Respond(200, AssumeRoleBody("AssumeRoleWithWebIdentity",
                                         "<SubjectFromWebIdentityToken>system:serviceaccount:a:b"
                                         "</SubjectFromWebIdentityToken>"
                                         "<Audience>sts.amazonaws.com</Audience>"));
  AssumeRoleWithWebIdentityRequest request;
  request.role_arn = "arn:aws:iam::123456789012:role/ci";
  request.role_session_name = "ci-1";
  request.web_identity_token = "eyJhbGciOiJSUzI1NiJ9.e30.sig";
  auto role = client.AssumeRoleWithWebIdentity(request);
  ASSERT_TRUE(role) << role.error().message;
  const HttpRequest& sent = transport->requests().at(0);
  EXPECT_EQ(FindHeader(sent.headers, "Authorization"), nullptr);
  EXPECT_EQ(FormFields(sent.body),
            (Fields{{"Action", "AssumeRoleWithWebIdentity"},
                    {"Version", "2011-06-15"},
                    {"RoleArn", "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fci"},
                    {"RoleSessionName", "ci-1"},
                    {"WebIdentityToken", "eyJhbGciOiJSUzI1NiJ9.e30.sig"}}));
  EXPECT_EQ(role->credentials.access_key_id, "ASIAJEXAMPLEXEG2JICEA");
  EXPECT_EQ(role->credentials.source, "web identity arn:aws:iam::123456789012:role/ci");
  EXPECT_TRUE(role->credentials.expiration.has_value());
}

}  // namespace
}  // namespace sparta::aws
