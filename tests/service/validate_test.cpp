#include "sparta/service/validate.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sparta/service/synthesize.hpp"

#include "service/test_service.hpp"

namespace sparta {
namespace {

using testing::MakeFunction;
using testing::OneFunctionService;

// The message of Validate(s), or "<valid>".
std::string Problems(const Service& s) {
  auto status = Validate(s);
  if (status.ok()) return "<valid>";
  EXPECT_EQ(status.error().code, "InvalidService");
  return status.error().message;
}

// Expects Validate(s) to fail with a message containing each of `parts`.
void ExpectProblem(const Service& s, std::initializer_list<std::string_view> parts) {
  std::string message = Problems(s);
  for (std::string_view part : parts) {
    EXPECT_NE(message.find(part), std::string::npos) << "missing \"" << part << "\" in:\n"
                                                     << message;
  }
}

// A one-function service whose function has `options`.
Service WithOptions(const FunctionOptions& options) {
  Service s = OneFunctionService();
  s.functions[0].options = options;
  return s;
}

TEST(ServiceValidate, DefaultsAreValid) { EXPECT_EQ(Problems(OneFunctionService()), "<valid>"); }

TEST(ServiceValidate, StackName) {
  Service s = OneFunctionService();
  s.name = "";
  ExpectProblem(s, {"service name (the stack name) is empty"});
  for (std::string bad : {"1demo", "demo_service", "demo service", "-demo"}) {
    s.name = bad;
    ExpectProblem(s, {"\"" + bad + "\" is not a valid stack name", "a letter, then letters"});
  }
  s.name = "a" + std::string(127, 'b');
  s.functions.clear();
  s.functions.push_back(MakeFunction("F"));
  EXPECT_EQ(Problems(s).find("valid stack name"), std::string::npos);
  s.name += "c";
  ExpectProblem(s, {"at most 128 characters"});
  s.name = "My-Stack-2";
  EXPECT_EQ(Problems(s), "<valid>");
}

TEST(ServiceValidate, DescriptionLength) {
  Service s = OneFunctionService();
  s.description = std::string(1025, 'd');
  ExpectProblem(s, {"description is 1025 bytes", "at most 1024"});
  s.description.pop_back();
  EXPECT_EQ(Problems(s), "<valid>");
}

TEST(ServiceValidate, AtLeastOneFunction) {
  Service s = OneFunctionService();
  s.functions.clear();
  EXPECT_EQ(Problems(s),
            "the service declares no functions; declare at least one sparta::Function");
}

TEST(ServiceValidate, FunctionNames) {
  Service s = OneFunctionService();
  s.functions[0].name = "";
  ExpectProblem(s, {"a function has an empty name", "1 to 64 letters, digits, '-' or '_'"});
  for (std::string bad : {std::string("hello world"), std::string("hello.world"),
                          std::string("h\xc3\xa9llo"), std::string(65, 'x')}) {
    s.functions[0].name = bad;
    ExpectProblem(s, {"function \"" + bad + "\": the name is not valid"});
  }
  s.functions[0].name = "Hello-World_2";
  EXPECT_EQ(Problems(s), "<valid>");
}

TEST(ServiceValidate, DuplicateFunctionNames) {
  Service s = OneFunctionService();
  s.functions.push_back(MakeFunction("Hello"));
  EXPECT_EQ(Problems(s),
            "two functions are named \"Hello\"; function names must be unique within a service");
}

TEST(ServiceValidate, NamesThatWouldShareALogicalId) {
  // "hello-world" sanitizes to "helloWorld" + its hash; a function literally
  // named so would take the same logical IDs.
  Service s = OneFunctionService();
  const std::string lossy = "hello-world";
  const std::string id = LogicalIdsOf(lossy).function;
  const std::string clash = id.substr(0, id.size() - std::string("Function").size());
  s.functions.push_back(MakeFunction(lossy));
  s.functions.push_back(MakeFunction(clash));
  ExpectProblem(s, {"functions \"hello-world\" and \"" + clash + "\" map to the same logical ID",
                    "rename one of them"});
}

TEST(ServiceValidate, DeployedNameLength) {
  Service s = OneFunctionService();
  s.name = std::string(40, 's');
  s.functions[0].name = std::string(23, 'f');  // 40 + 1 + 23 = 64: fits
  EXPECT_EQ(Problems(s), "<valid>");
  s.functions[0].name += "g";
  ExpectProblem(s, {"deployed name", "is 65 characters", "at most 64"});
}

TEST(ServiceValidate, Handler) {
  Service s = OneFunctionService();
  s.functions[0].handler = runtime::Handler();
  EXPECT_EQ(Problems(s), "function \"Hello\": has no handler; pass the C++ function to call");
}

TEST(ServiceValidate, Memory) {
  FunctionOptions o;
  o.memory_mb = 127;
  EXPECT_EQ(Problems(WithOptions(o)),
            "function \"Hello\": memory_mb is 127; Lambda allows 128..10240 MB");
  o.memory_mb = 10241;
  ExpectProblem(WithOptions(o), {"memory_mb is 10241"});
  for (int ok : {128, 10240}) {
    o.memory_mb = ok;
    EXPECT_EQ(Problems(WithOptions(o)), "<valid>");
  }
}

TEST(ServiceValidate, Timeout) {
  FunctionOptions o;
  o.timeout = std::chrono::seconds(0);
  EXPECT_EQ(Problems(WithOptions(o)),
            "function \"Hello\": timeout is 0 s; Lambda allows 1..900 seconds");
  o.timeout = std::chrono::seconds(901);
  ExpectProblem(WithOptions(o), {"timeout is 901 s"});
  for (int ok : {1, 900}) {
    o.timeout = std::chrono::seconds(ok);
    EXPECT_EQ(Problems(WithOptions(o)), "<valid>");
  }
}

TEST(ServiceValidate, EphemeralStorage) {
  FunctionOptions o;
  o.ephemeral_storage_mb = 511;
  EXPECT_EQ(Problems(WithOptions(o)),
            "function \"Hello\": ephemeral_storage_mb is 511; Lambda allows 512..10240 MB");
  o.ephemeral_storage_mb = 10241;
  ExpectProblem(WithOptions(o), {"ephemeral_storage_mb is 10241"});
  o.ephemeral_storage_mb = 10240;
  EXPECT_EQ(Problems(WithOptions(o)), "<valid>");
}

TEST(ServiceValidate, ReservedConcurrency) {
  FunctionOptions o;
  o.reserved_concurrency = -1;
  ExpectProblem(WithOptions(o), {"function \"Hello\": reserved_concurrency is -1", "0 or more"});
  o.reserved_concurrency = 0;
  EXPECT_EQ(Problems(WithOptions(o)), "<valid>");
}

TEST(ServiceValidate, LogRetention) {
  FunctionOptions o;
  o.log_retention_days = 10;
  ExpectProblem(WithOptions(o),
                {"function \"Hello\": log_retention_days is 10", "one of 1, 3, 5, 7, 14", "3653"});
  for (int ok : kLogRetentionDays) {
    o.log_retention_days = ok;
    EXPECT_EQ(Problems(WithOptions(o)), "<valid>") << ok;
  }
}

TEST(ServiceValidate, EnvironmentNames) {
  FunctionOptions o;
  for (std::string bad : {"1ABC", "A", "_X", "MY-VAR", "MY VAR"}) {
    o.environment = {{bad, "v"}};
    ExpectProblem(WithOptions(o),
                  {"function \"Hello\": environment variable name \"" + bad + "\" is not valid"});
  }
  o.environment = {{"My_Var2", "v"}, {"ab", ""}};
  EXPECT_EQ(Problems(WithOptions(o)), "<valid>");
}

TEST(ServiceValidate, ReservedEnvironmentNames) {
  FunctionOptions o;
  for (std::string_view reserved : kReservedEnvironmentNames) {
    if (reserved.front() == '_') continue;  // already fails the name pattern
    o.environment = {{std::string(reserved), "v"}};
    ExpectProblem(WithOptions(o),
                  {"environment variable \"" + std::string(reserved) + "\" is reserved by Lambda"});
  }
  o.environment = {{"_HANDLER", "x"}};
  EXPECT_NE(Problems(WithOptions(o)), "<valid>");
  o.environment = {{"AWS_REGION", "x"}};
  ExpectProblem(WithOptions(o), {"\"AWS_REGION\" is reserved"});
}

TEST(ServiceValidate, EnvironmentSize) {
  FunctionOptions o;
  // {"BIG":"<v>"} is 10 bytes plus the value.
  o.environment = {{"BIG", std::string(4096 - 10, 'v')}};
  EXPECT_EQ(Problems(WithOptions(o)), "<valid>");
  o.environment["BIG"] += "v";
  ExpectProblem(WithOptions(o), {"environment variables take 4097 bytes", "4 KB"});
}

TEST(ServiceValidate, ExistingRoleArn) {
  Service s = OneFunctionService();
  for (std::string ok : {"arn:aws:iam::123456789012:role/my-role",
                         "arn:aws-cn:iam::123456789012:role/path/to/Role_1+=,.@-",
                         "arn:aws-us-gov:iam::123456789012:role/r"}) {
    s.functions[0].role = ExistingRole{ok};
    EXPECT_EQ(Problems(s), "<valid>") << ok;
  }
  for (std::string bad :
       {"", "my-role", "arn:aws:iam::123:role/r", "arn:aws:iam::123456789012:user/r",
        "arn:aws:s3:::bucket", "arn:aws:iam::123456789012:role/",
        "arn:aws:iam:us-east-1:123456789012:role/r"}) {
    s.functions[0].role = ExistingRole{bad};
    ExpectProblem(s, {"function \"Hello\": role \"" + bad + "\" is not an IAM role ARN"});
  }
}

TEST(ServiceValidate, ManagedPolicyArns) {
  Service s = OneFunctionService();
  IamRoleDefinition role;
  role.managed_policy_arns = {"arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess",
                              "arn:aws:iam::123456789012:policy/team/Mine"};
  s.functions[0].role = role;
  EXPECT_EQ(Problems(s), "<valid>");
  role.managed_policy_arns = {"AWSXRayDaemonWriteAccess"};
  s.functions[0].role = role;
  ExpectProblem(s, {"managed policy \"AWSXRayDaemonWriteAccess\" is not an IAM policy ARN"});
}

TEST(ServiceValidate, Privileges) {
  Service s = OneFunctionService();
  IamRoleDefinition role;
  role.privileges.push_back({.actions = {}, .resources = {"arn:aws:s3:::b/*"}});
  role.privileges.push_back({.actions = {"s3:GetObject"}, .resources = {}});
  role.privileges.push_back({.actions = {"GetObject", "s3:Get*"}, .resources = {"", 3}});
  role.privileges.push_back(
      {.actions = {"s3:GetObject"}, .resources = {"arn:aws:s3:::b/*"}, .condition = "x"});
  s.functions[0].role = role;
  ExpectProblem(
      s, {"6 problems", "function \"Hello\": privilege 1 has no actions",
          "function \"Hello\": privilege 2 has no resources",
          "privilege 3 action \"GetObject\" is not an IAM action",
          "privilege 3 resource \"\" is neither an ARN string nor",
          "privilege 3 resource 3 is neither", "privilege 4 condition must be a JSON object"});
  EXPECT_EQ(Problems(s).find("s3:Get*"), std::string::npos);  // wildcards are fine
}

// Actions are checked against the ones IAM knows (cfn-lint's list), without
// case, with IAM's wildcards; a mistake names the nearest real one.
TEST(ServiceValidate, PrivilegeActionsMustExist) {
  Service s = OneFunctionService();
  IamRoleDefinition role;
  role.privileges.push_back(
      {.actions = {"s3:GetObject", "s3:getOBJECT", "dynamodb:Get*", "sqs:?endMessage", "*"},
       .resources = {"arn:aws:s3:::b/*"}});
  s.functions[0].role = role;
  EXPECT_TRUE(Validate(s).ok()) << Problems(s);

  role.privileges.push_back({.actions = {"s3:GetObjekt", "s4:GetObject", "dynamodb:Fly*"},
                             .resources = {"arn:aws:s3:::b/*"}});
  s.functions[0].role = role;
  ExpectProblem(s, {"3 problems",
                    "privilege 2 action \"s3:GetObjekt\" is not an action of s3; did you mean "
                    "\"s3:getobject\"?",
                    "privilege 2 action \"s4:GetObject\": no AWS service has the IAM prefix "
                    "\"s4\"; did you mean \"s3\"?",
                    "privilege 2 action \"dynamodb:Fly*\" matches no action of dynamodb"});
}

TEST(ServiceValidate, ValidPrivilegesPass) {
  Service s = OneFunctionService();
  IamRoleDefinition role;
  role.privileges.push_back(
      {.actions = {"dynamodb:GetItem", "dynamodb:Query"},
       .resources = {"arn:aws:dynamodb:us-east-1:123456789012:table/T",
                     json::object{{"Fn::Sub", "arn:${AWS::Partition}:s3:::b/*"}}},
       .condition = json::object{{"Bool", json::object{{"aws:SecureTransport", "true"}}}}});
  s.functions[0].role = role;
  EXPECT_EQ(Problems(s), "<valid>");
}

TEST(ServiceValidate, ListsEveryProblemAtOnce) {
  Service s = OneFunctionService();
  s.name = "bad name";
  FunctionOptions o;
  o.memory_mb = 1;
  o.timeout = std::chrono::seconds(1000);
  s.functions.push_back(MakeFunction("Other", o));
  std::string m = Problems(s);
  EXPECT_EQ(m.rfind("3 problems in service \"bad name\":", 0), 0u) << m;
  EXPECT_NE(m.find("\n  - function \"Other\": memory_mb is 1"), std::string::npos) << m;
  EXPECT_NE(m.find("\n  - function \"Other\": timeout is 1000 s"), std::string::npos) << m;
}

}  // namespace
}  // namespace sparta
