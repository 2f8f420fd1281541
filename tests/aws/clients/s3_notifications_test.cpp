// Editing one function's entry of a bucket's notification configuration:
// everything that is not that entry survives, byte for byte where S3 wrote it.

#include "sparta/aws/s3_notifications.hpp"

#include <gtest/gtest.h>

namespace sparta::aws::s3 {
namespace {

// As S3 answers GetBucketNotificationConfiguration for a bucket shared by a
// queue, someone else's function, and EventBridge.
constexpr std::string_view kShared =
    "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
    "<QueueConfiguration><Id>audit</Id><Queue>arn:aws:sqs:us-east-1:123456789012:audit</Queue>"
    "<Event>s3:ObjectRemoved:*</Event></QueueConfiguration>"
    "<CloudFunctionConfiguration><Id>theirs</Id>"
    "<CloudFunction>arn:aws:lambda:us-east-1:123456789012:function:other</CloudFunction>"
    "<Event>s3:ObjectCreated:Put</Event></CloudFunctionConfiguration>"
    "<EventBridgeConfiguration></EventBridgeConfiguration>"
    "</NotificationConfiguration>";

FunctionNotification Mine() {
  return {.function_arn = "arn:aws:lambda:us-east-1:123456789012:function:Gallery-Worker",
          .events = {"s3:ObjectCreated:*", "s3:ObjectRemoved:Delete"},
          .prefix = "incoming/",
          .suffix = ".jpg"};
}

TEST(S3Notifications, AddingKeepsEveryOtherEntry) {
  auto added = WithFunctionNotification(kShared, "Gallery-Worker", Mine());
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_NE(added->find("<QueueConfiguration><Id>audit</Id>"), std::string::npos) << *added;
  EXPECT_NE(added->find("<Id>theirs</Id>"), std::string::npos);
  EXPECT_NE(added->find("<EventBridgeConfiguration"), std::string::npos);
  EXPECT_NE(added->find("xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\""), std::string::npos);
  EXPECT_NE(added->find("<CloudFunctionConfiguration><Id>Gallery-Worker</Id><CloudFunction>"
                        "arn:aws:lambda:us-east-1:123456789012:function:Gallery-Worker"
                        "</CloudFunction><Event>s3:ObjectCreated:*</Event>"
                        "<Event>s3:ObjectRemoved:Delete</Event><Filter><S3Key><FilterRule>"
                        "<Name>prefix</Name><Value>incoming/</Value></FilterRule><FilterRule>"
                        "<Name>suffix</Name><Value>.jpg</Value></FilterRule></S3Key></Filter>"
                        "</CloudFunctionConfiguration>"),
            std::string::npos)
      << *added;
  auto ids = FunctionNotificationIds(*added);
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"theirs", "Gallery-Worker"}));
}

// An update writes the entry again under the same Id: one entry, the new one.
TEST(S3Notifications, WritingTheSameIdReplacesTheEntry) {
  auto first = WithFunctionNotification(kShared, "Gallery-Worker", Mine());
  ASSERT_TRUE(first);
  FunctionNotification changed = Mine();
  changed.prefix.clear();
  changed.suffix = ".png";
  auto second = WithFunctionNotification(*first, "Gallery-Worker", changed);
  ASSERT_TRUE(second);
  EXPECT_EQ(*FunctionNotificationIds(*second),
            (std::vector<std::string>{"theirs", "Gallery-Worker"}));
  EXPECT_EQ(second->find("incoming/"), std::string::npos);
  EXPECT_NE(second->find("<Value>.png</Value>"), std::string::npos);
}

TEST(S3Notifications, RemovingTakesOnlyThatId) {
  auto added = WithFunctionNotification(kShared, "Gallery-Worker", Mine());
  ASSERT_TRUE(added);
  auto removed = WithFunctionNotification(*added, "Gallery-Worker", std::nullopt);
  ASSERT_TRUE(removed);
  EXPECT_EQ(*removed, WithFunctionNotification(kShared, "absent", std::nullopt).value());
  EXPECT_NE(removed->find("<Id>audit</Id>"), std::string::npos);
  EXPECT_EQ(*FunctionNotificationIds(*removed), std::vector<std::string>{"theirs"});
  // Removing what is not there changes nothing.
  EXPECT_EQ(*WithFunctionNotification(*removed, "Gallery-Worker", std::nullopt), *removed);
}

TEST(S3Notifications, AnEmptyConfigurationGetsTheEntry) {
  for (std::string_view empty :
       {std::string_view(""), std::string_view("<NotificationConfiguration/>"),
        std::string_view("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<NotificationConfiguration "
                         "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>")}) {
    auto added = WithFunctionNotification(empty, "Gallery-Worker", Mine());
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_EQ(*FunctionNotificationIds(*added), std::vector<std::string>{"Gallery-Worker"});
  }
}

TEST(S3Notifications, MarkupInValuesIsEscaped) {
  FunctionNotification odd = Mine();
  odd.prefix = "a<b&c>/";
  auto added = WithFunctionNotification("", "id", odd);
  ASSERT_TRUE(added);
  EXPECT_NE(added->find("<Value>a&lt;b&amp;c&gt;/</Value>"), std::string::npos) << *added;
}

TEST(S3Notifications, RefusesBadIdsAndOtherDocuments) {
  EXPECT_EQ(WithFunctionNotification(kShared, "", Mine()).error().code, "InvalidArgument");
  EXPECT_EQ(WithFunctionNotification(kShared, std::string(256, 'x'), Mine()).error().code,
            "InvalidArgument");
  auto other = WithFunctionNotification("<ListBucketResult/>", "id", Mine());
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "InvalidResponse");
  EXPECT_NE(other.error().message.find("<ListBucketResult>"), std::string::npos);
  EXPECT_EQ(WithFunctionNotification("<Notification", "id", Mine()).error().code,
            "InvalidResponse");
}

}  // namespace
}  // namespace sparta::aws::s3
