// S3Client against a scripted transport: addressing, the exact requests, and
// the parsing of S3's headers and XML bodies.

#include "sparta/aws/s3_client.hpp"

#include <gtest/gtest.h>

#include "sparta/aws/s3_addressing.hpp"
#include "sparta/util/digest.hpp"

#include "aws/clients/fake_aws.hpp"
#include "aws/clients/md5.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;

std::string Header(const HttpRequest& request, std::string_view name) {
  const std::string* value = FindHeader(request.headers, name);
  return value ? *value : "<absent>";
}

Endpoint PathStyleEndpoint(std::string region = "us-east-1") {
  Endpoint endpoint = testing::MakeEndpoint("s3", "localhost");
  endpoint.scheme = "http";
  endpoint.port = 4566;
  endpoint.s3_path_style = true;
  endpoint.signing_region = std::move(region);
  return endpoint;
}

class S3ClientTest : public ::testing::Test {
 protected:
  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  S3Client client_{testing::MakeClient(PathStyleEndpoint(), transport_)};

  const HttpRequest& Request(std::size_t index = 0) {
    EXPECT_GT(transport_->requests().size(), index);
    return transport_->requests().at(index);
  }
};

TEST(S3AddressingTest, KeysAreEncodedOnceKeepingSlashes) {
  EXPECT_EQ(S3EncodeKey("dir/sub dir/a+b=c&d~e.zip"), "dir/sub%20dir/a%2Bb%3Dc%26d~e.zip");
  EXPECT_EQ(S3EncodeKey("already%20encoded"), "already%2520encoded");
  EXPECT_EQ(S3EncodeKey("/lead//double/"), "/lead//double/");
  EXPECT_EQ(S3EncodeKey("ünï"), "%C3%BCn%C3%AF");
}

TEST(S3AddressingTest, DnsCompatibleBuckets) {
  EXPECT_TRUE(IsDnsCompatibleBucket("my-bucket.v2"));
  EXPECT_TRUE(IsDnsCompatibleBucket("abc"));
  EXPECT_FALSE(IsDnsCompatibleBucket("ab"));
  EXPECT_FALSE(IsDnsCompatibleBucket("My-Bucket"));
  EXPECT_FALSE(IsDnsCompatibleBucket("my_bucket"));
  EXPECT_FALSE(IsDnsCompatibleBucket("-bucket"));
  EXPECT_FALSE(IsDnsCompatibleBucket("bucket-"));
  EXPECT_FALSE(IsDnsCompatibleBucket("a..b"));
  EXPECT_FALSE(IsDnsCompatibleBucket("a.-b"));
  EXPECT_FALSE(IsDnsCompatibleBucket("192.168.5.4"));
  EXPECT_FALSE(IsDnsCompatibleBucket(std::string(64, 'a')));
}

