// The S3 REST-XML API through HandleRest, with requests shaped as the AWS
// CLI (botocore 1.43) and our own S3 client send them.
#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "sparta/aws/sigv4_detail.hpp"
#include "sparta/util/base64.hpp"
#include "sparta/util/digest.hpp"

#include "local_cloud/s3/digests.hpp"
#include "s3_test_support.hpp"

namespace sparta::local_cloud {
namespace {

constexpr std::string_view kXmlns = "http://s3.amazonaws.com/doc/2006-03-01/";

class S3Rest : public testing::S3Fixture {
 protected:
  CloudResponse Call(std::string method, std::string path, std::string query = "",
                     std::string body = "", aws::HeaderList headers = {},
                     std::string host = "127.0.0.1:4566") {
    CloudRequest request;
    request.method = std::move(method);
    request.path = std::move(path);
    request.query = std::move(query);
    request.body = std::move(body);
    request.headers = std::move(headers);
    request.headers.emplace_back("Host", std::move(host));
    request.service = "s3";
    request.region = "us-east-1";
    request.access_key_id = "test";
    request.request_id = "req-" + std::to_string(++calls_);
    CloudResponse response = service_->HandleRest(request);
    const std::string* id = aws::FindHeader(response.headers, "x-amz-request-id");
    EXPECT_TRUE(id != nullptr && *id == request.request_id)
        << request.method << " " << request.path << " lacks x-amz-request-id";
    return response;
  }

  void MakeBucket(const std::string& name) { ASSERT_EQ(Call("PUT", "/" + name).status, 200); }

  // Parses a response body; the root element is returned.
  pugi::xml_node Xml(const CloudResponse& response) {
    documents_.emplace_back(std::make_unique<pugi::xml_document>());
    EXPECT_TRUE(documents_.back()->load_string(response.body.c_str())) << response.body;
    return documents_.back()->document_element();
  }

  // The error code of an S3 error document ("" when there is none).
  static std::string ErrorCode(const CloudResponse& response) {
    pugi::xml_document doc;
    doc.load_string(response.body.c_str());
    return doc.child("Error").child_value("Code");
  }

  static std::string HeaderOf(const CloudResponse& response, std::string_view name) {
    const std::string* value = aws::FindHeader(response.headers, name);
    return value ? *value : std::string("<absent>");
  }

