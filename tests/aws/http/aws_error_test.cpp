// Every AWS error document shape AwsClient reads, and the retry classes.

#include "sparta/aws/aws_error.hpp"

#include <gtest/gtest.h>

namespace sparta::aws {
namespace {

HttpResponse Response(int status, std::string body, HeaderList headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

TEST(AwsError, ReadsAQueryErrorResponse) {
  auto response = Response(400, R"(<?xml version="1.0"?>
<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
  <Error>
    <Type>Sender</Type>
    <Code>ValidationError</Code>
    <Message>Stack with id demo does not exist</Message>
  </Error>
  <RequestId>42d59b56-7407-4c4a-be0f-4c88daeea257</RequestId>
</ErrorResponse>)");
  AwsErrorDetails details = ParseAwsError(response);
  EXPECT_EQ(details.code, "ValidationError");
  EXPECT_EQ(details.message, "Stack with id demo does not exist");
  EXPECT_EQ(details.request_id, "42d59b56-7407-4c4a-be0f-4c88daeea257");
  Error error = MakeAwsError(response);
  EXPECT_EQ(error.code, "ValidationError");
  EXPECT_EQ(error.message,
            "Stack with id demo does not exist (HTTP 400, request id "
            "42d59b56-7407-4c4a-be0f-4c88daeea257)");
}

TEST(AwsError, ReadsErrorsErrorAndPrefersTheHeaderRequestId) {
  auto response = Response(503,
                           "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                           "<Message>Request limit exceeded.</Message></Error></Errors>"
                           "<RequestID>body-id</RequestID></Response>",
                           {{"x-amzn-RequestId", "header-id"}});
  AwsErrorDetails details = ParseAwsError(response);
  EXPECT_EQ(details.code, "RequestLimitExceeded");
  EXPECT_EQ(details.message, "Request limit exceeded.");
  EXPECT_EQ(details.request_id, "header-id");
}

TEST(AwsError, ReadsAnS3Error) {
  auto response = Response(404,
                           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>"
                           "<Code>NoSuchBucket</Code><Message>The specified bucket does not "
                           "exist</Message><BucketName>nope</BucketName>"
                           "<RequestId>4442587FB7D0A2F9</RequestId><HostId>abc=</HostId></Error>",
                           {{"x-amz-request-id", "4442587FB7D0A2F9"}});
  Error error = MakeAwsError(response);
  EXPECT_EQ(error.code, "NoSuchBucket");
  EXPECT_EQ(error.message,
            "The specified bucket does not exist (HTTP 404, request id 4442587FB7D0A2F9)");
}

TEST(AwsError, KeepsOnlyCodeAndMessageOfASignatureMismatch) {
  // S3 echoes the canonical request, which can hold a session token.
  auto response = Response(403,
                           "<Error><Code>SignatureDoesNotMatch</Code><Message>The request "
                           "signature we calculated does not match</Message>"
                           "<CanonicalRequest>x-amz-security-token:SESSIONTOKEN</CanonicalRequest>"
                           "<StringToSign>AWS4-HMAC-SHA256</StringToSign></Error>");
  Error error = MakeAwsError(response);
  EXPECT_EQ(error.code, "SignatureDoesNotMatch");
  EXPECT_EQ(error.message.find("SESSIONTOKEN"), std::string::npos) << error.message;
  EXPECT_EQ(error.message, "The request signature we calculated does not match (HTTP 403)");
}

TEST(AwsError, ReadsJsonProtocolErrors) {
  Error error = MakeAwsError(Response(
      404,
      R"({"__type":"com.amazonaws.lambda#ResourceNotFoundException","message":"Function not found"})",
      {{"x-amzn-RequestId", "abc-123"}}));
  EXPECT_EQ(error.code, "ResourceNotFoundException");
  EXPECT_EQ(error.message, "Function not found (HTTP 404, request id abc-123)");

  AwsErrorDetails details =
      ParseAwsError(Response(400, R"({"code":"ThrottlingException","Message":"Slow down"})"));
  EXPECT_EQ(details.code, "ThrottlingException");
  EXPECT_EQ(details.message, "Slow down");

  // REST-JSON services put the code in a header and "Type" in the body.
  details = ParseAwsError(Response(
      410, R"({"Type":"User","Message":"Connection is gone"})",
      {{"x-amzn-ErrorType", "GoneException:http://internal.amazon.com/coral/com.amazon/"}}));
  EXPECT_EQ(details.code, "GoneException");
  EXPECT_EQ(details.message, "Connection is gone");
}

TEST(AwsError, NamesBodilessErrorsByStatus) {
  Error not_found = MakeAwsError(Response(404, "", {{"x-amz-request-id", "R404"}}));
  EXPECT_EQ(not_found.code, "NotFound");
  EXPECT_EQ(not_found.message, "the response has no error details (HTTP 404, request id R404)");
  EXPECT_EQ(MakeAwsError(Response(403, "")).code, "Forbidden");
  EXPECT_EQ(MakeAwsError(Response(500, "")).code, "Http500");
  EXPECT_EQ(MakeAwsError(Response(400, "")).code, "Http400");

  Error moved = MakeAwsError(Response(301, "", {{"x-amz-bucket-region", "eu-west-1"}}));
  EXPECT_EQ(moved.code, "PermanentRedirect");
  EXPECT_EQ(moved.message, "the bucket is in region eu-west-1: use that region (HTTP 301)");

  Error redirect = MakeAwsError(
      Response(301,
               "<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to "
               "access must be addressed using the specified endpoint.</Message>"
               "<Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint></Error>",
               {{"x-amz-bucket-region", "eu-west-1"}, {"x-amz-request-id", "R301"}}));
  EXPECT_EQ(redirect.code, "PermanentRedirect");
  EXPECT_EQ(redirect.message,
            "The bucket you are attempting to access must be addressed using the specified "
            "endpoint. The bucket is in region eu-west-1. (HTTP 301, request id R301)");
}

TEST(AwsError, DescribesABodyThatIsNoErrorDocument) {
  Error error = MakeAwsError(Response(502, "Bad gateway\nupstream down"));
  EXPECT_EQ(error.code, "Http502");
  EXPECT_EQ(error.message, "unexpected response body: Bad gateway upstream down (HTTP 502)");
  // Malformed XML is not a document either.
  EXPECT_EQ(MakeAwsError(Response(500, "<Error><Code>Oops")).code, "Http500");
}

TEST(AwsError, ClassifiesRetries) {
  EXPECT_TRUE(IsThrottlingCode("Throttling"));
  EXPECT_TRUE(IsThrottlingCode("ThrottlingException"));
  EXPECT_TRUE(IsThrottlingCode("SlowDown"));
  EXPECT_TRUE(IsThrottlingCode("RequestLimitExceeded"));
  EXPECT_TRUE(IsThrottlingCode("TooManyRequestsException"));
  EXPECT_FALSE(IsThrottlingCode("LimitExceededException"));
  EXPECT_FALSE(IsThrottlingCode("ValidationError"));

  EXPECT_TRUE(IsRetryableResponse(400, "Throttling"));
  EXPECT_TRUE(IsRetryableResponse(400, "RequestTimeout"));
  EXPECT_TRUE(IsRetryableResponse(408, "RequestTimeoutException"));
  for (int status : {429, 500, 502, 503, 504}) EXPECT_TRUE(IsRetryableResponse(status, ""));
  EXPECT_FALSE(IsRetryableResponse(400, "LimitExceededException"));
  EXPECT_FALSE(IsRetryableResponse(400, "ValidationError"));
  EXPECT_FALSE(IsRetryableResponse(403, "AccessDenied"));
  EXPECT_FALSE(IsRetryableResponse(501, "NotImplemented"));
}

}  // namespace
}  // namespace sparta::aws