TEST(S3AddressingTest, ChoosesPathOrVirtualHostedStyle) {
  Endpoint aws = testing::MakeEndpoint("s3", "s3.us-east-1.amazonaws.com");
  EXPECT_FALSE(UsesPathStyle(aws, "artifacts"));
  EXPECT_TRUE(UsesPathStyle(aws, "dotted.bucket"));  // TLS wildcard would not match
  EXPECT_TRUE(UsesPathStyle(aws, "Upper"));
  EXPECT_TRUE(UsesPathStyle(PathStyleEndpoint(), "artifacts"));

  const S3Location virtual_hosted = LocateS3(aws, "artifacts", "a b/c.zip");
  EXPECT_EQ(virtual_hosted.host, "artifacts.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(virtual_hosted.path, "/a%20b/c.zip");
  EXPECT_EQ(LocateS3(aws, "artifacts", "").path, "/");

  const S3Location path_style = LocateS3(PathStyleEndpoint(), "artifacts", "a b/c.zip");
  EXPECT_EQ(path_style.host, "localhost");
  EXPECT_EQ(path_style.path, "/artifacts/a%20b/c.zip");
  EXPECT_EQ(LocateS3(PathStyleEndpoint(), "artifacts", "").path, "/artifacts");

  EXPECT_EQ(S3ObjectUrl(aws, "artifacts", "t/template.json"),
            "https://artifacts.s3.us-east-1.amazonaws.com/t/template.json");
  EXPECT_EQ(S3ObjectUrl(PathStyleEndpoint(), "artifacts", "t.json"),
            "http://localhost:4566/artifacts/t.json");
}

TEST(S3VirtualHostedTest, RequestsGoToTheBucketHost) {
  auto transport = std::make_shared<FakeTransport>();
  S3Client client(
      testing::MakeClient(testing::MakeEndpoint("s3", "s3.us-east-1.amazonaws.com"), transport));
  transport->Respond(200, "", {{"ETag", "\"e\""}});
  ASSERT_TRUE(client.PutObject("artifacts", "dir/app.zip", "zip"));
  const HttpRequest& sent = transport->requests().at(0);
  EXPECT_EQ(sent.host, "artifacts.s3.us-east-1.amazonaws.com");
  EXPECT_EQ(sent.path, "/dir/app.zip");
}

TEST_F(S3ClientTest, CreateBucketInUsEast1SendsNoLocation) {
  transport_->Respond(200, "", {{"Location", "/artifacts"}});
  ASSERT_TRUE(client_.CreateBucket("artifacts"));
  EXPECT_EQ(Request().method, "PUT");
  EXPECT_EQ(Request().path, "/artifacts");
  EXPECT_EQ(Request().body, "");
  EXPECT_EQ(Header(Request(), "x-amz-content-sha256"), util::Sha256Hex(""));
}

TEST(S3CreateBucketTest, OtherRegionsSendALocationConstraint) {
  auto transport = std::make_shared<FakeTransport>();
  S3Client client(testing::MakeClient(PathStyleEndpoint("eu-west-1"), transport));
  transport->Respond(200, "");
  ASSERT_TRUE(client.CreateBucket("artifacts"));
  EXPECT_EQ(transport->requests().at(0).body,
            "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>");
}

TEST_F(S3ClientTest, CreateBucketErrorIsVerbatim) {
  transport_->Respond(
      409,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>BucketAlreadyOwnedByYou"
      "</Code><Message>Your previous request to create the named bucket succeeded "
      "and you already own it.</Message><BucketName>artifacts</BucketName>"
      "<RequestId>4442587FB7D0A2F9</RequestId><HostId>h</HostId></Error>");
  auto created = client_.CreateBucket("artifacts");
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, "BucketAlreadyOwnedByYou");
  EXPECT_TRUE(created.error().message.starts_with("Your previous request to create the named"));
}

TEST_F(S3ClientTest, HeadBucket) {
  transport_->Respond(200, "", {{"x-amz-bucket-region", "eu-central-1"}});
  transport_->Respond(404, "");
  transport_->Respond(403, "");
  auto found = client_.HeadBucket("artifacts");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_TRUE(found->exists);
  EXPECT_EQ(found->region, "eu-central-1");
  EXPECT_EQ(Request().method, "HEAD");
  EXPECT_EQ(Request().path, "/artifacts");
  auto missing = client_.HeadBucket("missing");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(missing->exists);
  auto forbidden = client_.HeadBucket("theirs");
  ASSERT_FALSE(forbidden);
  EXPECT_EQ(forbidden.error().code, "Forbidden");
}

