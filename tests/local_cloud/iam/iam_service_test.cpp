// IamService: roles kept across reopen, and its IAM and STS Query API.
#include "sparta/local_cloud/iam_service.hpp"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <filesystem>
#include <random>
#include <string>

namespace sparta::local_cloud {
namespace {

namespace fs = std::filesystem;

CloudRequest Post(const std::string& body, const std::string& request_id) {
  CloudRequest request;
  request.method = "POST";
  request.body = body;
  request.request_id = request_id;
  return request;
}

class IamServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sparta-iam-test-" + std::to_string(std::random_device{}()));
    Reopen();
  }
  void TearDown() override {
    iam_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }
  void Reopen() {
    iam_.reset();
    store_.reset();
    auto store = StateStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
    CloudContext context;
    context.account_id = "123456789012";
    auto iam = IamService::Open(*store_, context);
    ASSERT_TRUE(iam.ok()) << iam.error().message;
    iam_ = std::move(*iam);
  }

  CloudResponse Iam(const std::string& body) {
    return iam_->HandleIamQuery(Post(body, "req-1"));
  }

  IamRole AddRole(const std::string& name, const std::string& path = "/") {
    IamRole role;
    role.name = name;
    role.path = path;
    role.assume_role_policy = json::parse(
        R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow",)"
        R"("Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]})");
    role.inline_policies["logs"] = json::parse(R"({"Statement":[{"Action":"logs:*"}]})");
    role.managed_policy_arns = {"arn:aws:iam::aws:policy/ReadOnlyAccess"};
    auto put = iam_->PutRole(role);
    EXPECT_TRUE(put.ok()) << put.error().message;
    return put.ok() ? *put : role;
  }

  fs::path dir_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<IamService> iam_;
};

pugi::xml_node Parse(pugi::xml_document& doc, const CloudResponse& response) {
  EXPECT_TRUE(doc.load_string(response.body.c_str())) << response.body;
  return doc.first_child();
}

TEST_F(IamServiceTest, PutRoleFillsInArnIdAndTime) {
  IamRole role = AddRole("exec", "/service/");
  EXPECT_EQ(role.arn, "arn:aws:iam::123456789012:role/service/exec");
  ASSERT_EQ(role.role_id.size(), 21u);
  EXPECT_EQ(role.role_id.substr(0, 4), "AROA");
  EXPECT_NE(role.created, std::chrono::system_clock::time_point{});
  auto found = iam_->FindRoleByArn("arn:aws:iam::123456789012:role/service/exec");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->name, "exec");
  EXPECT_FALSE(iam_->FindRoleByArn("arn:aws:iam::123456789012:role/other").has_value());
}

TEST_F(IamServiceTest, PutRoleRefusesNamesIamRefuses) {
  IamRole role;
  role.name = "bad name!";
  auto put = iam_->PutRole(role);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().code, "ValidationError");
  role.name = std::string(65, 'a');
  EXPECT_FALSE(iam_->PutRole(role).ok());
}

TEST_F(IamServiceTest, GetRoleAnswersWithIamsRoleElement) {
  IamRole role = AddRole("exec");
  CloudResponse response = Iam("Action=GetRole&Version=2010-05-08&RoleName=exec");
  ASSERT_EQ(response.status, 200) << response.body;
  pugi::xml_document doc;
  pugi::xml_node root = Parse(doc, response);
  EXPECT_STREQ(root.name(), "GetRoleResponse");
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://iam.amazonaws.com/doc/2010-05-08/");
  pugi::xml_node xml = root.child("GetRoleResult").child("Role");
  EXPECT_STREQ(xml.child_value("RoleName"), "exec");
  EXPECT_STREQ(xml.child_value("Path"), "/");
  EXPECT_EQ(xml.child_value("Arn"), role.arn);
  EXPECT_EQ(xml.child_value("RoleId"), role.role_id);
  EXPECT_STREQ(xml.child_value("MaxSessionDuration"), "3600");
  EXPECT_EQ(std::string(xml.child_value("CreateDate")).size(), 24u);
  // URL-encoded JSON, as IAM returns it.
  std::string policy = xml.child_value("AssumeRolePolicyDocument");
  EXPECT_EQ(policy.find('{'), std::string::npos);
  EXPECT_NE(policy.find("%7B%22Version%22%3A%222012-10-17%22"), std::string::npos) << policy;
  EXPECT_STREQ(root.child("ResponseMetadata").child_value("RequestId"), "req-1");
}

