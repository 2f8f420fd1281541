// The messaging service: functions that react to a queue, a topic and mail.
//
//   * Work drains the Jobs queue in batches. A message it cannot handle is
//     reported back (ReportBatchItemFailures), so SQS redelivers only that
//     one, not the whole batch.
//   * Notify receives the Orders topic's messages whose body says they are
//     big orders (a filter policy on the message body: SNS drops the rest).
//   * Inbox receives mail for orders@ through an SES receipt rule.
//
// Each source gets exactly what it needs: the queue's mapping and
// sqs:ReceiveMessage/DeleteMessage/GetQueueAttributes on that queue only; a
// subscription and a permission for SNS from that topic; a receipt rule and a
// permission for SES from that rule.
//
//   ./messaging build
//   ./messaging invoke Work --event-source sqs --body '{"job":"resize"}'
//   ./messaging provision --endpoint-url http://127.0.0.1:4566   (sparta-local)

#include <boost/describe.hpp>
#include <sparta/events/batch_response.hpp>
#include <sparta/events/parse.hpp>
#include <sparta/events/ses.hpp>
#include <sparta/events/sns.hpp>
#include <sparta/events/sqs.hpp>
#include <sparta/resources/ses.hpp>
#include <sparta/resources/sns.hpp>
#include <sparta/resources/sqs.hpp>
#include <sparta/sparta.hpp>
#include <string>

namespace events = sparta::events;
namespace sns = sparta::resources::sns;
namespace sqs = sparta::resources::sqs;
namespace ses = sparta::resources::ses;

// ---- Work: a batch of jobs, failures reported one by one ----------------

struct Job {
  std::string job;
  int size = 1;
};
BOOST_DESCRIBE_STRUCT(Job, (), (job, size))

events::BatchItemFailures Work(const events::SqsEvent& event, sparta::runtime::Context& ctx) {
  events::BatchItemFailures failures;
  for (const events::SqsMessage& message : event.Records) {
    auto job = events::Parse<Job>(message.body);
    if (!job || job->job.empty()) {
      ctx.log().Warn("message " + message.messageId + " is not a job; SQS will redeliver it");
      failures.Add(message.messageId);
      continue;
    }
    ctx.log().Info("did " + job->job + " (size " + std::to_string(job->size) + ")");
  }
  return failures;
}

// ---- Notify: big orders only (SNS filters on the body) -----------------

struct Notified {
  std::vector<std::string> messages;
};
BOOST_DESCRIBE_STRUCT(Notified, (), (messages))

Notified Notify(const events::SnsEvent& event, sparta::runtime::Context& ctx) {
  Notified out;
  for (const events::SnsEventRecord& record : event.Records) {
    ctx.log().Info("order from " + record.Sns.TopicArn + ": " + record.Sns.Message);
    out.messages.push_back(record.Sns.Message);
  }
  return out;
}

// ---- Inbox: mail received by SES ---------------------------------------

struct Received {
  std::vector<std::string> subjects;
  std::vector<std::string> senders;
};
BOOST_DESCRIBE_STRUCT(Received, (), (subjects, senders))

Received Inbox(const events::SesEvent& event, sparta::runtime::Context&) {
  Received out;
  for (const events::SesEventRecord& record : event.Records) {
    out.subjects.push_back(record.ses.mail.commonHeaders.subject.value_or(""));
    out.senders.push_back(record.ses.mail.source);
  }
  return out;
}

int main(int argc, char** argv) {
  sqs::Queue jobs{"Jobs", {.VisibilityTimeout = 60}};
  sns::Topic orders{"Orders"};
  ses::ReceiptRuleSet mail{"Mail"};

  sparta::Function work = sparta::SqsReactor(
      "Work", Work,
      {.queue_arn = jobs.Arn(), .batch_size = 10, .report_batch_item_failures = true},
      {.description = "Does the jobs of the Jobs queue", .timeout = std::chrono::seconds(30)});
  sparta::Function notify = sparta::SnsReactor(
      "Notify", Notify,
      {.topic_arn = orders.Ref(),
       .filter_policy = sparta::json::parse(R"({"size": ["big"]})"),
       .filter_policy_scope = sparta::FilterPolicyScope::kMessageBody},
      {.description = "Hears about big orders"});
  sparta::Function inbox{"Inbox",
                         Inbox,
                         {.description = "Reads mail sent to orders@",
                          .events = {sparta::SesReceipt{.rule_name = "orders-inbox",
                                                        .rule_set_name = mail.Ref(),
                                                        .recipients = {"orders@example.com"}}}}};

  sparta::Service service{
      .name = "SpartaMessaging",
      .description = "Sparta C++ example: a queue, a topic and mail, each with a function",
      .functions = {work, notify, inbox},
      .resources = {jobs, orders, mail},
      .outputs = {{"JobsQueueUrl", {.value = jobs.Ref()}},
                  {"OrdersTopicArn", {.value = orders.Ref()}}}};
  return sparta::Main(argc, argv, service);
}
