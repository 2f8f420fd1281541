// `provision`, `delete` and `status`: the deploy layer's operations, with
// their results rendered as text or JSON.

#include <fmt/core.h>

#include "sparta/deploy/build_service.hpp"
#include "sparta/deploy/delete_stack.hpp"
#include "sparta/deploy/provision.hpp"
#include "sparta/deploy/stack_status_report.hpp"

#include "aws_options.hpp"
#include "bootstrap_locator.hpp"
#include "output.hpp"
#include "progress_renderer.hpp"
#include "verbs.hpp"

namespace sparta::cli {
namespace {

double Seconds(std::chrono::milliseconds ms) { return static_cast<double>(ms.count()) / 1000.0; }

json::array OutputsJson(const std::vector<aws::cloudformation::Output>& outputs) {
  json::array a;
  for (const auto& o : outputs) {
    a.push_back({{"key", o.key},
                 {"value", o.value},
                 {"description", o.description},
                 {"exportName", o.export_name}});
  }
  return a;
}

void PrintOutputs(const std::vector<aws::cloudformation::Output>& outputs) {
  if (outputs.empty()) return;
  fmt::print("outputs:\n");
  for (const auto& o : outputs) fmt::print("  {:<28} {}\n", o.key, o.value);
}

// Reports a failed operation: the human message on stderr, and in JSON mode
// also an "error" line on stdout.
int Fail(ProgressRenderer& progress, bool json_output, const Error& error) {
  progress.Finish();
  if (json_output) {
    progress.PrintJsonLine({{"event", "error"}, {"code", error.code}, {"message", error.message}});
  }
  PrintError(error);
  return ExitCodeFor(error);
}

void PrintProvisionText(const deploy::ProvisionResult& r) {
  const std::string outcome(deploy::ProvisionOutcomeName(r.outcome));
  switch (r.outcome) {
    case deploy::ProvisionOutcome::kNoChanges:
      fmt::print("stack {}: no changes ({}); uploaded {} bytes\n", r.stack_name, r.stack_status,
                 r.bytes_uploaded);
      break;
    case deploy::ProvisionOutcome::kPlanned:
      fmt::print("plan for stack {} in {} (account {}): nothing was changed\n", r.stack_name,
                 r.region, r.account);
      for (const auto& u : r.uploads) {
        fmt::print("  {} s3://{}/{} ({} bytes)\n", u.skipped ? "unchanged" : "upload   ", u.bucket,
                   u.key, u.size);
      }
      for (const auto& c : r.changes) {
        fmt::print("  {:<9} {:<40} {}{}\n", c.action, c.logical_id, c.resource_type,
                   c.replacement.empty() ? "" : " (replacement: " + c.replacement + ")");
      }
      for (const auto& note : r.plan_notes) fmt::print("  note: {}\n", note);
      break;
    default:
      fmt::print("stack {}: {} ({}) in {:.1f} s; uploaded {} bytes\n", r.stack_name, outcome,
                 r.stack_status, Seconds(r.elapsed), r.bytes_uploaded);
      PrintOutputs(r.outputs);
  }
}

json::value ProvisionJson(const deploy::ProvisionResult& r) {
  json::array uploads, changes;
  for (const auto& u : r.uploads) uploads.push_back(ToJson(u));
  for (const auto& c : r.changes) changes.push_back(ToJson(c));
  json::array notes;
  for (const auto& n : r.plan_notes) notes.emplace_back(n);
  return {{"event", "result"},
          {"outcome", deploy::ProvisionOutcomeName(r.outcome)},
          {"stackName", r.stack_name},
          {"stackId", r.stack_id},
          {"stackStatus", r.stack_status},
          {"region", r.region},
          {"account", r.account},
          {"bucket", r.bucket},
          {"codeKey", r.code_key},
          {"templateKey", r.template_key},
          {"bytesUploaded", r.bytes_uploaded},
          {"uploads", std::move(uploads)},
          {"changes", std::move(changes)},
          {"planNotes", std::move(notes)},
          {"outputs", OutputsJson(r.outputs)},
          {"elapsedMs", r.elapsed.count()}};
}

}  // namespace

int RunProvision(const Service& service, const ProvisionOptions& options) {
  ProgressRenderer progress(options.aws.json_output);
  auto stack = StackName(service, options.aws.stage);
  if (!stack.ok()) return Fail(progress, options.aws.json_output, stack.error());
  auto bootstrap = LocateBootstrap(options.bootstrap);
  if (!bootstrap.ok()) return Fail(progress, options.aws.json_output, bootstrap.error());
  auto session = OpenSession(options.aws);
  if (!session.ok()) return Fail(progress, options.aws.json_output, session.error());
  auto built =
      deploy::BuildService(service, *bootstrap, options.output_dir, AllowHostDependentBootstrap());
  if (!built.ok()) return Fail(progress, options.aws.json_output, built.error());
  for (const std::string& note : built->notes) {
    progress.OnEvent({.kind = deploy::ProgressKind::kNotice, .message = note});
  }

  deploy::ProvisionRequest request;
  request.stack_name = *stack;
  request.bucket = options.bucket;
  request.parameters = options.parameters;
  request.tags = options.tags;
  request.noop = options.noop;
  request.poll_interval = PollInterval(**session);
  auto result = deploy::Provision(**session, *built, request, progress);
  if (!result.ok()) {
    // The service's rollback hooks undo what its build hooks did outside.
    const BuildContext context{service, options.output_dir};
    for (const auto& hook : service.hooks.rollback) hook.run(context, result.error());
    return Fail(progress, options.aws.json_output, result.error());
  }
  progress.Finish();
  if (options.aws.json_output) {
    progress.PrintJsonLine(ProvisionJson(*result));
  } else {
    PrintProvisionText(*result);
  }
  return kExitOk;
}

int RunDelete(const Service& service, const DeleteOptions& options) {
  ProgressRenderer progress(options.aws.json_output);
  auto stack = StackName(service, options.aws.stage);
  if (!stack.ok()) return Fail(progress, options.aws.json_output, stack.error());
  auto session = OpenSession(options.aws);
  if (!session.ok()) return Fail(progress, options.aws.json_output, session.error());
  deploy::DeleteOptions request;
  request.delete_artifacts = options.delete_artifacts;
  request.poll_interval = PollInterval(**session);
  auto result = deploy::DeleteStack(**session, *stack, request, progress);
  if (!result.ok()) return Fail(progress, options.aws.json_output, result.error());
  progress.Finish();
  if (options.aws.json_output) {
    json::array deleted;
    for (const auto& k : result->artifacts_deleted) deleted.emplace_back(k);
    progress.PrintJsonLine({{"event", "result"},
                            {"stackName", result->stack_name},
                            {"existed", result->existed},
                            {"stackId", result->stack_id},
                            {"stackStatus", result->final_status},
                            {"region", result->region},
                            {"artifactsDeleted", std::move(deleted)},
                            {"elapsedMs", result->elapsed.count()}});
  } else if (!result->existed) {
    fmt::print("stack {} does not exist in {}: nothing to delete\n", result->stack_name,
               result->region);
  } else {
    fmt::print("stack {}: deleted ({}) in {:.1f} s", result->stack_name, result->final_status,
               Seconds(result->elapsed));
    if (options.delete_artifacts) {
      fmt::print("; {} artifact objects removed", result->artifacts_deleted.size());
    }
    fmt::print("\n");
  }
  return kExitOk;
}

int RunStatus(const Service& service, const AwsOptions& options) {
  ProgressRenderer progress(options.json_output);
  auto stack = StackName(service, options.stage);
  if (!stack.ok()) return Fail(progress, options.json_output, stack.error());
  auto session = OpenSession(options);
  if (!session.ok()) return Fail(progress, options.json_output, session.error());
  auto report = deploy::DescribeStatus(**session, *stack);
  if (!report.ok()) return Fail(progress, options.json_output, report.error());
  const auto& s = report->stack;
  if (options.json_output) {
    json::object params, tags;
    for (const auto& p : s.parameters) params[p.key] = p.value;
    for (const auto& t : s.tags) tags[t.key] = t.value;
    json::array resources, events;
    for (const auto& r : report->resources) {
      resources.push_back({{"logicalId", r.logical_resource_id},
                           {"type", r.resource_type},
                           {"physicalId", r.physical_resource_id},
                           {"status", r.resource_status},
                           {"reason", r.resource_status_reason}});
    }
    for (const auto& e : report->events) events.push_back(ToJson(e));
    progress.PrintJsonLine({{"stackName", s.stack_name},
                            {"stackId", s.stack_id},
                            {"stackStatus", s.stack_status},
                            {"reason", s.stack_status_reason},
                            {"region", report->region},
                            {"created", s.creation_time},
                            {"updated", s.last_updated_time},
                            {"parameters", std::move(params)},
                            {"tags", std::move(tags)},
                            {"outputs", OutputsJson(s.outputs)},
                            {"resources", std::move(resources)},
                            {"events", std::move(events)}});
    return kExitOk;
  }
  fmt::print("stack {}  {}  (region {})\n", s.stack_name, s.stack_status, report->region);
  if (!s.stack_status_reason.empty()) fmt::print("reason: {}\n", s.stack_status_reason);
  fmt::print("created {}{}\n", s.creation_time,
             s.last_updated_time.empty() ? "" : ", updated " + s.last_updated_time);
  if (!s.parameters.empty()) {
    fmt::print("parameters:\n");
    for (const auto& p : s.parameters) fmt::print("  {:<28} {}\n", p.key, p.value);
  }
  PrintOutputs(s.outputs);
  fmt::print("resources:\n");
  for (const auto& r : report->resources) {
    fmt::print("  {:<36} {:<28} {:<24} {}\n", r.logical_resource_id, r.resource_type,
               r.resource_status, r.physical_resource_id);
  }
  fmt::print("last events:\n");
  for (const auto& e : report->events) {
    fmt::print("  {} {:<36} {}{}\n", e.timestamp, e.logical_resource_id, e.resource_status,
               e.resource_status_reason.empty() ? "" : "  " + e.resource_status_reason);
  }
  return kExitOk;
}

}  // namespace sparta::cli