TEST_F(IamServiceTest, MissingRoleIsNoSuchEntity) {
  CloudResponse response = Iam("Action=GetRole&Version=2010-05-08&RoleName=ghost");
  EXPECT_EQ(response.status, 404);
  pugi::xml_document doc;
  pugi::xml_node error = Parse(doc, response).child("Error");
  EXPECT_STREQ(error.child_value("Code"), "NoSuchEntity");
  EXPECT_STREQ(error.child_value("Message"), "The role with name ghost cannot be found.");
  EXPECT_STREQ(error.child_value("Type"), "Sender");

  CloudResponse missing = Iam("Action=GetRole&Version=2010-05-08");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("ValidationError"), std::string::npos);
  EXPECT_FALSE(iam_->DeleteRole("ghost").ok());
}

TEST_F(IamServiceTest, UnknownActionIsInvalidActionAndAnUnservedOneIsNamed) {
  CloudResponse unknown = Iam("Action=Teleport&Version=2010-05-08");
  EXPECT_EQ(unknown.status, 400);
  pugi::xml_document doc;
  pugi::xml_node error = Parse(doc, unknown).child("Error");
  EXPECT_STREQ(error.child_value("Code"), "InvalidAction");
  EXPECT_STREQ(error.child_value("Message"),
               "Could not find operation Teleport for version 2010-05-08");
  CloudResponse missing = Iam("Version=2010-05-08");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("InvalidAction"), std::string::npos);
  CloudResponse garbage = Iam("%%%&&==&Action");
  EXPECT_EQ(garbage.status, 400);

  // IAM has the operation; sparta-local does not serve it (yet): named.
  CloudResponse unserved = Iam("Action=CreateUser&Version=2010-05-08&UserName=u");
  EXPECT_EQ(unserved.status, 501);
  pugi::xml_document unserved_doc;
  pugi::xml_node unserved_error = Parse(unserved_doc, unserved).child("Error");
  EXPECT_STREQ(unserved_error.child_value("Code"), "NotImplemented");
  EXPECT_NE(std::string(unserved_error.child_value("Message")).find("CreateUser"),
            std::string::npos);
}

TEST_F(IamServiceTest, ListRolesFiltersByPathAndPages) {
  AddRole("a", "/x/");
  AddRole("b", "/x/");
  AddRole("c", "/y/");
  pugi::xml_document doc;
  pugi::xml_node result =
      Parse(doc, Iam("Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fx%2F&MaxItems=1"))
          .child("ListRolesResult");
  EXPECT_STREQ(result.child("Roles").child("member").child_value("RoleName"), "a");
  EXPECT_STREQ(result.child_value("IsTruncated"), "true");
  std::string marker = result.child_value("Marker");
  ASSERT_FALSE(marker.empty());

  pugi::xml_document next_doc;
  pugi::xml_node next =
      Parse(next_doc, Iam("Action=ListRoles&Version=2010-05-08&PathPrefix=%2Fx%2F&MaxItems=1&"
                          "Marker=" + marker))
          .child("ListRolesResult");
  EXPECT_STREQ(next.child("Roles").child("member").child_value("RoleName"), "b");
  EXPECT_STREQ(next.child_value("IsTruncated"), "false");

  pugi::xml_document all_doc;
  pugi::xml_node all = Parse(all_doc, Iam("Action=ListRoles&Version=2010-05-08"));
  int count = 0;
  for ([[maybe_unused]] auto member : all.child("ListRolesResult").child("Roles").children()) {
    ++count;
  }
  EXPECT_EQ(count, 3);
  EXPECT_EQ(Iam("Action=ListRoles&Version=2010-05-08&MaxItems=0").status, 400);
}

