// S3Client's multipart upload against a scripted transport: the parts, their
// digests, the completion document, and the abort after every kind of failure.

#include <gtest/gtest.h>

#include "sparta/aws/s3_client.hpp"
#include "sparta/util/digest.hpp"

#include "aws/clients/fake_aws.hpp"
#include "aws/clients/md5.hpp"
#include "aws/clients/s3_request.hpp"

namespace sparta::aws {
namespace {

using testing::FakeTransport;

constexpr std::size_t kMiB = 1024 * 1024;
constexpr char kUploadId[] = "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA+x";
constexpr char kEncodedUploadId[] =
    "VXBsb2FkIElEIGZvciA2aWWpbmcncyBteS1tb3ZpZS5tMnRzIHVwbG9hZA%2Bx";

std::string Header(const HttpRequest& request, std::string_view name) {
  const std::string* value = FindHeader(request.headers, name);
  return value ? *value : "<absent>";
}

std::string Initiated() {
  return std::string(
             "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
             "<Bucket>artifacts</Bucket><Key>big.zip</Key><UploadId>") +
         kUploadId + "</UploadId></InitiateMultipartUploadResult>";
}

/// 11 MiB whose bytes differ from part to part, so a misplaced slice shows.
std::string Body() {
  std::string body(11 * kMiB, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>((i / 4096) % 251);
  return body;
}

class S3MultipartTest : public ::testing::Test {
 protected:
  S3MultipartTest() {
    Endpoint endpoint = testing::MakeEndpoint("s3", "localhost");
    endpoint.scheme = "http";
    endpoint.s3_path_style = true;
    client_ = std::make_unique<S3Client>(testing::MakeClient(endpoint, transport_));
    options_.part_size = 5 * kMiB;
    options_.content_type = "application/zip";
    options_.metadata = {{"sha256", "x"}};
  }

  const HttpRequest& Request(std::size_t index) {
    EXPECT_GT(transport_->requests().size(), index);
    return transport_->requests().at(index);
  }

  std::shared_ptr<FakeTransport> transport_ = std::make_shared<FakeTransport>();
  std::unique_ptr<S3Client> client_;
  PutObjectOptions options_;
  const std::string body_ = Body();
};

TEST_F(S3MultipartTest, UploadsPartsWithTheirDigestsThenCompletes) {
  transport_->Respond(200, Initiated());
  transport_->Respond(200, "", {{"ETag", "\"p1\""}});
  transport_->Respond(200, "", {{"ETag", "\"p2\""}});
  transport_->Respond(200, "", {{"ETag", "\"p3\""}});
  transport_->Respond(
      200,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
      "<Location>http://localhost/artifacts/big.zip</Location><Bucket>artifacts</Bucket>"
      "<Key>big.zip</Key><ETag>\"3858f62230ac3c915f300c664312c11f-3\"</ETag>"
      "</CompleteMultipartUploadResult>",
      {{"x-amz-version-id", "v7"}});
  std::vector<std::size_t> progress;
  options_.on_progress = [&](std::size_t sent, std::size_t total) {
    EXPECT_EQ(total, body_.size());
    progress.push_back(sent);
  };
  auto put = client_->PutObject("artifacts", "big.zip", body_, options_);
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put->etag, "\"3858f62230ac3c915f300c664312c11f-3\"");
  EXPECT_EQ(put->version_id, "v7");
  EXPECT_EQ(put->parts, 3);
  EXPECT_EQ(progress, (std::vector<std::size_t>{5 * kMiB, 10 * kMiB, 11 * kMiB}));
  ASSERT_EQ(transport_->requests().size(), 5u);

  const HttpRequest& create = Request(0);
  EXPECT_EQ(create.method, "POST");
  EXPECT_EQ(create.path, "/artifacts/big.zip");
  EXPECT_EQ(create.query, "uploads");
  EXPECT_EQ(Header(create, "Content-Type"), "application/zip");
  EXPECT_EQ(Header(create, "x-amz-meta-sha256"), "x");

  const std::size_t sizes[] = {5 * kMiB, 5 * kMiB, 1 * kMiB};
  for (int part = 1; part <= 3; ++part) {
    const HttpRequest& upload = Request(part);
    const std::string expected = body_.substr((part - 1) * 5 * kMiB, sizes[part - 1]);
    EXPECT_EQ(upload.method, "PUT") << part;
    EXPECT_EQ(upload.path, "/artifacts/big.zip") << part;
    EXPECT_EQ(upload.query, "partNumber=" + std::to_string(part) + "&uploadId=" + kEncodedUploadId);
    EXPECT_EQ(upload.body.size(), sizes[part - 1]) << part;
    EXPECT_TRUE(upload.body == expected) << "part " << part << " has the wrong bytes";
    EXPECT_EQ(Header(upload, "Content-MD5"), detail::ContentMd5(expected)) << part;
    EXPECT_EQ(Header(upload, "x-amz-content-sha256"), util::Sha256Hex(expected)) << part;
  }

  const HttpRequest& complete = Request(4);
  EXPECT_EQ(complete.method, "POST");
  EXPECT_EQ(complete.query, std::string("uploadId=") + kEncodedUploadId);
  EXPECT_EQ(complete.body,
            "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
            "<Part><PartNumber>1</PartNumber><ETag>&quot;p1&quot;</ETag></Part>"
            "<Part><PartNumber>2</PartNumber><ETag>&quot;p2&quot;</ETag></Part>"
            "<Part><PartNumber>3</PartNumber><ETag>&quot;p3&quot;</ETag></Part>"
            "</CompleteMultipartUpload>");
}

TEST_F(S3MultipartTest, ThresholdDecidesBetweenOnePutAndMultipart) {
  transport_->Respond(200, "", {{"ETag", "\"one\""}});
  options_.multipart_threshold = body_.size();  // "above" the threshold only
  auto put = client_->PutObject("artifacts", "big.zip", body_, options_);
  ASSERT_TRUE(put) << put.error().message;
  EXPECT_EQ(put->parts, 0);
  ASSERT_EQ(transport_->requests().size(), 1u);
  EXPECT_EQ(Request(0).query, "");
}

TEST_F(S3MultipartTest, FailedPartAbortsTheUpload) {
  transport_->Respond(200, Initiated());
  transport_->Respond(200, "", {{"ETag", "\"p1\""}});
  transport_->Respond(400,
                      "<Error><Code>BadDigest</Code><Message>The Content-MD5 you specified did "
                      "not match what we received.</Message><RequestId>R2</RequestId></Error>");
  transport_->Respond(204, "");
  auto put = client_->PutObject("artifacts", "big.zip", body_, options_);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "BadDigest");
  EXPECT_TRUE(put.error().message.starts_with("The Content-MD5 you specified did not match"));
  ASSERT_EQ(transport_->requests().size(), 4u);  // no third part, no completion
  const HttpRequest& abort = Request(3);
  EXPECT_EQ(abort.method, "DELETE");
  EXPECT_EQ(abort.path, "/artifacts/big.zip");
  EXPECT_EQ(abort.query, std::string("uploadId=") + kEncodedUploadId);
}

TEST_F(S3MultipartTest, TransportFailureAbortsTheUpload) {
  transport_->Respond(200, Initiated());
  transport_->Fail("Io", "connection to localhost:80 closed mid-response");
  transport_->Respond(204, "");
  auto put = client_->PutObject("artifacts", "big.zip", body_, options_);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "Io");
  ASSERT_EQ(transport_->requests().size(), 3u);
  EXPECT_EQ(Request(2).method, "DELETE");
}

