// Validate()'s checks of event sources: the limits Lambda, S3, SNS,
// EventBridge, CloudWatch Logs and SES document, so a mistake fails at
// `build` with what is allowed, not in CloudFormation minutes later.

#include "validate_event_sources.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "sparta/events/s3_event_types.hpp"
#include "sparta/service/schedule_expression.hpp"
#include "sparta/util/quoted.hpp"

#include "event_sources.hpp"

namespace sparta::internal {

using util::Quoted;

namespace {

std::string Range(long long lo, long long hi) {
  return std::to_string(lo) + ".." + std::to_string(hi);
}

bool IsTarget(const json::value& v) {
  return (v.is_string() && !v.get_string().empty()) || v.is_object();
}

class SourceChecker {
 public:
  SourceChecker(const Service& service, const Function& f, std::vector<std::string>& problems)
      : service_(service), f_(f), problems_(problems) {}

  void Run() {
    for (std::size_t i = 0; i < f_.options.events.size(); ++i) {
      which_ = "event source " + std::to_string(i + 1) + " (";
      std::visit(Overloaded{[&](const S3Events& s) { S3(s); },
                            [&](const SnsEvents& s) { Sns(s); },
                            [&](const SqsEvents& s) { Sqs(s); },
                            [&](const DynamoDbStreamEvents& s) { Stream(s, "DynamoDbStreamEvents"); },
                            [&](const KinesisEvents& s) { Stream(s, "KinesisEvents"); },
                            [&](const EventRule& s) { Rule(s); },
                            [&](const sparta::Schedule& s) { CheckSchedule(s); },
                            [&](const LogSubscription& s) { Logs(s); },
                            [&](const SesReceipt& s) { Ses(s); }},
                 f_.options.events[i]);
    }
  }

 private:
  void Problem(std::string_view kind, const std::string& what) {
    problems_.push_back(which_ + std::string(kind) + "): " + what);
  }

  // The same source twice: AWS refuses a second mapping or subscription.
  void Once(std::string_view kind, const json::value& target) {
    if (!seen_.insert(std::string(kind) + " " + jsonutil::Compact(target)).second) {
      Problem(kind, jsonutil::Compact(target) + " is already a source of this function; declare it once");
    }
  }

  void Target(std::string_view kind, std::string_view member, const json::value& v,
              std::string_view example) {
    if (!IsTarget(v)) {
      Problem(kind, std::string(member) + " is not set; give an ARN or an expression, e.g. " +
                        std::string(example));
    }
  }

  void InRange(std::string_view kind, std::string_view member, long long value, long long lo,
               long long hi, std::string_view unit = "") {
    if (value < lo || value > hi) {
      Problem(kind, std::string(member) + " is " + std::to_string(value) + std::string(unit) +
                        "; Lambda allows " + Range(lo, hi) + std::string(unit));
    }
  }

  void Filters(std::string_view kind, const std::vector<json::value>& filters) {
    if (filters.size() > 5) {
      Problem(kind, "has " + std::to_string(filters.size()) +
                        " filters; Lambda allows 5 per mapping (ask AWS for up to 10)");
    }
    for (const json::value& f : filters) {
      if (!f.is_object() || f.get_object().empty()) {
        Problem(kind, "filter " + jsonutil::Compact(f) +
                          " is not an event pattern; give a JSON object such as "
                          "{\"body\":{\"kind\":[\"order\"]}}");
      }
    }
  }

  // A literal name follows S3's naming rules; an expression is checked by
  // CloudFormation.
  void ExistingBucketName(std::string_view kind, const json::value& name) {
    Once(kind, name);
    if (name.is_object()) return;
    const json::string* text = name.if_string();
    if (text == nullptr || text->empty()) {
      Problem(kind, "ExistingBucket has no name; give the bucket's name or an expression, e.g. "
                    "sparta::ExistingBucket{\"photos-archive\"}");
      return;
    }
    const std::string_view n = *text;
    const bool chars = std::all_of(n.begin(), n.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    });
    if (n.size() < 3 || n.size() > 63 || !chars || !IsAsciiAlnum(n.front()) ||
        !IsAsciiAlnum(n.back())) {
      Problem(kind, "ExistingBucket " + Quoted(n) +
                        " is not an S3 bucket name: 3 to 63 lower-case letters, digits, '.' "
                        "and '-', starting and ending with a letter or digit");
    }
  }

  void S3(const S3Events& s) {
    constexpr std::string_view kind = "S3Events";
    S3Filters(kind, s);
    if (const auto* existing = std::get_if<ExistingBucket>(&s.bucket)) {
      ExistingBucketName(kind, existing->name());
      return;
    }
    const std::string& id = std::get<cfn::Handle>(s.bucket).logical_id();
    const cfn::AnyResource* found = nullptr;
    for (const cfn::AnyResource& r : service_.resources) {
      if (r.declaration().logical_id == id) found = &r;
    }
    if (id.empty()) {
      Problem(kind, "bucket is not set; give an s3::Bucket of this service");
    } else if (found == nullptr) {
      Problem(kind, "bucket " + Quoted(id) + " is not a resource of this service; add it to "
                                            "Service::resources");
    } else if (found->declaration().resource.type != "AWS::S3::Bucket") {
      Problem(kind, "bucket " + Quoted(id) + " is an " + found->declaration().resource.type +
                        ", not an AWS::S3::Bucket");
    }
  }

