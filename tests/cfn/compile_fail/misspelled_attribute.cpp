// Attributes are typed accessors: a misspelled one is not a member.
// EXPECT: has no member named .*StreamArm.*did you mean .*StreamArn
#include "sparta/resources/dynamodb.hpp"
namespace ddb = sparta::resources::dynamodb;
int main() {
  ddb::Table t{"Orders", {.KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}}};
#ifdef SPARTA_BREAK
  auto arn = t.StreamArm();
#else
  auto arn = t.StreamArn();
#endif
  (void)arn;
}
