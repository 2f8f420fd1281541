// ses.hpp against the SES samples (Lambda action in full; the S3 and SNS
// actions' records have the same shape).
#include "sparta/events/ses.hpp"

#include <gtest/gtest.h>

#include "samples.hpp"

namespace events_test {
namespace {

using sparta::events::SesEvent;

TEST(SesEvent, ReadsEveryFieldOfTheLambdaSample) {
  const SesEvent event = Parse<SesEvent>("ses-lambda-event.json");
  ASSERT_EQ(event.Records.size(), 1u);
  const auto& r = event.Records[0];
  EXPECT_EQ(r.eventVersion, "1.0");
  EXPECT_EQ(r.eventSource, "aws:ses");

  const auto& mail = r.ses.mail;
  EXPECT_EQ(mail.source, "aws@amazon.com");
  EXPECT_EQ(mail.timestamp, "1970-01-01T00:00:00.123Z");
  EXPECT_EQ(mail.destination, (std::vector<std::string>{"lambda@amazon.com"}));
  EXPECT_FALSE(mail.headersTruncated);
  EXPECT_EQ(mail.messageId, "6n4thuhcbhpfiuf25gshf70rss364fuejrvmqko1");
  ASSERT_EQ(mail.headers.size(), 10u);
  EXPECT_EQ(mail.headers[0].name, "Return-Path");
  EXPECT_EQ(mail.headers[0].value, "<aws@amazon.com>");
  EXPECT_EQ(mail.headers[2].name, "DKIM-Signature");
  EXPECT_EQ(mail.headers[9].name, "Content-Type");
  EXPECT_EQ(mail.headers[9].value, "multipart/alternative; boundary=94eb2c0742269658b10542f452a9");
  const auto& common = mail.commonHeaders;
  EXPECT_EQ(common.from, (std::vector<std::string>{"Amazon Web Services <aws@amazon.com>"}));
  EXPECT_EQ(common.to, (std::vector<std::string>{"lambda@amazon.com"}));
  EXPECT_EQ(common.returnPath, "aws@amazon.com");
  EXPECT_EQ(common.messageId,
            "<CAEddw6POFV_On91m+ZoL_SN8B_M2goDe_Ni355owhc7QSjPQSQ@amazon.com>");
  EXPECT_EQ(common.date, "Mon, 5 Dec 2016 18:40:08 -0800");
  EXPECT_EQ(common.subject, "Test Subject");
  EXPECT_FALSE(common.cc || common.bcc || common.sender || common.replyTo);

  const auto& receipt = r.ses.receipt;
  EXPECT_EQ(receipt.recipients, (std::vector<std::string>{"lambda@amazon.com"}));
  EXPECT_EQ(receipt.timestamp, "1970-01-01T00:00:00.123Z");
  EXPECT_EQ(receipt.spamVerdict.status, "PASS");
  EXPECT_EQ(receipt.dkimVerdict.status, "PASS");
  EXPECT_EQ(receipt.dmarcVerdict.status, "PASS");
  EXPECT_EQ(receipt.spfVerdict.status, "PASS");
  EXPECT_EQ(receipt.virusVerdict.status, "PASS");
  EXPECT_EQ(receipt.dmarcPolicy, "reject");
  EXPECT_EQ(receipt.processingTimeMillis, 574);
  EXPECT_EQ(receipt.action.type, "Lambda");
  EXPECT_EQ(receipt.action.invocationType, "Event");
  EXPECT_EQ(receipt.action.functionArn,
            "arn:aws:lambda:us-east-1:000000000000:function:my-ses-lambda-function");
  EXPECT_FALSE(receipt.action.topicArn || receipt.action.bucketName || receipt.action.objectKey);
}

TEST(SesEvent, TheS3AndSnsActionsRecordsHaveTheSameShape) {
  const auto s3 = Parse<SesEvent>("ses-s3-event.json").Records.at(0).ses;
  EXPECT_EQ(s3.receipt.action.type, "S3");
  EXPECT_EQ(s3.receipt.action.topicArn, "arn:aws:sns:us-east-1:012345678912:example-topic");
  EXPECT_EQ(s3.receipt.action.bucketName, "my-S3-bucket");
  EXPECT_EQ(s3.receipt.action.objectKey, "email");
  EXPECT_FALSE(s3.receipt.action.functionArn.has_value());
  EXPECT_EQ(s3.receipt.processingTimeMillis, 406);
  EXPECT_EQ(s3.mail.headers.size(), 13u);
  EXPECT_FALSE(s3.mail.commonHeaders.cc.has_value());

  const auto sns = Parse<SesEvent>("ses-sns-event.json").Records.at(0).ses;
  EXPECT_EQ(sns.receipt.action.type, "SNS");
  EXPECT_EQ(sns.receipt.action.topicArn, "arn:aws:sns:us-east-1:012345678912:example-topic");
  EXPECT_EQ(sns.mail.commonHeaders.cc,
            (std::vector<std::string>{"cc@example.com", "cc2@example.com"}));
  EXPECT_EQ(sns.mail.source, "61967230-7A45-4A9D-BEC9-87CBCF2211C9@example.com");
}

}  // namespace
}  // namespace events_test