  void S3Filters(std::string_view kind, const S3Events& s) {
    if (s.events.empty()) Problem(kind, "has no events; list e.g. \"s3:ObjectCreated:*\"");
    for (const std::string& e : s.events) {
      if (!events::s3::IsEventType(e)) {
        Problem(kind, "event " + Quoted(e) +
                          " is not an S3 event type; e.g. \"s3:ObjectCreated:*\", "
                          "\"s3:ObjectRemoved:Delete\" (see S3's event notification types)");
      }
    }
    for (std::string_view filter : {std::string_view(s.prefix), std::string_view(s.suffix)}) {
      if (filter.size() > 1024) Problem(kind, "a key filter is over S3's 1,024 bytes");
    }
  }

  void Sns(const SnsEvents& s) {
    constexpr std::string_view kind = "SnsEvents";
    Target(kind, "topic_arn", s.topic_arn, "topic.Ref()");
    Once(kind, s.topic_arn);
    if (!s.filter_policy.is_null() && !s.filter_policy.is_object()) {
      Problem(kind, "filter_policy must be a JSON object, e.g. {\"kind\":[\"order\"]}");
    }
  }

  void Sqs(const SqsEvents& s) {
    constexpr std::string_view kind = "SqsEvents";
    Target(kind, "queue_arn", s.queue_arn, "queue.Arn()");
    Once(kind, s.queue_arn);
    InRange(kind, "batch_size", s.batch_size, 1, 10000);
    InRange(kind, "batching_window", s.batching_window.count(), 0, 300, " s");
    if (s.batch_size > 10 && s.batching_window.count() < 1) {
      Problem(kind, "batch_size " + std::to_string(s.batch_size) +
                        " needs a batching_window of at least 1 s (Lambda's rule above 10)");
    }
    if (s.maximum_concurrency) {
      InRange(kind, "maximum_concurrency", *s.maximum_concurrency, 2, 1000);
    }
    Filters(kind, s.filters);
  }

  template <StreamKind K>
  void Stream(const StreamEvents<K>& s, std::string_view kind) {
    Target(kind, "stream_arn", s.stream_arn,
           K == StreamKind::kDynamoDb ? "table.StreamArn()" : "stream.Arn()");
    Once(kind, s.stream_arn);
    InRange(kind, "batch_size", s.batch_size, 1, 10000);
    InRange(kind, "batching_window", s.batching_window.count(), 0, 300, " s");
    if (s.maximum_retry_attempts) {
      InRange(kind, "maximum_retry_attempts", *s.maximum_retry_attempts, -1, 10000);
    }
    if (s.maximum_record_age) {
      const auto age = s.maximum_record_age->count();
      if (age != -1 && (age < 60 || age > 604800)) {
        Problem(kind, "maximum_record_age is " + std::to_string(age) +
                          " s; Lambda allows -1 (no limit) or 60..604800 s");
      }
    }
    InRange(kind, "parallelization_factor", s.parallelization_factor, 1, 10);
    if (s.tumbling_window) {
      InRange(kind, "tumbling_window", s.tumbling_window->count(), 0, 900, " s");
    }
    if (s.on_failure && !IsTarget(s.on_failure->arn)) {
      Problem(kind, "on_failure has no ARN; give FailureDestination::Queue(queue.Arn()) or "
                    "::Topic(topic.Ref())");
    }
    const bool at_timestamp = s.starting_position == StartingPosition::kAtTimestamp;
    if (at_timestamp && K == StreamKind::kDynamoDb) {
      Problem(kind, "DynamoDB streams start at LATEST or TRIM_HORIZON, not AT_TIMESTAMP");
    } else if (at_timestamp != s.starting_timestamp.has_value()) {
      Problem(kind, at_timestamp ? "AT_TIMESTAMP needs starting_timestamp"
                                 : "starting_timestamp is only read with AT_TIMESTAMP");
    }
    Filters(kind, s.filters);
  }

  void RuleName(std::string_view kind, const std::string& name) {
    if (name.empty() || name.size() > 64 || !std::all_of(name.begin(), name.end(), IsAsciiAlnum)) {
      Problem(kind, "name " + Quoted(name) +
                        " is not valid; use 1 to 64 letters and digits (it names the rule's "
                        "logical ID)");
    } else if (!rule_names_.insert(name).second) {
      Problem(kind, "another rule or schedule of this function is named " + Quoted(name));
    }
  }