TEST_F(S3ClientTest, PutObjectSendsDigestsTypeAndMetadata) {
  transport_->Respond(
      200, "", {{"ETag", "\"900150983cd24fb0d6963f7d28e17f72\""}, {"x-amz-version-id", "v1"}});
  PutObjectOptions options;
  options.content_type = "application/zip";
  options.metadata = {{"sha256", "abc"}, {"built-by", "sparta"}};
  std::size_t progress = 0;
  options.on_progress = [&](std::size_t sent, std::size_t) { progress = sent; };
  auto put = client_.PutObject("artifacts", "svc/app 1.zip", "abc", options);
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put->etag, "\"900150983cd24fb0d6963f7d28e17f72\"");
  EXPECT_EQ(put->version_id, "v1");
  EXPECT_EQ(put->parts, 0);
  EXPECT_EQ(progress, 3u);

  const HttpRequest& sent = Request();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.host, "localhost");
  EXPECT_EQ(sent.port, 4566);
  EXPECT_EQ(sent.path, "/artifacts/svc/app%201.zip");
  EXPECT_EQ(sent.query, "");
  EXPECT_EQ(sent.body, "abc");
  EXPECT_EQ(Header(sent, "Content-MD5"), "kAFQmDzST7DWlj99KOF/cg==");
  EXPECT_EQ(Header(sent, "x-amz-content-sha256"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Header(sent, "Content-Type"), "application/zip");
  EXPECT_EQ(Header(sent, "x-amz-meta-sha256"), "abc");
  EXPECT_EQ(Header(sent, "x-amz-meta-built-by"), "sparta");
  // Signed, content hash included.
  EXPECT_NE(Header(sent, "Authorization").find("x-amz-content-sha256"), std::string::npos);
  EXPECT_NE(Header(sent, "Authorization").find("content-md5"), std::string::npos);
}

TEST_F(S3ClientTest, PutObjectRejectsEmptyNames) {
  auto put = client_.PutObject("artifacts", "", "x");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "InvalidArgument");
  EXPECT_TRUE(transport_->requests().empty());
}

TEST_F(S3ClientTest, GetObjectReturnsBodyAndHeaders) {
  transport_->Respond(200, "hello",
                      {{"ETag", "\"5d41402abc4b2a76b9719d911017c592\""},
                       {"Content-Length", "5"},
                       {"Content-Type", "text/plain"},
                       {"Last-Modified", "Tue, 02 Jan 2024 03:04:05 GMT"},
                       {"X-Amz-Meta-Owner", "me"}});
  auto object = client_.GetObject("artifacts", "hello.txt");
  ASSERT_TRUE(object) << object.error().message;
  EXPECT_EQ(object->body, "hello");
  EXPECT_TRUE(object->info.exists);
  EXPECT_EQ(object->info.size, 5u);
  EXPECT_EQ(object->info.content_type, "text/plain");
  EXPECT_EQ(object->info.last_modified, "Tue, 02 Jan 2024 03:04:05 GMT");
  EXPECT_EQ(object->info.metadata, (s3::Metadata{{"owner", "me"}}));
  EXPECT_EQ(Request().method, "GET");
  EXPECT_EQ(Request().path, "/artifacts/hello.txt");
}

TEST_F(S3ClientTest, GetMissingObjectIsNoSuchKey) {
  transport_->Respond(404,
                      "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist."
                      "</Message><Key>nope</Key><RequestId>R1</RequestId></Error>");
  auto object = client_.GetObject("artifacts", "nope");
  ASSERT_FALSE(object);
  EXPECT_EQ(object.error().code, "NoSuchKey");
  EXPECT_TRUE(object.error().message.starts_with("The specified key does not exist."));
}

TEST_F(S3ClientTest, HeadObject) {
  transport_->Respond(200, "",
                      {{"ETag", "\"abc\""},
                       {"Content-Length", "12345678901"},
                       {"Content-Type", "application/zip"},
                       {"x-amz-meta-sha256", "deadbeef"}});
  transport_->Respond(404, "");
  auto info = client_.HeadObject("artifacts", "app.zip");
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_TRUE(info->exists);
  EXPECT_EQ(info->etag, "\"abc\"");
  EXPECT_EQ(info->size, 12345678901u);
  EXPECT_EQ(info->metadata, (s3::Metadata{{"sha256", "deadbeef"}}));
  EXPECT_EQ(Request().method, "HEAD");
  auto missing = client_.HeadObject("artifacts", "gone.zip");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(missing->exists);
}

