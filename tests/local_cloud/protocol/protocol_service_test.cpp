// ProtocolService: dispatch, validation, errors by the model's status, and
// AWS's error documents for what it does not serve.
#include "sparta/local_cloud/protocol/protocol_service.hpp"

#include <gtest/gtest.h>

#include <pugixml.hpp>
#include <stdexcept>

#include "local_cloud/protocol/model_fixture.hpp"

namespace sparta::local_cloud::protocol {
namespace {

std::shared_ptr<const ServiceModel> IamModel() {
  static const auto model = testing::Load(models::IamModelJson());
  return model;
}

CloudRequest Post(std::string body) {
  CloudRequest request;
  request.method = "POST";
  request.body = std::move(body);
  request.request_id = "req-7";
  return request;
}

struct Answer {
  int status;
  std::string code;
  std::string message;
  std::string type;
};

Answer ErrorOf(const CloudResponse& response) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(response.body.c_str())) << response.body;
  pugi::xml_node error = doc.child("ErrorResponse").child("Error");
  return {response.status, error.child_value("Code"), error.child_value("Message"),
          error.child_value("Type")};
}

std::unique_ptr<ProtocolService> Service(std::map<std::string, OperationHandler, std::less<>> h) {
  auto service = ProtocolService::Create(IamModel(), std::move(h));
  EXPECT_TRUE(service.ok()) << service.error().message;
  return service.ok() ? std::move(*service) : nullptr;
}

TEST(ProtocolServiceTest, CallsTheHandlerWithTheDecodedInput) {
  std::string seen;
  auto service = Service({{"GetRole", [&](const Call& call) -> Result<json::value> {
                             seen = std::string(*call.String("RoleName"));
                             return json::value(json::object{
                                 {"Role", json::object{{"RoleName", seen}, {"Path", "/"}}}});
                           }}});
  CloudResponse response = service->Handle(Post("Action=GetRole&Version=2010-05-08&RoleName=x"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(seen, "x");
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(response.body.c_str()));
  EXPECT_STREQ(
      doc.child("GetRoleResponse").child("GetRoleResult").child("Role").child_value("RoleName"),
      "x");
  EXPECT_STREQ(aws::FindHeader(response.headers, "Content-Type")->c_str(), "text/xml");
}

TEST(ProtocolServiceTest, UnknownActionsAreInvalidActionAndUnservedOnesNotImplemented) {
  auto service = Service({});
  Answer unknown = ErrorOf(service->Handle(Post("Action=Fly&Version=2010-05-08")));
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.code, "InvalidAction");
  EXPECT_EQ(unknown.message, "Could not find operation Fly for version 2010-05-08");
  EXPECT_EQ(unknown.type, "Sender");
  Answer missing = ErrorOf(service->Handle(Post("Version=2010-05-08")));
  EXPECT_EQ(missing.code, "InvalidAction");

  Answer unserved = ErrorOf(service->Handle(Post("Action=CreateUser&UserName=u")));
  EXPECT_EQ(unserved.status, 501);
  EXPECT_EQ(unserved.code, "NotImplemented");
  EXPECT_NE(unserved.message.find("IAM's operation CreateUser"), std::string::npos)
      << unserved.message;
}

TEST(ProtocolServiceTest, InvalidInputNeverReachesTheHandler) {
  bool called = false;
  auto service = Service({{"GetRole", [&](const Call&) -> Result<json::value> {
                             called = true;
                             return json::value(nullptr);
                           }}});
  Answer missing = ErrorOf(service->Handle(Post("Action=GetRole")));
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.code, "ValidationError");
  EXPECT_EQ(missing.message,
            "1 validation error detected: Value null at 'roleName' failed to satisfy "
            "constraint: Member must not be null");
  Answer bad = ErrorOf(service->Handle(Post("Action=GetRole&RoleName=a%20b")));
  EXPECT_EQ(bad.code, "ValidationError");
  EXPECT_FALSE(called);
}

TEST(ProtocolServiceTest, HandlerErrorsTakeTheirStatusFromTheModel) {
  auto service = Service({
      {"GetRole",
       [](const Call&) -> Result<json::value> { return MakeError("NoSuchEntity", "gone"); }},
      {"ListRoles",
       [](const Call&) -> Result<json::value> { return MakeError("Io", "disk full"); }},
      {"DeleteRole", [](const Call&) -> Result<json::value> { throw std::runtime_error("boom"); }},
      {"TagRole",
       [](const Call&) -> Result<json::value> { return MakeError("Throttling", "slow"); }},
  });
  Answer not_found = ErrorOf(service->Handle(Post("Action=GetRole&RoleName=r")));
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(not_found.code, "NoSuchEntity");
  EXPECT_EQ(not_found.message, "gone");
  Answer io = ErrorOf(service->Handle(Post("Action=ListRoles")));
  EXPECT_EQ(io.status, 500);
  EXPECT_EQ(io.code, "ServiceFailure");
  EXPECT_EQ(io.type, "Receiver");
  Answer thrown = ErrorOf(service->Handle(Post("Action=DeleteRole&RoleName=r")));
  EXPECT_EQ(thrown.status, 500);
  EXPECT_EQ(thrown.code, "InternalFailure");
  EXPECT_NE(thrown.message.find("boom"), std::string::npos);
  Answer other = ErrorOf(
      service->Handle(Post("Action=TagRole&RoleName=r&Tags.member.1.Key=k&Tags.member.1.Value=v")));
  EXPECT_EQ(other.status, 400);
  EXPECT_EQ(other.code, "Throttling");
}

TEST(ProtocolServiceTest, ACallFromTheQueryStringWorksAsFromTheBody) {
  auto service = Service(
      {{"ListRoles", [](const Call& call) -> Result<json::value> {
          return json::value(json::object{{"Roles", json::array()},
                                          {"Marker", std::to_string(call.Integer("MaxItems", 0))}});
        }}});
  CloudRequest get;
  get.method = "GET";
  get.query = "Action=ListRoles&MaxItems=7";
  CloudResponse response = service->Handle(get);
  EXPECT_EQ(response.status, 200);
  EXPECT_NE(response.body.find("<Marker>7</Marker>"), std::string::npos) << response.body;
}

TEST(ProtocolServiceTest, RefusesHandlersForOperationsTheModelLacks) {
  auto service = ProtocolService::Create(
      IamModel(), {{"Teleport", [](const Call&) -> Result<json::value> { return json::value(); }}});
  ASSERT_FALSE(service.ok());
  EXPECT_NE(service.error().message.find("Teleport"), std::string::npos);
}

}  // namespace
}  // namespace sparta::local_cloud::protocol