  void Rule(const EventRule& s) {
    constexpr std::string_view kind = "EventRule";
    RuleName(kind, s.name);
    if (!s.pattern.is_object() || s.pattern.get_object().empty()) {
      Problem(kind, "pattern must be an event pattern (a JSON object), e.g. "
                    "{\"source\":[\"my.app\"]}");
    }
    if (!s.event_bus.is_null() && !IsTarget(s.event_bus)) {
      Problem(kind, "event_bus must be a bus name or ARN (or null for the default bus)");
    }
  }

  void CheckSchedule(const sparta::Schedule& s) {
    constexpr std::string_view kind = "Schedule";
    RuleName(kind, s.name);
    if (auto status = CheckScheduleExpression(s.expression); !status) {
      Problem(kind, status.error().message);
    }
  }

  void Logs(const LogSubscription& s) {
    constexpr std::string_view kind = "LogSubscription";
    Target(kind, "log_group_name", s.log_group_name, "group.Ref()");
    Once(kind, s.log_group_name);
    if (s.filter_pattern.size() > 1024) {
      Problem(kind, "filter_pattern is over CloudWatch Logs' 1,024 characters");
    }
  }

  void Ses(const SesReceipt& s) {
    constexpr std::string_view kind = "SesReceipt";
    const bool name_ok =
        !s.rule_name.empty() && s.rule_name.size() <= 64 && IsAsciiAlnum(s.rule_name.front()) &&
        IsAsciiAlnum(s.rule_name.back()) &&
        std::all_of(s.rule_name.begin(), s.rule_name.end(),
                    [](char c) { return IsAsciiAlnum(c) || c == '.' || c == '_' || c == '-'; });
    if (!name_ok) {
      Problem(kind, "rule_name " + Quoted(s.rule_name) +
                        " is not valid; SES takes 1 to 64 letters, digits, '.', '_' and '-', "
                        "starting and ending with a letter or digit");
    }
    Target(kind, "rule_set_name", s.rule_set_name, "rule_set.Ref()");
    if (s.recipients.size() > 100) {
      Problem(kind, "has " + std::to_string(s.recipients.size()) +
                        " recipients; SES allows 100 per rule");
    }
  }

  const Service& service_;
  const Function& f_;
  std::vector<std::string>& problems_;
  std::string which_;
  std::set<std::string> seen_;
  std::set<std::string> rule_names_;
};

}  // namespace

std::vector<std::string> CheckEventSources(const Service& service, const Function& f) {
  std::vector<std::string> problems;
  SourceChecker(service, f, problems).Run();
  return problems;
}

std::vector<std::string> CheckEventSourcesTogether(const std::vector<Function>& functions) {
  std::vector<std::string> problems;
  // S3 refuses two notification entries of a bucket whose event types and
  // key filters overlap ("Configurations overlap").
  struct Entry {
    std::string function;
    std::string event;
    std::string prefix;
    std::string suffix;
  };
  std::map<std::string, std::vector<Entry>> by_bucket;
  std::map<std::string, std::vector<std::string>> log_groups;  // group -> functions
  for (const Function& f : functions) {
    for (const EventSource& source : f.options.events) {
      if (const auto* s = std::get_if<S3Events>(&source)) {
        const auto* existing = std::get_if<ExistingBucket>(&s->bucket);
        const std::string bucket = existing != nullptr
                                       ? jsonutil::Compact(existing->name())
                                       : Quoted(std::get<cfn::Handle>(s->bucket).logical_id());
        for (const std::string& e : s->events) {
          Entry mine{f.name, e, s->prefix, s->suffix};
          for (const Entry& other : by_bucket[bucket]) {
            if (events::s3::EventTypesOverlap(mine.event, other.event) &&
                events::s3::KeyFiltersOverlap(mine.prefix, mine.suffix, other.prefix,
                                              other.suffix)) {
              problems.push_back("bucket " + bucket + ": " +
                                 Quoted(mine.event) + " for function " + Quoted(f.name) +
                                 " overlaps " + Quoted(other.event) + " for function " +
                                 Quoted(other.function) +
                                 " (S3 refuses overlapping notifications); give them key "
                                 "prefixes or suffixes that do not overlap");
            }
          }
          by_bucket[bucket].push_back(std::move(mine));
        }
      } else if (const auto* l = std::get_if<LogSubscription>(&source)) {
        log_groups[jsonutil::Compact(l->log_group_name)].push_back(f.name);
      }
    }
  }
  for (const auto& [group, names] : log_groups) {
    if (names.size() > 2) {
      std::string list;
      for (const std::string& n : names) list += (list.empty() ? "" : ", ") + Quoted(n);
      problems.push_back("log group " + group + " has " + std::to_string(names.size()) +
                         " subscription filters (functions " + list +
                         "); CloudWatch Logs allows 2 per group");
    }
  }
  return problems;
}

}  // namespace sparta::internal
