// A custom resource provider for the local CloudFormation's tests, on
// Sparta's own runtime. It answers each CloudFormation request by PUTting to
// its ResponseURL (plain HTTP: the local cloud's presigned URL) and appends
// one line per request, "<RequestType> <PhysicalResourceId> <Value>", to the
// file named by the environment variable CR_CALLS. ResourceProperties steer
// it:
//   Id       the PhysicalResourceId is "phys-<Id>" (a new Id on update
//            means replacement)
//   Value    echoed as Data.Echo, Count as Data.Count
//   FailOn   "Create" | "Update" | "Delete": answer FAILED for that request
//   CrashOn  the same, but crash (SIGSEGV) without answering
//   Big      "true": a response over 4,096 bytes
//   Secret   "true": NoEcho
//   SkipCleanupDeletes "true": a Delete that finds the stack (read with
//            sparta::aws::ReadStackStatus, as a Sparta provider does) in
//            UPDATE_COMPLETE_CLEANUP_IN_PROGRESS is recorded as
//            "Skipped <id> <status>" and answered without deleting
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sparta/aws/own_stack.hpp"
#include "sparta/custom_resource/protocol.hpp"
#include "sparta/json/json.hpp"
#include "sparta/runtime/function_error.hpp"
#include "sparta/runtime/runtime.hpp"

namespace {

namespace json = sparta::json;

std::string Str(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

void Record(const std::string& line) {
  const char* path = std::getenv("CR_CALLS");
  if (path == nullptr) return;
  if (std::FILE* f = std::fopen(path, "a")) {
    std::fputs((line + "\n").c_str(), f);
    std::fclose(f);
  }
}

std::string Serve(std::string_view payload, sparta::runtime::Context&) {
  json::object event = json::parse(payload).as_object();
  const json::object& props = event.at("ResourceProperties").as_object();
  const std::string type = Str(event, "RequestType");
  const std::string current = Str(event, "PhysicalResourceId");
  if (type == "Delete" && Str(props, "SkipCleanupDeletes") == "true") {
    auto status = sparta::aws::ReadStackStatus(Str(event, "StackId"));
    const std::string seen = status ? *status : "error: " + status.error().message;
    if (seen == sparta::custom_resource::kUpdateCleanupStatus) {
      Record("Skipped " + current + " " + seen);
    } else {
      Record(type + " " + current + " " + Str(props, "Value") + " (" + seen + ")");
    }
  } else {
    Record(type + " " + current + " " + Str(props, "Value"));
  }
  if (Str(props, "CrashOn") == type) ::raise(SIGSEGV);

  json::object response{{"StackId", event.at("StackId")},
                        {"RequestId", event.at("RequestId")},
                        {"LogicalResourceId", event.at("LogicalResourceId")}};
  const std::string id = Str(props, "Id");
  response["PhysicalResourceId"] = type == "Delete" || id.empty() ? current : "phys-" + id;
  if (Str(props, "FailOn") == type) {
    response["Status"] = "FAILED";
    response["Reason"] = "asked to fail on " + type;
  } else {
    response["Status"] = "SUCCESS";
    json::object data{
        {"Echo", Str(props, "Value")},
        {"Count", props.contains("Count") ? props.at("Count") : json::value(nullptr)}};
    if (Str(props, "Big") == "true") data["Padding"] = std::string(5000, 'x');
    response["Data"] = std::move(data);
    if (Str(props, "Secret") == "true") response["NoEcho"] = true;
  }
  // Sent with the library's own PUT (what a Sparta provider uses).
  auto sent = sparta::custom_resource::SendResponse(
      Str(event, "ResponseURL"), json::serialize(response),
      std::chrono::steady_clock::now() + std::chrono::seconds(10));
  if (!sent) throw sparta::runtime::FunctionError("Test", sent.error().message);
  return "{}";
}

}  // namespace

int main() { return sparta::runtime::RunLambdaRuntime({{"bootstrap", &Serve}}); }
