#include "event_sources.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

#include "sparta/cfn/intrinsics.hpp"
#include "sparta/cfn/logical_id.hpp"
#include "sparta/cfn/pseudo_parameters.hpp"
#include "sparta/service/custom_resource.hpp"

namespace sparta::internal {

namespace {

std::string AlnumOnly(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (IsAsciiAlnum(c)) out += c;
  }
  return out;
}

/// The logical ID of a `kind` resource of function `f` for source `tag`.
std::string SourceId(const Function& f, std::string_view tag, std::string_view kind) {
  return cfn::LogicalId(f.name + std::string(tag), kind);
}

/// "arn:<partition>:<service>:<region>:<account>:<rest...>" from parts that
/// may be expressions.
json::value ArnOf(std::string_view service, json::array rest, bool regional = true) {
  std::string service_part(1, ':');
  service_part.append(service).push_back(':');
  json::array parts{"arn:", cfn::Partition(), service_part};
  if (regional) {
    parts.push_back(cfn::Region());
    parts.emplace_back(":");
    parts.push_back(cfn::AccountId());
  } else {
    parts.emplace_back(":");
  }
  parts.emplace_back(":");
  for (json::value& p : rest) parts.push_back(std::move(p));
  return cfn::Join("", std::move(parts));
}

cfn::Resource Permission(const Function& f, std::string_view principal, json::value source_arn,
                         bool with_source_account) {
  cfn::Resource p{.type = "AWS::Lambda::Permission"};
  p.properties["Action"] = "lambda:InvokeFunction";
  p.properties["FunctionName"] = f.Arn();
  p.properties["Principal"] = principal;
  if (!source_arn.is_null()) p.properties["SourceArn"] = std::move(source_arn);
  if (with_source_account) p.properties["SourceAccount"] = cfn::AccountId();
  return p;
}

json::value FilterCriteria(const std::vector<json::value>& filters) {
  json::array list;
  // Lambda takes each pattern as a JSON string.
  for (const json::value& f : filters) list.push_back(json::object{{"Pattern", jsonutil::Compact(f)}});
  return json::object{{"Filters", std::move(list)}};
}

std::string_view StartingPositionName(StartingPosition p) {
  switch (p) {
    case StartingPosition::kLatest:
      return "LATEST";
    case StartingPosition::kTrimHorizon:
      return "TRIM_HORIZON";
    case StartingPosition::kAtTimestamp:
      return "AT_TIMESTAMP";
  }
  return "LATEST";
}

cfn::Resource SqsMapping(const Function& f, const SqsEvents& s) {
  cfn::Resource m{.type = "AWS::Lambda::EventSourceMapping"};
  json::object& p = m.properties;
  p["EventSourceArn"] = s.queue_arn;
  p["FunctionName"] = f.Ref();
  p["BatchSize"] = s.batch_size;
  if (s.batching_window.count() > 0) {
    p["MaximumBatchingWindowInSeconds"] = static_cast<std::int64_t>(s.batching_window.count());
  }
  if (s.report_batch_item_failures) p["FunctionResponseTypes"] = json::array{"ReportBatchItemFailures"};
  if (s.maximum_concurrency) {
    p["ScalingConfig"] = json::object{{"MaximumConcurrency", *s.maximum_concurrency}};
  }
  if (!s.filters.empty()) p["FilterCriteria"] = FilterCriteria(s.filters);
  p["Enabled"] = s.enabled;
  return m;
}

template <StreamKind K>
cfn::Resource StreamMapping(const Function& f, const StreamEvents<K>& s) {
  cfn::Resource m{.type = "AWS::Lambda::EventSourceMapping"};
  json::object& p = m.properties;
  p["EventSourceArn"] = s.stream_arn;
  p["FunctionName"] = f.Ref();
  p["StartingPosition"] = StartingPositionName(s.starting_position);
  if (s.starting_timestamp) {
    p["StartingPositionTimestamp"] =
        static_cast<std::int64_t>(s.starting_timestamp->time_since_epoch().count());
  }
  p["BatchSize"] = s.batch_size;
  if (s.batching_window.count() > 0) {
    p["MaximumBatchingWindowInSeconds"] = static_cast<std::int64_t>(s.batching_window.count());
  }
  if (s.bisect_batch_on_error) p["BisectBatchOnFunctionError"] = true;
  if (s.maximum_retry_attempts) p["MaximumRetryAttempts"] = *s.maximum_retry_attempts;
  if (s.maximum_record_age) {
    p["MaximumRecordAgeInSeconds"] = static_cast<std::int64_t>(s.maximum_record_age->count());
  }
  if (s.on_failure) {
    p["DestinationConfig"] =
        json::object{{"OnFailure", json::object{{"Destination", s.on_failure->arn}}}};
  }
  if (s.parallelization_factor != 1) p["ParallelizationFactor"] = s.parallelization_factor;
  if (s.tumbling_window) {
    p["TumblingWindowInSeconds"] = static_cast<std::int64_t>(s.tumbling_window->count());
  }
  if (s.report_batch_item_failures) p["FunctionResponseTypes"] = json::array{"ReportBatchItemFailures"};
  if (!s.filters.empty()) p["FilterCriteria"] = FilterCriteria(s.filters);
  p["Enabled"] = s.enabled;
  return m;
}

cfn::Resource Rule(const Function& f, const json::value& input, const std::string& description,
                   bool enabled) {
  cfn::Resource r{.type = "AWS::Events::Rule"};
  json::object target{{"Arn", f.Arn()}, {"Id", f.name}};
  // A target's Input is the JSON text of the event to send.
  if (!input.is_null()) target["Input"] = jsonutil::Compact(input);
  r.properties["Targets"] = json::array{std::move(target)};
  r.properties["State"] = enabled ? "ENABLED" : "DISABLED";
  if (!description.empty()) r.properties["Description"] = description;
  return r;
}

// Adds `f`'s entries to the bucket's notification configuration; the bucket
// waits for the permission, which S3 checks when the configuration is set.
Status AddBucketNotifications(cfn::Template& t, const Function& f, const S3Events& s,
                              const cfn::Handle& handle, const std::string& permission_id) {
  cfn::Resource* bucket = t.FindResource(handle.logical_id());
  if (bucket == nullptr || bucket->type != "AWS::S3::Bucket") {
    return MakeError("InvalidService", "function \"" + f.name + "\": S3Events bucket \"" +
                                           handle.logical_id() +
                                           "\" is not an AWS::S3::Bucket of this service");
  }
  json::object& notifications =
      bucket->properties["NotificationConfiguration"].is_object()
          ? bucket->properties["NotificationConfiguration"].get_object()
          : bucket->properties["NotificationConfiguration"].emplace_object();
  json::value& list = notifications["LambdaConfigurations"];
  if (!list.is_array()) list.emplace_array();
  for (const std::string& event : s.events) {
    json::object entry{{"Event", event}, {"Function", f.Arn()}};
    json::array rules;
    if (!s.prefix.empty()) rules.push_back(json::object{{"Name", "prefix"}, {"Value", s.prefix}});
    if (!s.suffix.empty()) rules.push_back(json::object{{"Name", "suffix"}, {"Value", s.suffix}});
    if (!rules.empty()) {
      entry["Filter"] = json::object{{"S3Key", json::object{{"Rules", std::move(rules)}}}};
    }
    list.get_array().push_back(std::move(entry));
  }
  auto& deps = bucket->depends_on;
  if (std::find(deps.begin(), deps.end(), permission_id) == deps.end()) {
    deps.push_back(permission_id);
  }
  return {};
}

Status Add(cfn::Template& t, std::string id, cfn::Resource r) {
  return t.AddResource(std::move(id), std::move(r));
}

// An existing bucket: the permission, then the built-in custom resource
// holding `f`'s entry. Entries for one bucket wait for the ones declared
// before them: each is a read-modify-write of the bucket's whole
// configuration, and two at once would lose one.
Status AddExistingBucketNotifications(cfn::Template& t, const Function& f, const S3Events& s,
                                      const ExistingBucket& bucket) {
  const std::string tag = TargetTag(bucket.name());
  const std::string permission_id = SourceId(f, tag, "S3Permission");
  if (auto st = Add(t, permission_id, Permission(f, "s3.amazonaws.com", ExistingBucketArn(bucket),
                                                 /*account=*/true));
      !st) {
    return st;
  }
  cfn::Resource entry{.type = std::string(kBucketNotificationsType),
                      .depends_on = {permission_id}};
  for (const auto& [id, other] : t.resources()) {
    if (other.type != kBucketNotificationsType) continue;
    const json::value* name = other.properties.if_contains("BucketName");
    if (name != nullptr && *name == bucket.name()) entry.depends_on.push_back(id);
  }
  json::object& p = entry.properties;
  p["ServiceToken"] = cfn::GetAtt(
      cfn::LogicalId(ProviderFunctionName(kBucketNotificationsType), "Function"), "Arn");
  p["BucketName"] = bucket.name();
  p["FunctionArn"] = f.Arn();
  p["Events"] = json::array(s.events.begin(), s.events.end());
  if (!s.prefix.empty()) p["Prefix"] = s.prefix;
  if (!s.suffix.empty()) p["Suffix"] = s.suffix;
  return Add(t, SourceId(f, tag, "S3Notifications"), std::move(entry));
}

// The S3 permission's SourceArn: from the bucket's declared name, when it
// has one (the bucket's own Arn would make it wait for the bucket, which
// waits for it).
json::value BucketArnFromName(const cfn::Template& t, const cfn::Handle& bucket) {
  const cfn::Resource* r = t.FindResource(bucket.logical_id());
  if (r == nullptr) return nullptr;
  const json::value* name = r->properties.if_contains("BucketName");
  if (name == nullptr) return nullptr;
  return ArnOf("s3", json::array{*name}, /*regional=*/false);
}

}  // namespace