TEST_F(S3ClientTest, ListObjectsPagesAndDecodesKeys) {
  transport_->Respond(200, R"(<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>artifacts</Name><Prefix>svc%2F</Prefix><KeyCount>2</KeyCount><MaxKeys>2</MaxKeys>
  <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
  <Contents><Key>svc%2Fa+b.zip</Key><LastModified>2024-01-02T03:04:05.000Z</LastModified>
    <ETag>&quot;aaa&quot;</ETag><Size>10</Size><StorageClass>STANDARD</StorageClass></Contents>
  <Contents><Key>svc%2F%C3%BC%2Bx.zip</Key><LastModified>2024-01-02T03:04:06.000Z</LastModified>
    <ETag>&quot;bbb-2&quot;</ETag><Size>20971520</Size><StorageClass>STANDARD</StorageClass></Contents>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
</ListBucketResult>)");
  transport_->Respond(200, R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>artifacts</Name><EncodingType>url</EncodingType><IsTruncated>false</IsTruncated>
  <Contents><Key>svc%2Fz.zip</Key><Size>1</Size></Contents>
</ListBucketResult>)");
  auto all = client_.ListAllObjects("artifacts", "svc/");
  ASSERT_TRUE(all) << all.error().message;
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].key, "svc/a b.zip");
  EXPECT_EQ((*all)[0].etag, "\"aaa\"");
  EXPECT_EQ((*all)[0].size, 10u);
  EXPECT_EQ((*all)[0].last_modified, "2024-01-02T03:04:05.000Z");
  EXPECT_EQ((*all)[0].storage_class, "STANDARD");
  EXPECT_EQ((*all)[1].key, "svc/ü+x.zip");
  EXPECT_EQ((*all)[1].size, 20971520u);
  EXPECT_EQ((*all)[2].key, "svc/z.zip");

  EXPECT_EQ(Request(0).method, "GET");
  EXPECT_EQ(Request(0).path, "/artifacts");
  EXPECT_EQ(Request(0).query, "encoding-type=url&list-type=2&prefix=svc%2F");
  EXPECT_EQ(Request(1).query,
            "continuation-token=1ueGcxLPRx1Tr%2FXYExHnhbYLgveDs2J%2Fwm36Hy4vbOwM%3D&"
            "encoding-type=url&list-type=2&prefix=svc%2F");
}

TEST_F(S3ClientTest, ListObjectsWithDelimiterReadsCommonPrefixes) {
  transport_->Respond(200, R"(<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>artifacts</Name><IsTruncated>false</IsTruncated>
  <CommonPrefixes><Prefix>a/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>b+c/</Prefix></CommonPrefixes>
</ListBucketResult>)");
  ListObjectsRequest request;
  request.bucket = "artifacts";
  request.delimiter = "/";
  request.max_keys = 50;
  auto page = client_.ListObjectsV2(request);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->objects.empty());
  // No EncodingType in the answer: keys are taken as they are.
  EXPECT_EQ(page->common_prefixes, (std::vector<std::string>{"a/", "b+c/"}));
  EXPECT_FALSE(page->is_truncated);
  EXPECT_EQ(Request().query, "delimiter=%2F&encoding-type=url&list-type=2&max-keys=50");
}

TEST_F(S3ClientTest, HeadBucketInAnotherRegionIsARedirectError) {
  transport_->Respond(301, "", {{"x-amz-bucket-region", "eu-west-1"}});
  auto bucket = client_.HeadBucket("elsewhere");
  ASSERT_FALSE(bucket);
  EXPECT_EQ(bucket.error().code, "PermanentRedirect");
  EXPECT_NE(bucket.error().message.find("eu-west-1"), std::string::npos);
}