TEST_F(IamServiceTest, RolePoliciesAreListedAndReturnedEncoded) {
  AddRole("exec");
  pugi::xml_document doc;
  pugi::xml_node get =
      Parse(doc, Iam("Action=GetRolePolicy&Version=2010-05-08&RoleName=exec&PolicyName=logs"))
          .child("GetRolePolicyResult");
  EXPECT_STREQ(get.child_value("RoleName"), "exec");
  EXPECT_STREQ(get.child_value("PolicyName"), "logs");
  EXPECT_STREQ(get.child_value("PolicyDocument"),
               "%7B%22Statement%22%3A%5B%7B%22Action%22%3A%22logs%3A%2A%22%7D%5D%7D");
  EXPECT_EQ(
      Iam("Action=GetRolePolicy&Version=2010-05-08&RoleName=exec&PolicyName=nope").status, 404);

  pugi::xml_document list_doc;
  pugi::xml_node list =
      Parse(list_doc, Iam("Action=ListRolePolicies&Version=2010-05-08&RoleName=exec"))
          .child("ListRolePoliciesResult");
  EXPECT_STREQ(list.child("PolicyNames").child_value("member"), "logs");
  EXPECT_STREQ(list.child_value("IsTruncated"), "false");

  pugi::xml_document attached_doc;
  pugi::xml_node attached =
      Parse(attached_doc, Iam("Action=ListAttachedRolePolicies&Version=2010-05-08&RoleName=exec"))
          .child("ListAttachedRolePoliciesResult")
          .child("AttachedPolicies")
          .child("member");
  EXPECT_STREQ(attached.child_value("PolicyName"), "ReadOnlyAccess");
  EXPECT_STREQ(attached.child_value("PolicyArn"), "arn:aws:iam::aws:policy/ReadOnlyAccess");
}

TEST_F(IamServiceTest, StsGetCallerIdentityNamesTheAccountRoot) {
  CloudResponse response =
      iam_->HandleStsQuery(Post("Action=GetCallerIdentity&Version=2011-06-15", "r"));
  ASSERT_EQ(response.status, 200);
  pugi::xml_document doc;
  pugi::xml_node root = Parse(doc, response);
  EXPECT_STREQ(root.attribute("xmlns").value(), "https://sts.amazonaws.com/doc/2011-06-15/");
  pugi::xml_node result = root.child("GetCallerIdentityResult");
  EXPECT_STREQ(result.child_value("Arn"), "arn:aws:iam::123456789012:root");
  EXPECT_STREQ(result.child_value("UserId"), "123456789012");
  EXPECT_STREQ(result.child_value("Account"), "123456789012");

  CloudResponse unknown =
      iam_->HandleStsQuery(Post("Action=Teleport&Version=2011-06-15", "r"));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_NE(unknown.body.find("Could not find operation Teleport for version 2011-06-15"),
            std::string::npos);
  EXPECT_NE(unknown.body.find("sts.amazonaws.com"), std::string::npos);
}

TEST_F(IamServiceTest, RolesSurviveReopenAndDeleteIsPersisted) {
  IamRole kept = AddRole("kept");
  AddRole("gone");
  ASSERT_TRUE(iam_->DeleteRole("gone").ok());
  Reopen();
  auto role = iam_->GetRole("kept");
  ASSERT_TRUE(role.ok());
  EXPECT_EQ(role->role_id, kept.role_id);
  EXPECT_EQ(role->arn, kept.arn);
  EXPECT_EQ(role->inline_policies.count("logs"), 1u);
  EXPECT_EQ(role->created, kept.created);
  auto gone = iam_->GetRole("gone");
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, "NoSuchEntity");
}

TEST_F(IamServiceTest, CreateRoleThroughTheApiIsTheRoleEveryoneSees) {
  const std::string policy =
      "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D";  // {"Version":...}
  CloudResponse created = Iam(
      "Action=CreateRole&Version=2010-05-08&RoleName=api-role&Path=%2Fteam%2F&"
      "Description=made+here&MaxSessionDuration=7200&AssumeRolePolicyDocument=" + policy +
      "&Tags.member.1.Key=team&Tags.member.1.Value=core");
  ASSERT_EQ(created.status, 200) << created.body;
  pugi::xml_document doc;
  pugi::xml_node role = Parse(doc, created).child("CreateRoleResult").child("Role");
  EXPECT_STREQ(role.child_value("Arn"), "arn:aws:iam::123456789012:role/team/api-role");
  EXPECT_STREQ(role.child_value("MaxSessionDuration"), "7200");
  EXPECT_STREQ(role.child("Tags").child("member").child_value("Value"), "core");

  // The same role that CloudFormation and Lambda see.
  auto stored = iam_->GetRole("api-role");
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->description, "made here");
  EXPECT_EQ(stored->assume_role_policy.at("Version"), "2012-10-17");
  ASSERT_EQ(stored->tags.size(), 1u);

  CloudResponse again = Iam("Action=CreateRole&RoleName=api-role&AssumeRolePolicyDocument=" +
                            policy);
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("<Code>EntityAlreadyExists</Code>"), std::string::npos);
  EXPECT_NE(again.body.find("Role with name api-role already exists."), std::string::npos);

  CloudResponse malformed =
      Iam("Action=CreateRole&RoleName=other&AssumeRolePolicyDocument=%7Bnot+json");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.body.find("MalformedPolicyDocument"), std::string::npos);
  CloudResponse short_session = Iam(
      "Action=CreateRole&RoleName=other&MaxSessionDuration=60&AssumeRolePolicyDocument=" + policy);
  EXPECT_EQ(short_session.status, 400);
  EXPECT_NE(short_session.body.find("Value &apos;60&apos; at &apos;maxSessionDuration&apos;"),
            std::string::npos)
      << short_session.body;
}