std::string TargetTag(const json::value& target) {
  if (const json::object* o = target.if_object(); o != nullptr && o->size() == 1) {
    const auto& [key, arg] = *o->begin();
    if (key == "Ref" && arg.is_string()) return AlnumOnly(arg.get_string());
    if (key == "Fn::GetAtt") {
      if (const json::array* a = arg.if_array(); a && !a->empty() && (*a)[0].is_string()) {
        return AlnumOnly((*a)[0].get_string());
      }
    }
  }
  std::string readable;
  if (const json::string* s = target.if_string()) {
    std::string_view text = *s;
    const std::size_t cut = text.find_last_of(":/");
    readable = AlnumOnly(cut == std::string_view::npos ? text : text.substr(cut + 1));
    if (readable.size() > 64) readable.resize(64);
  }
  return readable + cfn::StableHash8(jsonutil::Compact(target));
}

std::vector<IamPrivilege> EventSourcePrivileges(const Function& f) {
  std::vector<IamPrivilege> out;
  auto on_failure = [&out](const std::optional<FailureDestination>& d) {
    if (!d) return;
    out.push_back({.actions = {d->kind == FailureDestination::Kind::kQueue ? "sqs:SendMessage"
                                                                           : "sns:Publish"},
                   .resources = {d->arn}});
  };
  for (const EventSource& source : f.options.events) {
    std::visit(
        Overloaded{
            [&](const SqsEvents& s) {
              out.push_back({.actions = {"sqs:ReceiveMessage", "sqs:DeleteMessage",
                                         "sqs:GetQueueAttributes"},
                             .resources = {s.queue_arn}});
            },
            [&](const DynamoDbStreamEvents& s) {
              out.push_back({.actions = {"dynamodb:DescribeStream", "dynamodb:GetRecords",
                                         "dynamodb:GetShardIterator"},
                             .resources = {s.stream_arn}});
              on_failure(s.on_failure);
            },
            [&](const KinesisEvents& s) {
              out.push_back({.actions = {"kinesis:DescribeStream", "kinesis:DescribeStreamSummary",
                                         "kinesis:GetRecords", "kinesis:GetShardIterator",
                                         "kinesis:ListShards"},
                             .resources = {s.stream_arn}});
              on_failure(s.on_failure);
            },
            [&](const S3Events& s) {
              if (!s.read_objects) return;
              const auto* own = std::get_if<cfn::Handle>(&s.bucket);
              json::value bucket_arn = own != nullptr
                                           ? cfn::GetAtt(own->logical_id(), "Arn")
                                           : ExistingBucketArn(std::get<ExistingBucket>(s.bucket));
              out.push_back({.actions = {"s3:GetObject"},
                             .resources = {cfn::Join("", {std::move(bucket_arn), "/*"})}});
            },
            // The other services that push (SNS, EventBridge, CloudWatch
            // Logs, SES) need a permission on the function, not a privilege.
            [](const auto&) {}},
        source);
  }
  return out;
}

