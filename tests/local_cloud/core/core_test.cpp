// The local cloud's shared core: form decoding, protocol documents, and the
// crash-safe state store.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sparta/local_cloud/cloud_http.hpp"
#include "sparta/local_cloud/state_store.hpp"

namespace sparta::local_cloud {
namespace {
namespace fs = std::filesystem;

TEST(ParseForm, DecodesPlusAndPercentAndKeepsOrder) {
  FormFields fields = ParseForm("Action=CreateStack&StackName=a+b%2Fc&Empty&Flag=");
  ASSERT_EQ(fields.size(), 4u);
  EXPECT_EQ(fields[0], (std::pair<std::string, std::string>{"Action", "CreateStack"}));
  EXPECT_EQ(fields[1].second, "a b/c");
  EXPECT_EQ(fields[2].first, "Empty");
  EXPECT_EQ(fields[2].second, "");
  ASSERT_NE(FindField(fields, "Flag"), nullptr);
  EXPECT_EQ(FindField(fields, "Missing"), nullptr);
}

TEST(MemberList, OrdersByIndexAndSkipsStructureMembers) {
  FormFields fields = ParseForm(
      "Capabilities.member.2=B&Capabilities.member.1=A&Capabilities.member.10=C&"
      "Parameters.member.1.ParameterKey=K");
  EXPECT_EQ(MemberList(fields, "Capabilities"), (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_TRUE(MemberList(fields, "Parameters").empty());
}

TEST(ProtocolDocuments, QueryErrorIsSenderBelow500AndEscapes) {
  CloudResponse r = QueryError(400, "ValidationError", "Stack <x> does not exist", "rid");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<Type>Sender</Type><Code>ValidationError</Code>"), std::string::npos);
  EXPECT_NE(r.body.find("Stack &lt;x&gt; does not exist"), std::string::npos);
  EXPECT_NE(QueryError(503, "ServiceUnavailable", "m", "r").body.find("Receiver"),
            std::string::npos);
}

TEST(ProtocolDocuments, QueryResultWrapsActionResult) {
  CloudResponse r = QueryResult("DescribeStacks", kCloudFormationXmlns, "<Stacks/>", "rid");
  EXPECT_NE(r.body.find("<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/"
                        "doc/2010-05-15/\"><DescribeStacksResult><Stacks/></DescribeStacksResult>"),
            std::string::npos);
  EXPECT_NE(r.body.find("<RequestId>rid</RequestId>"), std::string::npos);
  EXPECT_EQ(QueryResult("DeleteStack", kCloudFormationXmlns, "", "r", false)
                .body.find("DeleteStackResult"),
            std::string::npos);
}

TEST(ProtocolDocuments, RestJsonErrorCarriesTypeHeader) {
  CloudResponse r = RestJsonError(404, "ResourceNotFoundException", "Function not found", "rid");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(*aws::FindHeader(r.headers, "x-amzn-errortype"), "ResourceNotFoundException");
  EXPECT_EQ(r.body, R"({"Type":"User","message":"Function not found"})");
}

// Found by the fuzz test: names echoed from a request carried NUL bytes and
// malformed UTF-8 into the error documents, which then did not parse.
TEST(ProtocolDocuments, XmlEscapeReplacesWhatXmlCannotCarry) {
  EXPECT_EQ(XmlEscape(std::string("a\0b\x01\tc\n\rd", 9)), "a\uFFFDb\uFFFD\tc\n&#13;d");
  EXPECT_EQ(XmlEscape("\xFF\xC3\xA9\xED\xA0\x80\xEF\xBF\xBF<"),
            "\uFFFD\u00E9\uFFFD\uFFFD\uFFFD\uFFFD&lt;");
  EXPECT_EQ(XmlEscape("\xF0\x9F\x98\x80 \xE2\x98\x83"), "\U0001F600 \u2603");
  EXPECT_EQ(XmlEscape("\xC0\x80"), "\uFFFD\uFFFD");  // an overlong NUL
}

TEST(ProtocolDocuments, RestJsonErrorMessageIsValidUtf8) {
  CloudResponse r = RestJsonError(404, "ResourceNotFoundException", "fn:\xFF\xC3", "rid");
  EXPECT_EQ(r.body, "{\"Type\":\"User\",\"message\":\"fn:\uFFFD\uFFFD\"}");
}

TEST(ProtocolDocuments, IsoTimestampHasMillis) {
  EXPECT_EQ(IsoTimestamp(std::chrono::system_clock::time_point(std::chrono::milliseconds(
                1700000000123))),
            "2023-11-14T22:13:20.123Z");
}

class StateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("state_store_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(StateStoreTest, DocumentsAndBlobsRoundTripAndSurviveReopen) {
  {
    auto store = StateStore::Open(dir_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE((*store)->PutDocument("stacks/a.json", json::object{{"Name", "a"}}).ok());
    ASSERT_TRUE((*store)->PutBlob("blobs/b", std::string("\0\1bytes", 7)).ok());
  }
  auto store = StateStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  auto doc = (*store)->GetDocument("stacks/a.json");
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->has_value());
  EXPECT_EQ((**doc).at("Name").as_string(), "a");
  EXPECT_EQ(*(*store)->GetBlob("blobs/b"), std::string("\0\1bytes", 7));
  EXPECT_EQ(*(*store)->List("stacks"), (std::vector<std::string>{"a.json"}));
  EXPECT_FALSE((*store)->GetDocument("stacks/none.json")->has_value());
  EXPECT_EQ((*store)->GetBlob("blobs/none").error().code, "NotFound");
}

TEST_F(StateStoreTest, OpenRemovesTemporariesOfKilledWriters) {
  fs::create_directories(dir_ / "stacks");
  std::ofstream(dir_ / "stacks" / "a.json.tmp-123") << "{half";
  auto store = StateStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->List("stacks")->empty());
  EXPECT_FALSE(fs::exists(dir_ / "stacks" / "a.json.tmp-123"));
}

TEST_F(StateStoreTest, CorruptDocumentIsReportedNotParsedAsEmpty) {
  auto store = StateStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutBlob("stacks/bad.json", "{not json").ok());
  auto doc = (*store)->GetDocument("stacks/bad.json");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().code, "Corrupt");
}

TEST_F(StateStoreTest, RemoveAndRefuseEscapingKeys) {
  auto store = StateStore::Open(dir_);
  ASSERT_TRUE(store.ok());
  ASSERT_TRUE((*store)->PutDocument("d/x.json", json::object{}).ok());
  ASSERT_TRUE((*store)->Remove("d").ok());
  EXPECT_TRUE((*store)->List("d")->empty());
  EXPECT_TRUE((*store)->Remove("d/never").ok());
  EXPECT_EQ((*store)->PutBlob("../escape", "x").error().code, "InvalidArgument");
  EXPECT_EQ((*store)->PutBlob("/abs", "x").error().code, "InvalidArgument");
}

TEST(StateStoreEncodeName, IsSafeAndCollisionFree) {
  EXPECT_EQ(StateStore::EncodeName("my-stack_1.json"), "my-stack_1.json");
  EXPECT_EQ(StateStore::EncodeName("a/b"), "a%2Fb");
  EXPECT_EQ(StateStore::EncodeName(".."), "%2E.");
  EXPECT_NE(StateStore::EncodeName("a%2Fb"), StateStore::EncodeName("a/b"));
  std::string longname(200, 'k');
  EXPECT_EQ(StateStore::EncodeName(longname).size(), 65u);
  EXPECT_EQ(StateStore::EncodeName(""), "%");
}

}  // namespace
}  // namespace sparta::local_cloud