TEST_F(IamServiceTest, PoliciesAndTagsAreEditedAndDeleteWaitsForThem) {
  AddRole("exec");  // with inline policy "logs" and ReadOnlyAccess attached
  EXPECT_EQ(Iam("Action=PutRolePolicy&RoleName=exec&PolicyName=s3&"
                "PolicyDocument=%7B%22Statement%22%3A%5B%5D%7D")
                .status,
            200);
  EXPECT_EQ(iam_->GetRole("exec")->inline_policies.size(), 2u);

  CloudResponse conflict = Iam("Action=DeleteRole&RoleName=exec");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_NE(conflict.body.find("must delete policies first"), std::string::npos);

  EXPECT_EQ(Iam("Action=DeleteRolePolicy&RoleName=exec&PolicyName=s3").status, 200);
  EXPECT_EQ(Iam("Action=DeleteRolePolicy&RoleName=exec&PolicyName=logs").status, 200);
  EXPECT_EQ(Iam("Action=DeleteRolePolicy&RoleName=exec&PolicyName=logs").status, 404);
  CloudResponse attached = Iam("Action=DeleteRole&RoleName=exec");
  EXPECT_EQ(attached.status, 409);
  EXPECT_NE(attached.body.find("must detach all policies first"), std::string::npos);

  const std::string arn = "arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess";
  EXPECT_EQ(Iam("Action=DetachRolePolicy&RoleName=exec&PolicyArn=" + arn).status, 200);
  EXPECT_EQ(Iam("Action=DetachRolePolicy&RoleName=exec&PolicyArn=" + arn).status, 404);
  EXPECT_EQ(Iam("Action=AttachRolePolicy&RoleName=exec&PolicyArn=" + arn).status, 200);
  EXPECT_EQ(iam_->GetRole("exec")->managed_policy_arns.size(), 1u);
  EXPECT_EQ(Iam("Action=DetachRolePolicy&RoleName=exec&PolicyArn=" + arn).status, 200);

  EXPECT_EQ(Iam("Action=TagRole&RoleName=exec&Tags.member.1.Key=a&Tags.member.1.Value=1&"
                "Tags.member.2.Key=b&Tags.member.2.Value=2")
                .status,
            200);
  EXPECT_EQ(Iam("Action=UntagRole&RoleName=exec&TagKeys.member.1=a").status, 200);
  pugi::xml_document tags_doc;
  pugi::xml_node tags = Parse(tags_doc, Iam("Action=ListRoleTags&RoleName=exec"))
                            .child("ListRoleTagsResult")
                            .child("Tags");
  EXPECT_STREQ(tags.child("member").child_value("Key"), "b");
  EXPECT_FALSE(tags.child("member").next_sibling("member"));

  EXPECT_EQ(Iam("Action=DeleteRole&RoleName=exec").status, 200);
  EXPECT_FALSE(iam_->GetRole("exec").ok());
}

TEST_F(IamServiceTest, UpdatesChangeTheStoredRole) {
  AddRole("exec");
  EXPECT_EQ(Iam("Action=UpdateRole&RoleName=exec&Description=new&MaxSessionDuration=43200").status,
            200);
  EXPECT_EQ(Iam("Action=UpdateAssumeRolePolicy&RoleName=exec&"
                "PolicyDocument=%7B%22Version%22%3A%222012-10-17%22%7D")
                .status,
            200);
  Reopen();
  auto role = iam_->GetRole("exec");
  ASSERT_TRUE(role.ok());
  EXPECT_EQ(role->description, "new");
  EXPECT_EQ(role->max_session_duration, 43200);
  EXPECT_EQ(json::serialize(role->assume_role_policy), R"({"Version":"2012-10-17"})");
  EXPECT_EQ(Iam("Action=UpdateRole&RoleName=ghost").status, 404);
}

}  // namespace
}  // namespace sparta::local_cloud
