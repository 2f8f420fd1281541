// Leaving out a required property fails with its name in the message.
// EXPECT: AWS::DynamoDB::Table.KeySchema
#include "sparta/resources/dynamodb.hpp"
namespace ddb = sparta::resources::dynamodb;
int main() {
#ifdef SPARTA_BREAK
  ddb::Table t{"Orders", {.BillingMode = "PAY_PER_REQUEST"}};
#else
  ddb::Table t{"Orders", {.BillingMode = "PAY_PER_REQUEST",
                          .KeySchema = {{.AttributeName = "id", .KeyType = "HASH"}}}};
#endif
  (void)t;
}