std::set<std::string> ReactedBuckets(const Function& f) {
  std::set<std::string> out;
  for (const EventSource& source : f.options.events) {
    const auto* s = std::get_if<S3Events>(&source);
    if (s == nullptr) continue;
    if (const auto* own = std::get_if<cfn::Handle>(&s->bucket)) out.insert(own->logical_id());
  }
  return out;
}

std::vector<const ExistingBucket*> ExistingBuckets(const Function& f) {
  std::vector<const ExistingBucket*> out;
  for (const EventSource& source : f.options.events) {
    const auto* s = std::get_if<S3Events>(&source);
    if (s == nullptr) continue;
    if (const auto* existing = std::get_if<ExistingBucket>(&s->bucket)) out.push_back(existing);
  }
  return out;
}

json::value ExistingBucketArn(const ExistingBucket& bucket) {
  return ArnOf("s3", json::array{bucket.name()}, /*regional=*/false);
}

Status AddEventSources(cfn::Template& t, const Function& f, const FunctionLogicalIds&) {
  for (const EventSource& source : f.options.events) {
    Status status = std::visit(
        Overloaded{
            [&](const S3Events& s) -> Status {
              if (const auto* existing = std::get_if<ExistingBucket>(&s.bucket)) {
                return AddExistingBucketNotifications(t, f, s, *existing);
              }
              const cfn::Handle& bucket = std::get<cfn::Handle>(s.bucket);
              const std::string tag = AlnumOnly(bucket.logical_id());
              const std::string permission_id = SourceId(f, tag, "S3Permission");
              if (t.FindResource(permission_id) == nullptr) {
                cfn::Resource p = Permission(f, "s3.amazonaws.com",
                                             BucketArnFromName(t, bucket), /*account=*/true);
                if (auto st = Add(t, permission_id, std::move(p)); !st) return st;
              }
              return AddBucketNotifications(t, f, s, bucket, permission_id);
            },
            [&](const SnsEvents& s) -> Status {
              const std::string tag = TargetTag(s.topic_arn);
              const std::string permission_id = SourceId(f, tag, "SnsPermission");
              if (auto st = Add(t, permission_id,
                                Permission(f, "sns.amazonaws.com", s.topic_arn, false));
                  !st) {
                return st;
              }
              cfn::Resource sub{.type = "AWS::SNS::Subscription", .depends_on = {permission_id}};
              sub.properties["Protocol"] = "lambda";
              sub.properties["Endpoint"] = f.Arn();
              sub.properties["TopicArn"] = s.topic_arn;
              if (!s.filter_policy.is_null()) {
                sub.properties["FilterPolicy"] = s.filter_policy;
                sub.properties["FilterPolicyScope"] =
                    s.filter_policy_scope == FilterPolicyScope::kMessageBody ? "MessageBody"
                                                                             : "MessageAttributes";
              }
              return Add(t, SourceId(f, tag, "SnsSubscription"), std::move(sub));
            },
            [&](const SqsEvents& s) -> Status {
              return Add(t, SourceId(f, TargetTag(s.queue_arn), "SqsMapping"), SqsMapping(f, s));
            },
            [&](const DynamoDbStreamEvents& s) -> Status {
              return Add(t, SourceId(f, TargetTag(s.stream_arn), "DynamoDbMapping"),
                         StreamMapping(f, s));
            },
            [&](const KinesisEvents& s) -> Status {
              return Add(t, SourceId(f, TargetTag(s.stream_arn), "KinesisMapping"),
                         StreamMapping(f, s));
            },
            [&](const EventRule& s) -> Status {
              const std::string rule_id = SourceId(f, s.name, "EventsRule");
              cfn::Resource rule = Rule(f, s.input, s.description, s.enabled);
              rule.properties["EventPattern"] = s.pattern;
              if (!s.event_bus.is_null()) rule.properties["EventBusName"] = s.event_bus;
              if (auto st = Add(t, rule_id, std::move(rule)); !st) return st;
              return Add(t, SourceId(f, s.name, "EventsPermission"),
                         Permission(f, "events.amazonaws.com", cfn::GetAtt(rule_id, "Arn"), false));
            },
            [&](const Schedule& s) -> Status {
              const std::string rule_id = SourceId(f, s.name, "EventsRule");
              cfn::Resource rule = Rule(f, s.input, s.description, s.enabled);
              rule.properties["ScheduleExpression"] = s.expression;
              if (auto st = Add(t, rule_id, std::move(rule)); !st) return st;
              return Add(t, SourceId(f, s.name, "EventsPermission"),
                         Permission(f, "events.amazonaws.com", cfn::GetAtt(rule_id, "Arn"), false));
            },
            [&](const LogSubscription& s) -> Status {
              const std::string tag = TargetTag(s.log_group_name);
              const std::string permission_id = SourceId(f, tag, "LogsPermission");
              json::value group_arn =
                  ArnOf("logs", json::array{"log-group:", s.log_group_name, ":*"});
              if (auto st = Add(t, permission_id,
                                Permission(f, "logs.amazonaws.com", std::move(group_arn), true));
                  !st) {
                return st;
              }
              cfn::Resource filter{.type = "AWS::Logs::SubscriptionFilter",
                                   .depends_on = {permission_id}};
              filter.properties["LogGroupName"] = s.log_group_name;
              filter.properties["FilterPattern"] = s.filter_pattern;
              filter.properties["DestinationArn"] = f.Arn();
              return Add(t, SourceId(f, tag, "LogsSubscription"), std::move(filter));
            },
            [&](const SesReceipt& s) -> Status {
              const std::string tag = AlnumOnly(s.rule_name) + cfn::StableHash8(s.rule_name);
              const std::string permission_id = SourceId(f, tag, "SesPermission");
              json::value rule_arn =
                  ArnOf("ses", json::array{"receipt-rule-set/", s.rule_set_name,
                                           std::string(":receipt-rule/").append(s.rule_name)});
              if (auto st = Add(t, permission_id,
                                Permission(f, "ses.amazonaws.com", std::move(rule_arn), true));
                  !st) {
                return st;
              }
              json::object lambda_action{
                  {"FunctionArn", f.Arn()},
                  {"InvocationType", s.request_response ? "RequestResponse" : "Event"}};
              json::object rule{{"Name", s.rule_name},
                                {"Enabled", s.enabled},
                                {"ScanEnabled", s.scan_enabled},
                                {"Actions", json::array{json::object{
                                                {"LambdaAction", std::move(lambda_action)}}}}};
              if (!s.recipients.empty()) {
                rule["Recipients"] = json::array(s.recipients.begin(), s.recipients.end());
              }
              cfn::Resource receipt{.type = "AWS::SES::ReceiptRule", .depends_on = {permission_id}};
              receipt.properties["RuleSetName"] = s.rule_set_name;
              receipt.properties["Rule"] = std::move(rule);
              return Add(t, SourceId(f, tag, "SesReceiptRule"), std::move(receipt));
            }},
        source);
    if (!status) return status;
  }
  return {};
}

}  // namespace sparta::internal
