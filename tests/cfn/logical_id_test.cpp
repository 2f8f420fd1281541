#include "sparta/cfn/logical_id.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace sparta::cfn {
namespace {

TEST(CfnLogicalId, AlphanumericNamesAreKeptReadable) {
  EXPECT_EQ(LogicalId("Hello", "Function"), "HelloFunction");
  EXPECT_EQ(LogicalId("Hello", "Role"), "HelloRole");
  EXPECT_EQ(LogicalId("hello2", "LogGroup"), "hello2LogGroup");
}

TEST(CfnLogicalId, LossyNamesGetTheHashOfTheRawName) {
  std::string id = LogicalId("hello-world", "Function");
  EXPECT_EQ(id, "helloWorld" + StableHash8("hello-world") + "Function");
  EXPECT_TRUE(IsValidLogicalId(id));
}

TEST(CfnLogicalId, DistinctNamesThatSanitizeAlikeStayDistinct) {
  std::set<std::string> ids = {
      LogicalId("helloworld", "Function"),  LogicalId("hello-world", "Function"),
      LogicalId("hello_world", "Function"), LogicalId("hello--world", "Function"),
      LogicalId("helloWorld", "Function"),  LogicalId("hello-World", "Function"),
  };
  EXPECT_EQ(ids.size(), 6u);
}

TEST(CfnLogicalId, NonAsciiNamesGetAValidId) {
  std::string a = LogicalId("h\xc3\xa9llo", "Function");  // "héllo"
  std::string b = LogicalId("h\xc3\xa8llo", "Function");  // "hèllo"
  EXPECT_TRUE(IsValidLogicalId(a));
  EXPECT_EQ(a, "hLlo" + StableHash8("h\xc3\xa9llo") + "Function");  // docs/logical-ids.md
  EXPECT_NE(a, b);
  std::string only_non_ascii = LogicalId("\xe6\x97\xa5\xe6\x9c\xac", "Role");  // "日本"
  EXPECT_TRUE(IsValidLogicalId(only_non_ascii));
  EXPECT_EQ(only_non_ascii, StableHash8("\xe6\x97\xa5\xe6\x9c\xac") + "Role");
}

TEST(CfnLogicalId, IsStableAcrossCalls) {
  EXPECT_EQ(LogicalId("my.func", "Function"), LogicalId("my.func", "Function"));
  // The FNV-1a 32 test vectors pin the hash: changing it would replace
  // every deployed resource with a lossy name.
  EXPECT_EQ(StableHash8(""), "811c9dc5");
  EXPECT_EQ(StableHash8("a"), "e40c292c");
  EXPECT_EQ(StableHash8("foobar"), "bf9cf968");
}

TEST(CfnLogicalId, LongNamesAreCutToTheLimitWithTheHash) {
  std::string long_name(300, 'a');
  std::string id = LogicalId(long_name, "Function");
  EXPECT_EQ(id.size(), kMaxLogicalIdLength);
  EXPECT_TRUE(IsValidLogicalId(id));
  EXPECT_NE(id, LogicalId(std::string(301, 'a'), "Function"));
  EXPECT_EQ(id.substr(id.size() - 8 - 8), StableHash8(long_name) + "Function");
}

TEST(CfnLogicalId, Validity) {
  EXPECT_TRUE(IsValidLogicalId("A"));
  EXPECT_TRUE(IsValidLogicalId("9Lives"));
  EXPECT_TRUE(IsValidLogicalId(std::string(255, 'x')));
  EXPECT_FALSE(IsValidLogicalId(""));
  EXPECT_FALSE(IsValidLogicalId(std::string(256, 'x')));
  EXPECT_FALSE(IsValidLogicalId("Hello-World"));
  EXPECT_FALSE(IsValidLogicalId("Hello World"));
  EXPECT_FALSE(IsValidLogicalId("H\xc3\xa9"));
}

}  // namespace
}  // namespace sparta::cfn