TEST_F(S3ClientTest, UnreadableListingsAreInvalidResponses) {
  transport_->Respond(200, "<ListAllMyBucketsResult/>");
  transport_->Respond(200, "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>");
  auto wrong_root = client_.ListObjectsV2({"artifacts", "", "", "", 0});
  ASSERT_FALSE(wrong_root);
  EXPECT_EQ(wrong_root.error().code, "InvalidResponse");
  auto endless = client_.ListAllObjects("artifacts");
  ASSERT_FALSE(endless);
  EXPECT_EQ(endless.error().code, "InvalidResponse");
  EXPECT_NE(endless.error().message.find("NextContinuationToken"), std::string::npos);
}

TEST_F(S3ClientTest, DeleteObject) {
  transport_->Respond(204, "");
  transport_->Respond(404,
                      "<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not "
                      "exist</Message><BucketName>gone</BucketName></Error>",
                      {{"x-amz-request-id", "REQ1"}});
  ASSERT_TRUE(client_.DeleteObject("artifacts", "a/b.zip"));
  EXPECT_EQ(Request().method, "DELETE");
  EXPECT_EQ(Request().path, "/artifacts/a/b.zip");
  auto deleted = client_.DeleteObject("gone", "k");
  ASSERT_FALSE(deleted);
  EXPECT_EQ(deleted.error().code, "NoSuchBucket");
  EXPECT_NE(deleted.error().message.find("REQ1"), std::string::npos);
}

// The configuration comes back as S3's own document, so a read-modify-write
// keeps what the client has no type for; a page of another kind is refused.
TEST_F(S3ClientTest, GetBucketNotificationConfigurationReturnsTheDocument) {
  const std::string document =
      "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<QueueConfiguration><Id>q</Id><Queue>arn:aws:sqs:us-east-1:1:q</Queue>"
      "<Event>s3:ObjectCreated:*</Event></QueueConfiguration><EventBridgeConfiguration/>"
      "</NotificationConfiguration>";
  transport_->Respond(200, document);
  transport_->Respond(200, "<ListBucketResult><Name>photos</Name></ListBucketResult>");
  transport_->Respond(200, "<GetBucketNotificationResponse/>");
  auto got = client_.GetBucketNotificationConfiguration("photos");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(*got, document);
  EXPECT_EQ(Request().method, "GET");
  EXPECT_EQ(Request().path, "/photos");
  EXPECT_EQ(Request().query, "notification");
  auto wrong = client_.GetBucketNotificationConfiguration("photos");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, "InvalidResponse");
  EXPECT_NE(wrong.error().message.find("<ListBucketResult>"), std::string::npos);
  // An empty answer under another root (moto's) is an empty configuration.
  auto empty = client_.GetBucketNotificationConfiguration("photos");
  ASSERT_TRUE(empty) << empty.error().message;
  EXPECT_EQ(*empty,
            "<NotificationConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>");
  EXPECT_EQ(client_.GetBucketNotificationConfiguration("").error().code, "InvalidArgument");
}

TEST_F(S3ClientTest, PutBucketNotificationConfigurationSendsTheDocumentWithItsDigest) {
  const std::string document = "<NotificationConfiguration/>";
  transport_->Respond(200, "");
  transport_->Respond(400,
                      "<Error><Code>InvalidArgument</Code><Message>Unable to validate the "
                      "following destination configurations</Message></Error>");
  ASSERT_TRUE(client_.PutBucketNotificationConfiguration("photos", document));
  EXPECT_EQ(Request().method, "PUT");
  EXPECT_EQ(Request().query, "notification");
  EXPECT_EQ(Request().body, document);
  EXPECT_EQ(Header(Request(), "Content-Type"), "application/xml");
  EXPECT_EQ(Header(Request(), "Content-MD5"), detail::ContentMd5(document));
  auto refused = client_.PutBucketNotificationConfiguration("photos", document);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "InvalidArgument");
  EXPECT_NE(refused.error().message.find("destination"), std::string::npos);
}

}  // namespace
}  // namespace sparta::aws