  int calls_ = 0;
  std::vector<std::unique_ptr<pugi::xml_document>> documents_;
};

std::vector<std::string> Texts(pugi::xml_node root, const char* element, const char* child) {
  std::vector<std::string> out;
  for (pugi::xml_node node : root.children(element)) out.emplace_back(node.child_value(child));
  return out;
}

TEST_F(S3Rest, ListBucketsWithOwnerAndNamespace) {
  MakeBucket("one");
  CloudResponse created = Call("PUT", "/", "", "", {}, "two.s3.localhost:4566");  // virtual host
  ASSERT_EQ(created.status, 200);
  EXPECT_EQ(HeaderOf(created, "Location"), "/two");
  CloudResponse response = Call("GET", "/");
  ASSERT_EQ(response.status, 200);
  pugi::xml_node root = Xml(response);
  EXPECT_STREQ(root.name(), "ListAllMyBucketsResult");
  EXPECT_EQ(root.attribute("xmlns").value(), kXmlns);
  EXPECT_EQ(Texts(root.child("Buckets"), "Bucket", "Name"),
            (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(std::string(root.child("Buckets").child("Bucket").child_value("BucketRegion")),
            "us-east-1");
  EXPECT_EQ(std::string(root.child("Buckets").child("Bucket").child_value("CreationDate")).size(),
            24u);  // 2026-11-27T06:00:00.000Z
  EXPECT_FALSE(std::string(root.child("Owner").child_value("ID")).empty());
}

TEST_F(S3Rest, CreateBucketRulesAndLocation) {
  CloudResponse bad = Call("PUT", "/Bad_Bucket");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(bad), "InvalidBucketName");
  EXPECT_NE(bad.body.find("<Resource>/Bad_Bucket</Resource>"), std::string::npos);

  std::string config =
      "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/"
      "2006-03-01/\"><LocationConstraint>eu-west-1</LocationConstraint>"
      "</CreateBucketConfiguration>";
  ASSERT_EQ(Call("PUT", "/euro", "", config).status, 200);
  CloudResponse again = Call("PUT", "/euro");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorCode(again), "BucketAlreadyOwnedByYou");
  CloudResponse location = Call("GET", "/euro", "location");
  ASSERT_EQ(location.status, 200);
  EXPECT_EQ(std::string(Xml(location).text().get()), "eu-west-1");
  MakeBucket("home");
  EXPECT_EQ(std::string(Xml(Call("GET", "/home", "location")).text().get()), "");

  CloudResponse head = Call("HEAD", "/euro");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(HeaderOf(head, "x-amz-bucket-region"), "eu-west-1");
  CloudResponse missing = Call("HEAD", "/nothere");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(missing.body.empty());

  CloudResponse malformed = Call("PUT", "/broken", "", "<CreateBucketConfiguration><Loc");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(ErrorCode(malformed), "MalformedXML");
}

TEST_F(S3Rest, DeleteBucketStatuses) {
  MakeBucket("gone");
  ASSERT_EQ(Call("PUT", "/gone/k", "", "x").status, 200);
  CloudResponse full = Call("DELETE", "/gone");
  EXPECT_EQ(full.status, 409);
  EXPECT_EQ(ErrorCode(full), "BucketNotEmpty");
  EXPECT_EQ(Call("DELETE", "/gone/k").status, 204);
  EXPECT_EQ(Call("DELETE", "/gone").status, 204);
  CloudResponse missing = Call("DELETE", "/gone");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCode(missing), "NoSuchBucket");
}

TEST_F(S3Rest, PutGetHeadObjectWithMetadata) {
  MakeBucket("data");
  CloudResponse put = Call("PUT", "/data/dir/hello%20world.txt", "", "hello world\n",
                           {{"Content-Type", "text/plain"},
                            {"x-amz-meta-Owner", "ana"},
                            {"Cache-Control", "max-age=60"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(HeaderOf(put, "ETag"), "\"6f5902ac237024bdd0c176cb93063dc4\"");

  CloudResponse get = Call("GET", "/data/dir/hello%20world.txt");
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.body, "hello world\n");
  EXPECT_EQ(HeaderOf(get, "Content-Type"), "text/plain");
  EXPECT_EQ(HeaderOf(get, "x-amz-meta-owner"), "ana");
  EXPECT_EQ(HeaderOf(get, "Cache-Control"), "max-age=60");
  std::string modified = HeaderOf(get, "Last-Modified");
  EXPECT_EQ(modified.size(), 29u) << modified;  // "Fri, 27 Nov 2026 06:00:00 GMT"
  EXPECT_EQ(modified.substr(modified.size() - 4), " GMT");

  CloudResponse head = Call("HEAD", "/data/dir/hello%20world.txt");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  ASSERT_TRUE(head.head_content_length.has_value());
  EXPECT_EQ(*head.head_content_length, 12u);
  EXPECT_EQ(HeaderOf(head, "ETag"), HeaderOf(put, "ETag"));

  // Virtual-host addressing reaches the same object; the default type.
  ASSERT_EQ(Call("PUT", "/raw", "", "bytes", {}, "data.localhost:4566").status, 200);
  EXPECT_EQ(HeaderOf(Call("GET", "/data/raw"), "Content-Type"), "binary/octet-stream");
  EXPECT_EQ(Call("GET", "/dir/hello%20world.txt", "", "", {}, "data.s3.amazonaws.com").body,
            "hello world\n");

  CloudResponse missing = Call("GET", "/data/none");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(ErrorCode(missing), "NoSuchKey");
  CloudResponse head_missing = Call("HEAD", "/data/none");
  EXPECT_EQ(head_missing.status, 404);
  EXPECT_TRUE(head_missing.body.empty());
  EXPECT_EQ(ErrorCode(Call("GET", "/nobucket/k")), "NoSuchBucket");
  EXPECT_EQ(Call("DELETE", "/data/none").status, 204);  // missing is fine
  EXPECT_EQ(Call("DELETE", "/data/raw").status, 204);
  EXPECT_EQ(Call("GET", "/data/raw").status, 404);
}

TEST_F(S3Rest, ContentMd5AndChecksums) {
  MakeBucket("sums");
  std::string body = "hello world\n";
  EXPECT_EQ(
      Call("PUT", "/sums/a", "", body, {{"Content-MD5", util::Base64Encode(s3::Md5(body))}}).status,
      200);
  CloudResponse bad =
      Call("PUT", "/sums/a", "", body, {{"Content-MD5", util::Base64Encode(s3::Md5("other"))}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(bad), "BadDigest");
  CloudResponse invalid = Call("PUT", "/sums/a", "", body, {{"Content-MD5", "bm90LW1kNQ=="}});
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(ErrorCode(invalid), "InvalidDigest");

  // As the AWS CLI sends it: x-amz-checksum-crc32 plus the payload hash.
  CloudResponse crc = Call("PUT", "/sums/b", "", body,
                           {{"x-amz-sdk-checksum-algorithm", "CRC32"},
                            {"x-amz-checksum-crc32", "rwg7LQ=="},
                            {"X-Amz-Content-SHA256", util::Sha256Hex(body)}});
  ASSERT_EQ(crc.status, 200) << crc.body;
  EXPECT_EQ(HeaderOf(crc, "x-amz-checksum-crc32"), "rwg7LQ==");
  CloudResponse get = Call("GET", "/sums/b", "", "", {{"x-amz-checksum-mode", "ENABLED"}});
  EXPECT_EQ(HeaderOf(get, "x-amz-checksum-crc32"), "rwg7LQ==");
  EXPECT_EQ(HeaderOf(Call("GET", "/sums/b"), "x-amz-checksum-crc32"), "<absent>");

  CloudResponse wrong_crc =
      Call("PUT", "/sums/c", "", body, {{"x-amz-checksum-crc32", "AAAAAA=="}});
  EXPECT_EQ(wrong_crc.status, 400);
  EXPECT_EQ(ErrorCode(wrong_crc), "BadDigest");
  CloudResponse wrong_sha =
      Call("PUT", "/sums/c", "", body,
           {{"x-amz-checksum-sha256", util::Base64Encode(util::Sha256("x"))}});
  EXPECT_EQ(ErrorCode(wrong_sha), "BadDigest");
  EXPECT_EQ(Call("GET", "/sums/c").status, 404);  // nothing stored by failed PUTs
}

TEST_F(S3Rest, AwsChunkedBodies) {
  MakeBucket("chunks");
  std::string signed_body =
      "6;chunk-signature=0123abcd\r\nhello \r\n"
      "6;chunk-signature=4567ef01\r\nworld\n\r\n"
      "0;chunk-signature=89abcdef\r\n\r\n";
  CloudResponse put = Call("PUT", "/chunks/signed", "", signed_body,
                           {{"x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"},
                            {"Content-Encoding", "aws-chunked"},
                            {"x-amz-decoded-content-length", "12"}});
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(HeaderOf(put, "ETag"), "\"6f5902ac237024bdd0c176cb93063dc4\"");
  CloudResponse get = Call("GET", "/chunks/signed");
  EXPECT_EQ(get.body, "hello world\n");
  EXPECT_EQ(HeaderOf(get, "Content-Encoding"), "<absent>");  // aws-chunked is not stored

  std::string trailer_body = "c\r\nhello world\n\r\n0\r\nx-amz-checksum-crc32:rwg7LQ==\r\n\r\n";
  aws::HeaderList trailer_headers = {{"x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"},
                                     {"Content-Encoding", "aws-chunked"},
                                     {"x-amz-trailer", "x-amz-checksum-crc32"},
                                     {"x-amz-decoded-content-length", "12"}};
  CloudResponse trailed = Call("PUT", "/chunks/trailer", "", trailer_body, trailer_headers);
  ASSERT_EQ(trailed.status, 200) << trailed.body;
  EXPECT_EQ(HeaderOf(trailed, "x-amz-checksum-crc32"), "rwg7LQ==");
  EXPECT_EQ(Call("GET", "/chunks/trailer").body, "hello world\n");

  std::string bad_trailer = "c\r\nhello world\n\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
  CloudResponse bad = Call("PUT", "/chunks/bad", "", bad_trailer, trailer_headers);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorCode(bad), "BadDigest");

  aws::HeaderList wrong_length = trailer_headers;
  wrong_length.back().second = "13";
  CloudResponse short_body = Call("PUT", "/chunks/short", "", trailer_body, wrong_length);
  EXPECT_EQ(short_body.status, 400);
  EXPECT_EQ(ErrorCode(short_body), "IncompleteBody");
}

TEST_F(S3Rest, RangesAndConditionalGets) {
  MakeBucket("ranges");
  CloudResponse put = Call("PUT", "/ranges/digits", "", "0123456789");
  std::string etag = HeaderOf(put, "ETag");
  CloudResponse part = Call("GET", "/ranges/digits", "", "", {{"Range", "bytes=2-4"}});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, "234");
  EXPECT_EQ(HeaderOf(part, "Content-Range"), "bytes 2-4/10");
  EXPECT_EQ(Call("GET", "/ranges/digits", "", "", {{"Range", "bytes=7-"}}).body, "789");
  EXPECT_EQ(Call("GET", "/ranges/digits", "", "", {{"Range", "bytes=-2"}}).body, "89");
  CloudResponse head = Call("HEAD", "/ranges/digits", "", "", {{"Range", "bytes=0-3"}});
  EXPECT_EQ(head.status, 206);
  EXPECT_EQ(*head.head_content_length, 4u);
  CloudResponse beyond = Call("GET", "/ranges/digits", "", "", {{"Range", "bytes=10-20"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(ErrorCode(beyond), "InvalidRange");
  EXPECT_EQ(HeaderOf(beyond, "Content-Range"), "bytes */10");

  EXPECT_EQ(Call("GET", "/ranges/digits", "", "", {{"If-Match", etag}}).status, 200);
  CloudResponse failed = Call("GET", "/ranges/digits", "", "", {{"If-Match", "\"other\""}});
  EXPECT_EQ(failed.status, 412);
  EXPECT_EQ(ErrorCode(failed), "PreconditionFailed");
  CloudResponse unchanged = Call("GET", "/ranges/digits", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(unchanged.status, 304);
  EXPECT_TRUE(unchanged.body.empty());
  EXPECT_EQ(Call("HEAD", "/ranges/digits", "", "", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(Call("GET", "/ranges/digits", "", "", {{"If-None-Match", "\"x\""}}).status, 200);

  // Conditional writes.
  EXPECT_EQ(Call("PUT", "/ranges/digits", "", "new", {{"If-None-Match", "*"}}).status, 412);
  EXPECT_EQ(Call("PUT", "/ranges/fresh", "", "new", {{"If-None-Match", "*"}}).status, 200);
  EXPECT_EQ(Call("PUT", "/ranges/digits", "", "new", {{"If-Match", "\"nope\""}}).status, 412);
  EXPECT_EQ(Call("PUT", "/ranges/digits", "", "new", {{"If-Match", etag}}).status, 200);
}

TEST_F(S3Rest, CopyObject) {
  MakeBucket("src");
  MakeBucket("dst");
  ASSERT_EQ(
      Call("PUT", "/src/a%2Bb", "", "copy me", {{"Content-Type", "text/x"}, {"x-amz-meta-k", "v"}})
          .status,
      200);
  CloudResponse copy = Call("PUT", "/dst/copied", "", "", {{"x-amz-copy-source", "src/a%2Bb"}});
  ASSERT_EQ(copy.status, 200) << copy.body;
  pugi::xml_node root = Xml(copy);
  EXPECT_STREQ(root.name(), "CopyObjectResult");
  EXPECT_EQ(std::string(root.child_value("ETag")), "\"" + s3::Md5Hex("copy me") + "\"");
  EXPECT_FALSE(std::string(root.child_value("LastModified")).empty());
  CloudResponse get = Call("GET", "/dst/copied");
  EXPECT_EQ(get.body, "copy me");
  EXPECT_EQ(HeaderOf(get, "x-amz-meta-k"), "v");
  EXPECT_EQ(HeaderOf(get, "Content-Type"), "text/x");

  ASSERT_EQ(Call("PUT", "/dst/replaced", "", "",
                 {{"x-amz-copy-source", "/src/a%2Bb"},
                  {"x-amz-metadata-directive", "REPLACE"},
                  {"Content-Type", "text/y"}})
                .status,
            200);
  CloudResponse replaced = Call("GET", "/dst/replaced");
  EXPECT_EQ(HeaderOf(replaced, "Content-Type"), "text/y");
  EXPECT_EQ(HeaderOf(replaced, "x-amz-meta-k"), "<absent>");

  CloudResponse self = Call("PUT", "/src/a%2Bb", "", "", {{"x-amz-copy-source", "src/a%2Bb"}});
  EXPECT_EQ(self.status, 400);
  EXPECT_EQ(ErrorCode(self), "InvalidRequest");
  EXPECT_EQ(ErrorCode(Call("PUT", "/dst/x", "", "", {{"x-amz-copy-source", "src/none"}})),
            "NoSuchKey");
}

TEST_F(S3Rest, ListObjectsV2PrefixDelimiterAndPages) {
  MakeBucket("list");
  for (const char* key : {"a.txt", "photos/2024/x.jpg", "photos/2025/y.jpg", "photos/top.jpg",
                          "videos/v.mp4", "z.txt"}) {
    ASSERT_EQ(Call("PUT", std::string("/list/") + key, "", "x").status, 200);
  }
  // What `aws s3 ls s3://list/` sends.
  CloudResponse top = Call("GET", "/list", "list-type=2&prefix=&delimiter=%2F&encoding-type=url");
  ASSERT_EQ(top.status, 200) << top.body;
  pugi::xml_node root = Xml(top);
  EXPECT_STREQ(root.name(), "ListBucketResult");
  EXPECT_EQ(root.attribute("xmlns").value(), kXmlns);
  EXPECT_EQ(Texts(root, "Contents", "Key"), (std::vector<std::string>{"a.txt", "z.txt"}));
  EXPECT_EQ(Texts(root, "CommonPrefixes", "Prefix"),
            (std::vector<std::string>{"photos/", "videos/"}));
  EXPECT_EQ(std::string(root.child_value("KeyCount")), "4");
  EXPECT_EQ(std::string(root.child_value("IsTruncated")), "false");
  EXPECT_EQ(std::string(root.child_value("EncodingType")), "url");
  EXPECT_EQ(std::string(root.child("Contents").child_value("StorageClass")), "STANDARD");
  EXPECT_EQ(std::string(root.child("Contents").child_value("ETag")), "\"" + s3::Md5Hex("x") + "\"");
  EXPECT_TRUE(root.child("Contents").child("Owner").empty());  // fetch-owner not asked

  root = Xml(Call("GET", "/list", "list-type=2&prefix=photos%2F&delimiter=%2F&fetch-owner=true"));
  EXPECT_EQ(Texts(root, "Contents", "Key"), (std::vector<std::string>{"photos/top.jpg"}));
  EXPECT_EQ(Texts(root, "CommonPrefixes", "Prefix"),
            (std::vector<std::string>{"photos/2024/", "photos/2025/"}));
  EXPECT_FALSE(root.child("Contents").child("Owner").empty());

  // Pages of two, following NextContinuationToken.
  std::vector<std::string> seen;
  std::string token;
  for (int page = 0; page < 10; ++page) {
    std::string query = "list-type=2&max-keys=2";
    if (!token.empty()) query += "&continuation-token=" + aws::detail::UriEncode(token, false);
    root = Xml(Call("GET", "/list", query));
    for (auto& key : Texts(root, "Contents", "Key")) seen.push_back(key);
    EXPECT_LE(std::stoi(root.child_value("KeyCount")), 2);
    if (std::string(root.child_value("IsTruncated")) != "true") break;
    token = root.child_value("NextContinuationToken");
    ASSERT_FALSE(token.empty());
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(seen.front(), "a.txt");
  EXPECT_EQ(seen.back(), "z.txt");

  root = Xml(Call("GET", "/list", "list-type=2&start-after=photos%2Ftop.jpg"));
  EXPECT_EQ(Texts(root, "Contents", "Key"), (std::vector<std::string>{"videos/v.mp4", "z.txt"}));

  CloudResponse bad_token = Call("GET", "/list", "list-type=2&continuation-token=bogus");
  EXPECT_EQ(bad_token.status, 400);
  EXPECT_EQ(ErrorCode(bad_token), "InvalidArgument");
  EXPECT_EQ(ErrorCode(Call("GET", "/list", "max-keys=lots")), "InvalidArgument");
  EXPECT_EQ(ErrorCode(Call("GET", "/nolist", "list-type=2")), "NoSuchBucket");
}

TEST_F(S3Rest, ListObjectsV1MarkersAndUrlEncoding) {
  MakeBucket("listv1");
  for (const char* key : {"a%20b/1", "a%20b/2", "c+d", "e"}) {
    ASSERT_EQ(Call("PUT", std::string("/listv1/") + key, "", "x").status, 200);
  }
  pugi::xml_node root = Xml(Call("GET", "/listv1", "encoding-type=url"));
  EXPECT_EQ(Texts(root, "Contents", "Key"),
            (std::vector<std::string>{"a%20b/1", "a%20b/2", "c%2Bd", "e"}));
  EXPECT_FALSE(root.child("Contents").child("Owner").empty());  // V1 always has Owner

  root = Xml(Call("GET", "/listv1", "delimiter=%2F&max-keys=1"));
  EXPECT_EQ(Texts(root, "CommonPrefixes", "Prefix"), (std::vector<std::string>{"a b/"}));
  EXPECT_EQ(std::string(root.child_value("IsTruncated")), "true");
  EXPECT_EQ(std::string(root.child_value("NextMarker")), "a b/");
  root = Xml(Call("GET", "/listv1", "delimiter=%2F&marker=a%20b%2F"));
  EXPECT_EQ(Texts(root, "Contents", "Key"), (std::vector<std::string>{"c+d", "e"}));
  EXPECT_TRUE(root.child("CommonPrefixes").empty());
}

TEST_F(S3Rest, DeleteObjectsWithAndWithoutQuiet) {
  MakeBucket("bulk");
  for (const char* key : {"a", "b", "c"})
    ASSERT_EQ(Call("PUT", std::string("/bulk/") + key, "", "x").status, 200);
  std::string body =
      "<Delete xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Object><Key>a</Key></Object>"
      "<Object><Key>missing</Key></Object></Delete>";
  CloudResponse response =
      Call("POST", "/bulk", "delete", body, {{"Content-MD5", util::Base64Encode(s3::Md5(body))}});
  ASSERT_EQ(response.status, 200) << response.body;
  pugi::xml_node root = Xml(response);
  EXPECT_STREQ(root.name(), "DeleteResult");
  EXPECT_EQ(Texts(root, "Deleted", "Key"), (std::vector<std::string>{"a", "missing"}));
  EXPECT_EQ(Call("GET", "/bulk/a").status, 404);

  std::string quiet =
      "<Delete><Quiet>true</Quiet><Object><Key>b</Key></Object><Object><Key>c</Key></Object>"
      "</Delete>";
  root = Xml(Call("POST", "/bulk", "delete", quiet));
  EXPECT_TRUE(root.child("Deleted").empty());
  EXPECT_TRUE(root.child("Error").empty());
  EXPECT_EQ(Call("GET", "/bulk/c").status, 404);

  EXPECT_EQ(ErrorCode(Call("POST", "/bulk", "delete", "<Delete><Object>")), "MalformedXML");
  EXPECT_EQ(ErrorCode(Call("POST", "/bulk", "delete", body,
                           {{"Content-MD5", "AAAAAAAAAAAAAAAAAAAAAA=="}})),
            "BadDigest");
}

TEST_F(S3Rest, MultipartUploadCompletesWithS3Etag) {
  MakeBucket("mpu");
  CloudResponse created =
      Call("POST", "/mpu/big.bin", "uploads", "",
           {{"Content-Type", "application/x-big"}, {"x-amz-meta-purpose", "test"}});
  ASSERT_EQ(created.status, 200) << created.body;
  pugi::xml_node root = Xml(created);
  EXPECT_STREQ(root.name(), "InitiateMultipartUploadResult");
  EXPECT_EQ(std::string(root.child_value("Key")), "big.bin");
  std::string id = root.child_value("UploadId");
  ASSERT_FALSE(id.empty());

  std::string one(5 * 1024 * 1024, 'a');
  std::string two = "tail";
  CloudResponse p2 =
      Call("PUT", "/mpu/big.bin", "partNumber=2&uploadId=" + id, two,
           {{"x-amz-checksum-crc32", s3::ComputeChecksum(*s3::FindChecksum("crc32"), two)}});
  ASSERT_EQ(p2.status, 200) << p2.body;
  CloudResponse p1 = Call("PUT", "/mpu/big.bin", "uploadId=" + id + "&partNumber=1", one,
                          {{"Content-MD5", util::Base64Encode(s3::Md5(one))}});
  ASSERT_EQ(p1.status, 200) << p1.body;
  EXPECT_EQ(HeaderOf(p1, "ETag"), "\"" + s3::Md5Hex(one) + "\"");

  // The upload survives a restart.
  Reopen();
  root = Xml(Call("GET", "/mpu/big.bin", "uploadId=" + id));
  EXPECT_STREQ(root.name(), "ListPartsResult");
  EXPECT_EQ(Texts(root, "Part", "PartNumber"), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(Texts(root, "Part", "Size"),
            (std::vector<std::string>{std::to_string(one.size()), "4"}));

  auto complete_body = [&](const std::string& first, const std::string& second) {
    return "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">" + first +
           second + "</CompleteMultipartUpload>";
  };
  std::string part1 =
      "<Part><ETag>" + HeaderOf(p1, "ETag") + "</ETag><PartNumber>1</PartNumber></Part>";
  std::string part2 = "<Part><ETag>" + HeaderOf(p2, "ETag") + "</ETag><ChecksumCRC32>" +
                      HeaderOf(p2, "x-amz-checksum-crc32") +
                      "</ChecksumCRC32><PartNumber>2</PartNumber></Part>";
  CloudResponse order = Call("POST", "/mpu/big.bin", "uploadId=" + id, complete_body(part2, part1));
  EXPECT_EQ(order.status, 400);
  EXPECT_EQ(ErrorCode(order), "InvalidPartOrder");
  std::string wrong = "<Part><ETag>\"0000\"</ETag><PartNumber>1</PartNumber></Part>";
  CloudResponse invalid =
      Call("POST", "/mpu/big.bin", "uploadId=" + id, complete_body(wrong, part2));
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(ErrorCode(invalid), "InvalidPart");

  CloudResponse done = Call("POST", "/mpu/big.bin", "uploadId=" + id, complete_body(part1, part2));
  ASSERT_EQ(done.status, 200) << done.body;
  root = Xml(done);
  EXPECT_STREQ(root.name(), "CompleteMultipartUploadResult");
  std::string expected = s3::MultipartEtag({s3::Md5Hex(one), s3::Md5Hex(two)});
  EXPECT_EQ(std::string(root.child_value("ETag")), expected);
  EXPECT_EQ(expected.substr(expected.size() - 3), "-2\"");
  EXPECT_EQ(std::string(root.child_value("Location")), "http://127.0.0.1:4566/mpu/big.bin");

  CloudResponse get = Call("GET", "/mpu/big.bin");
  EXPECT_EQ(get.body.size(), one.size() + two.size());
  EXPECT_EQ(get.body.substr(one.size()), "tail");
  EXPECT_EQ(HeaderOf(get, "ETag"), expected);
  EXPECT_EQ(HeaderOf(get, "Content-Type"), "application/x-big");
  EXPECT_EQ(HeaderOf(get, "x-amz-meta-purpose"), "test");
  CloudResponse gone = Call("GET", "/mpu/big.bin", "uploadId=" + id);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(ErrorCode(gone), "NoSuchUpload");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "s3" / "mpu" / "uploads" / id));
}

TEST_F(S3Rest, MultipartAbortAndSmallParts) {
  MakeBucket("mpu");
  std::string id = Xml(Call("POST", "/mpu/k", "uploads")).child_value("UploadId");
  CloudResponse a = Call("PUT", "/mpu/k", "partNumber=1&uploadId=" + id, "small");
  CloudResponse b = Call("PUT", "/mpu/k", "partNumber=2&uploadId=" + id, "parts");
  std::string body = "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>" +
                     HeaderOf(a, "ETag") + "</ETag></Part><Part><PartNumber>2</PartNumber><ETag>" +
                     HeaderOf(b, "ETag") + "</ETag></Part></CompleteMultipartUpload>";
  CloudResponse small = Call("POST", "/mpu/k", "uploadId=" + id, body);
  EXPECT_EQ(small.status, 400);
  EXPECT_EQ(ErrorCode(small), "EntityTooSmall");
  EXPECT_EQ(ErrorCode(Call("PUT", "/mpu/k", "partNumber=0&uploadId=" + id, "x")),
            "InvalidArgument");

  EXPECT_EQ(Call("DELETE", "/mpu/k", "uploadId=" + id).status, 204);
  CloudResponse again = Call("DELETE", "/mpu/k", "uploadId=" + id);
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(ErrorCode(again), "NoSuchUpload");
  EXPECT_EQ(ErrorCode(Call("PUT", "/mpu/k", "partNumber=1&uploadId=" + id, "x")), "NoSuchUpload");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "s3" / "mpu" / "uploads" / id));
  EXPECT_EQ(Call("GET", "/mpu/k").status, 404);
}

TEST_F(S3Rest, RestartRemovesLeftoversOfKilledMultipartWriters) {
  MakeBucket("mpu");
  std::string id = Xml(Call("POST", "/mpu/k", "uploads")).child_value("UploadId");
  ASSERT_EQ(Call("PUT", "/mpu/k", "partNumber=1&uploadId=" + id, "part").status, 200);
  // A part blob written by a writer killed before its document, and an
  // upload aborted by a writer killed after its document went.
  std::string upload_dir = "s3/mpu/uploads/" + id;
  ASSERT_TRUE(store_->PutBlob(upload_dir + "/blobs/orphan", "never committed"));
  ASSERT_TRUE(store_->PutBlob("s3/mpu/uploads/abortedmidway/blobs/x", "left over"));
  Reopen();
  EXPECT_FALSE(std::filesystem::exists(store_->PathOf(upload_dir + "/blobs/orphan")));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "s3" / "mpu" / "uploads" / "abortedmidway"));
  pugi::xml_node root = Xml(Call("GET", "/mpu/k", "uploadId=" + id));
  EXPECT_EQ(Texts(root, "Part", "Size"), (std::vector<std::string>{"4"}));
  root = Xml(Call("GET", "/mpu", "uploads"));
  EXPECT_EQ(Texts(root, "Upload", "UploadId"), (std::vector<std::string>{id}));
}

TEST_F(S3Rest, VirtualHostBucketLifecycle) {
  const std::string host = "vhost.s3.us-east-1.amazonaws.com";
  ASSERT_EQ(Call("PUT", "/", "", "", {}, host).status, 200);
  EXPECT_EQ(Call("HEAD", "/", "", "", {}, host).status, 200);
  ASSERT_EQ(Call("PUT", "/a/b.txt", "", "v", {}, host).status, 200);
  pugi::xml_node root = Xml(Call("GET", "/", "list-type=2", "", {}, host));
  EXPECT_EQ(std::string(root.child_value("Name")), "vhost");
  EXPECT_EQ(Texts(root, "Contents", "Key"), (std::vector<std::string>{"a/b.txt"}));
  EXPECT_EQ(Call("GET", "/vhost/a/b.txt").body, "v");  // the same bucket, path style
  EXPECT_EQ(Call("DELETE", "/a/b.txt", "", "", {}, host).status, 204);
  EXPECT_EQ(Call("DELETE", "/", "", "", {}, host).status, 204);
  EXPECT_EQ(Call("HEAD", "/", "", "", {}, host).status, 404);
}

TEST_F(S3Rest, UnsupportedOperationsAreNamed) {
  MakeBucket("ops");
  CloudResponse policy = Call("PUT", "/ops", "policy", "{}");
  EXPECT_EQ(policy.status, 501);
  EXPECT_EQ(ErrorCode(policy), "NotImplemented");
  EXPECT_EQ(std::string(Xml(policy).child_value("Message")),
            "sparta-local's S3 does not implement PutBucketPolicy.");
  ASSERT_EQ(Call("PUT", "/ops/k", "", "x").status, 200);
  EXPECT_NE(Call("PUT", "/ops/k", "tagging", "<Tagging/>").body.find("PutObjectTagging"),
            std::string::npos);
  EXPECT_NE(Call("GET", "/ops", "versions").body.find("ListObjectVersions"), std::string::npos);

  CloudResponse versioning = Call("GET", "/ops", "versioning");
  ASSERT_EQ(versioning.status, 200);
  EXPECT_STREQ(Xml(versioning).name(), "VersioningConfiguration");
  CloudResponse no_policy = Call("GET", "/ops", "policy");
  EXPECT_EQ(no_policy.status, 404);
  EXPECT_EQ(ErrorCode(no_policy), "NoSuchBucketPolicy");

  CloudResponse patch = Call("PATCH", "/ops/k");
  EXPECT_EQ(patch.status, 405);
  EXPECT_EQ(ErrorCode(patch), "MethodNotAllowed");
  EXPECT_EQ(Call("DELETE", "/").status, 405);
}

// A bucket's notification configuration is checked as S3 checks it, kept
// (Ids given where missing) and read back, across a restart.
TEST_F(S3Rest, NotificationConfigurationIsCheckedStoredAndReadBack) {
  MakeBucket("notified");
  CloudResponse empty = Call("GET", "/notified", "notification");
  ASSERT_EQ(empty.status, 200);
  EXPECT_STREQ(Xml(empty).name(), "NotificationConfiguration");
  EXPECT_FALSE(Xml(empty).first_child());
  const std::string config =
      "<NotificationConfiguration>"
      "<QueueConfiguration><Queue>arn:aws:sqs:us-east-1:000000000000:audit</Queue>"
      "<Event>s3:ObjectRemoved:*</Event></QueueConfiguration>"
      "<CloudFunctionConfiguration><Id>worker</Id>"
      "<CloudFunction>arn:aws:lambda:us-east-1:000000000000:function:w</CloudFunction>"
      "<Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>Prefix</Name>"
      "<Value>in/</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration>"
      "</NotificationConfiguration>";
  CloudResponse put = Call("PUT", "/notified", "notification", config);
  ASSERT_EQ(put.status, 200) << put.body;
  Reopen();
  pugi::xml_node root = Xml(Call("GET", "/notified", "notification"));
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://s3.amazonaws.com/doc/2006-03-01/");
  EXPECT_EQ(Texts(root, "CloudFunctionConfiguration", "Id"), (std::vector<std::string>{"worker"}));
  const std::vector<std::string> queue_ids = Texts(root, "QueueConfiguration", "Id");
  ASSERT_EQ(queue_ids.size(), 1u);
  EXPECT_EQ(queue_ids[0].size(), 16u);  // one was given
  EXPECT_EQ(Texts(root, "CloudFunctionConfiguration", "CloudFunction"),
            (std::vector<std::string>{"arn:aws:lambda:us-east-1:000000000000:function:w"}));
  // An empty configuration removes every entry.
  ASSERT_EQ(Call("PUT", "/notified", "notification", "<NotificationConfiguration/>").status, 200);
  EXPECT_FALSE(Xml(Call("GET", "/notified", "notification")).first_child());
  EXPECT_EQ(ErrorCode(Call("GET", "/absent", "notification")), "NoSuchBucket");
}

TEST_F(S3Rest, NotificationConfigurationsS3RefusesAreRefused) {
  MakeBucket("strict");
  auto put = [&](std::string entries) {
    return Call("PUT", "/strict", "notification",
                "<NotificationConfiguration>" + entries + "</NotificationConfiguration>");
  };
  const std::string fn = "<CloudFunction>arn:aws:lambda:us-east-1:0:function:f</CloudFunction>";
  struct Case {
    std::string entries;
    std::string code;
    std::string says;
  };
  const Case cases[] = {
      {"<CloudFunctionConfiguration>" + fn + "<Event>s3:ObjectCreated:Put</Event>"
       "</CloudFunctionConfiguration><CloudFunctionConfiguration>" + fn +
           "<Event>s3:ObjectCreated:*</Event><Filter><S3Key><FilterRule><Name>prefix</Name>"
           "<Value>a/</Value></FilterRule></S3Key></Filter></CloudFunctionConfiguration>",
       "InvalidArgument", "Configurations overlap"},
      {"<CloudFunctionConfiguration>" + fn + "<Event>s3:ObjectCreated:Bogus</Event>"
       "</CloudFunctionConfiguration>",
       "InvalidArgument", "not supported for notifications: 's3:ObjectCreated:Bogus'"},
      {"<CloudFunctionConfiguration>" + fn + "</CloudFunctionConfiguration>", "InvalidArgument",
       "at least one <Event>"},
      {"<QueueConfiguration><Queue>arn:aws:sns:us-east-1:0:t</Queue>"
       "<Event>s3:ObjectCreated:*</Event></QueueConfiguration>",
       "InvalidArgument", "names an sqs ARN"},
      {"<CloudFunctionConfiguration><Id>x</Id>" + fn + "<Event>s3:ObjectCreated:*</Event>"
       "</CloudFunctionConfiguration><CloudFunctionConfiguration><Id>x</Id>" + fn +
           "<Event>s3:ObjectRemoved:*</Event></CloudFunctionConfiguration>",
       "InvalidArgument", "Same ID used for multiple configurations"},
      {"<CloudFunctionConfiguration>" + fn + "<Event>s3:ObjectCreated:*</Event><Filter><S3Key>"
       "<FilterRule><Name>middle</Name><Value>x</Value></FilterRule></S3Key></Filter>"
       "</CloudFunctionConfiguration>",
       "InvalidArgument", "either prefix or suffix"},
      {"<LambdaFunctionConfiguration/>", "MalformedXML", "<LambdaFunctionConfiguration>"},
  };
  for (const Case& c : cases) {
    CloudResponse refused = put(c.entries);
    EXPECT_EQ(refused.status, 400) << c.entries;
    EXPECT_EQ(ErrorCode(refused), c.code) << refused.body;
    EXPECT_NE(std::string(Xml(refused).child_value("Message")).find(c.says), std::string::npos)
        << refused.body;
  }
  // Nothing refused was kept.
  EXPECT_FALSE(Xml(Call("GET", "/strict", "notification")).first_child());
}

}  // namespace
}  // namespace sparta::local_cloud