TEST_F(S3MultipartTest, ErrorInsideA200CompletionAbortsTheUpload) {
  transport_->Respond(200, Initiated());
  for (int i = 1; i <= 3; ++i) transport_->Respond(200, "", {{"ETag", "\"p\""}});
  transport_->Respond(
      200,
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code>"
      "<Message>We encountered an internal error. Please try again.</Message>"
      "<RequestId>R5</RequestId></Error>");
  transport_->Respond(204, "");
  auto put = client_->PutObject("artifacts", "big.zip", body_, options_);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "InternalError");
  EXPECT_TRUE(put.error().message.starts_with("We encountered an internal error."));
  ASSERT_EQ(transport_->requests().size(), 6u);
  EXPECT_EQ(Request(5).method, "DELETE");
}

TEST_F(S3MultipartTest, FailedAbortIsReportedToo) {
  transport_->Respond(200, Initiated());
  transport_->Respond(500, "<Error><Code>InternalError</Code><Message>boom</Message></Error>");
  transport_->Respond(403,
                      "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
  auto put = client_->PutObject("artifacts", "big.zip", body_, options_);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "InternalError");
  EXPECT_NE(put.error().message.find("aborting the multipart upload"), std::string::npos);
  EXPECT_NE(put.error().message.find("AccessDenied"), std::string::npos);
  EXPECT_NE(put.error().message.find(kUploadId), std::string::npos);
}

TEST_F(S3MultipartTest, CreateWithoutUploadIdFailsWithoutAbort) {
  transport_->Respond(200, "<InitiateMultipartUploadResult/>");
  auto put = client_->PutObject("artifacts", "big.zip", body_, options_);
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "InvalidResponse");
  EXPECT_EQ(transport_->requests().size(), 1u);
}

TEST(S3PartSizeTest, IsClampedAndGrowsToStayWithinTheMaximumPartCount) {
  EXPECT_EQ(detail::EffectivePartSize(1, 100), kS3MinPartSize);
  EXPECT_EQ(detail::EffectivePartSize(kS3DefaultPartSize, 100 * kMiB), kS3DefaultPartSize);
  const std::size_t huge = std::size_t{100000} * kMiB;  // 100,000 MiB in 8 MiB parts: > 10,000
  const std::size_t part = detail::EffectivePartSize(kS3DefaultPartSize, huge);
  EXPECT_LE((huge + part - 1) / part, kS3MaxParts);
}

}  // namespace
}  // namespace sparta::aws
