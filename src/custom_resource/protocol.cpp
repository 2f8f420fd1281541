// The custom resource protocol for a function serving it (protocol.hpp).

#include "sparta/custom_resource/protocol.hpp"

#include <cstdio>
#include <cstdlib>
#include <future>
#include <thread>

#include "sparta/aws/http_transport.hpp"
#include "sparta/json/json.hpp"
#include "sparta/runtime/function_error.hpp"

namespace sparta::custom_resource {
namespace {

using Clock = std::chrono::steady_clock;

Error Invalid(std::string message) { return MakeError("InvalidRequest", std::move(message)); }

Result<std::string> RequiredString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string() || v->get_string().empty()) {
    std::string message = "the request has no ";
    message.append(key);
    message += " (a non-empty string)";
    return Invalid(message);
  }
  return std::string(v->get_string());
}

std::string OptionalString(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

json::object OptionalObject(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->get_object() : json::object();
}

json::object Envelope(const Request& request, std::string_view status,
                      std::string_view physical_id) {
  json::object out;
  out["Status"] = status;
  out["PhysicalResourceId"] = physical_id;
  out["StackId"] = request.stack_id;
  out["RequestId"] = request.request_id;
  out["LogicalResourceId"] = request.logical_resource_id;
  return out;
}

std::string DefaultPhysicalId(const Request& request) {
  if (!request.physical_resource_id.empty()) return request.physical_resource_id;
  std::string id = request.logical_resource_id;
  id += '-';
  id += request.request_id;
  return id;
}

/// Splits "scheme://host[:port]/path?query" (the path and query stay
/// encoded, as presigned).
Result<aws::HttpRequest> PutRequest(std::string_view url, std::string_view body) {
  aws::HttpRequest request;
  request.method = "PUT";
  std::string_view rest;
  if (url.starts_with("https://")) {
    request.scheme = "https";
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    request.scheme = "http";
    rest = url.substr(7);
  } else {
    return Invalid("the ResponseURL is not an http(s) URL");
  }
  const std::size_t slash = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, slash);
  std::string_view target = slash == std::string_view::npos ? "/" : rest.substr(slash);
  const std::size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    int port = 0;
    for (char c : authority.substr(colon + 1)) {
      if (c < '0' || c > '9' || port > 65535) return Invalid("the ResponseURL has a bad port");
      port = port * 10 + (c - '0');
    }
    if (port < 1 || port > 65535) return Invalid("the ResponseURL has a bad port");
    request.port = static_cast<uint16_t>(port);
    authority = authority.substr(0, colon);
  }
  if (authority.empty()) return Invalid("the ResponseURL has no host");
  request.host = std::string(authority);
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  request.path.assign(path.empty() ? std::string_view("/") : path);
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));
  request.body = std::string(body);
  return request;
}

}  // namespace

std::string_view Name(RequestType type) {
  switch (type) {
    case RequestType::kCreate:
      return "Create";
    case RequestType::kUpdate:
      return "Update";
    case RequestType::kDelete:
      return "Delete";
  }
  return "Create";
}

Result<Request> Request::Parse(std::string_view payload) {
  std::error_code ec;
  json::value doc = json::parse(payload, ec, {}, jsonutil::ParseOptions());
  if (ec || !doc.is_object()) return Invalid("the payload is not a JSON object");
  const json::object& o = doc.get_object();
  Request r;
  auto type = RequiredString(o, "RequestType");
  if (!type) return type.error();
  if (*type == "Create") {
    r.type = RequestType::kCreate;
  } else if (*type == "Update") {
    r.type = RequestType::kUpdate;
  } else if (*type == "Delete") {
    r.type = RequestType::kDelete;
  } else {
    return Invalid("RequestType must be Create, Update or Delete, not \"" + *type + "\"");
  }
  for (auto [key, field] :
       {std::pair{"ResponseURL", &r.response_url}, std::pair{"StackId", &r.stack_id},
        std::pair{"RequestId", &r.request_id},
        std::pair{"LogicalResourceId", &r.logical_resource_id},
        std::pair{"ResourceType", &r.resource_type}}) {
    auto value = RequiredString(o, key);
    if (!value) return value.error();
    *field = std::move(*value);
  }
  r.service_token = OptionalString(o, "ServiceToken");
  r.physical_resource_id = OptionalString(o, "PhysicalResourceId");
  if (r.type != RequestType::kCreate && r.physical_resource_id.empty()) {
    return Invalid("the request has no PhysicalResourceId (an Update or Delete names one)");
  }
  r.properties = OptionalObject(o, "ResourceProperties");
  r.old_properties = OptionalObject(o, "OldResourceProperties");
  return r;
}

Result<std::string> SuccessResponse(const Request& request, const Outcome& outcome) {
  std::string physical_id = outcome.physical_id;
  if (physical_id.empty()) physical_id = DefaultPhysicalId(request);
  json::object out = Envelope(request, "SUCCESS", physical_id);
  if (outcome.no_echo) out["NoEcho"] = true;
  out["Data"] = outcome.data;
  std::string body = jsonutil::Compact(out);
  if (body.size() > kMaxResponseBytes) {
    std::string message = "the response of ";
    message += request.resource_type;
    message += " is ";
    message += std::to_string(body.size());
    message += " bytes; CloudFormation reads at most 4096: return less Data";
    return MakeError("ResponseTooLarge", message);
  }
  return body;
}

std::string FailedResponse(const Request& request, std::string_view reason) {
  json::object out = Envelope(request, "FAILED", DefaultPhysicalId(request));
  out["Reason"] = reason;
  std::string body = jsonutil::Compact(out);
  if (body.size() <= kMaxResponseBytes) return body;
  const std::size_t room = kMaxResponseBytes - (body.size() - reason.size()) - 3;
  std::string shortened(reason.substr(0, std::min(room, reason.size())));
  // Do not cut a UTF-8 sequence in two.
  while (!shortened.empty() && (static_cast<unsigned char>(shortened.back()) & 0xC0) == 0x80) {
    shortened.pop_back();
  }
  if (!shortened.empty() && static_cast<unsigned char>(shortened.back()) >= 0xC0) {
    shortened.pop_back();
  }
  shortened += "...";
  out["Reason"] = shortened;
  return jsonutil::Compact(out);
}

Status SendResponse(std::string_view url, std::string_view body, Clock::time_point deadline) {
  auto request = PutRequest(url, body);
  if (!request) return request.error();
  static const std::shared_ptr<aws::HttpTransport> transport = aws::MakeHttpTransport();
  std::chrono::milliseconds backoff{100};
  std::string last;
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left <= std::chrono::milliseconds(0)) break;
    auto response = transport->Send(*request, std::min(left, std::chrono::milliseconds(10000)));
    if (response && response->status >= 200 && response->status < 300) return {};
    if (response && response->status < 500) {
      return MakeError("ResponseRejected", "the ResponseURL answered HTTP " +
                                               std::to_string(response->status) + ": " +
                                               response->body.substr(0, 300));
    }
    last = response ? "HTTP " + std::to_string(response->status) : response.error().message;
    if (Clock::now() + backoff >= deadline) break;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
  return MakeError("ResponseNotDelivered",
                   "the response could not be PUT to the ResponseURL before the function's "
                   "deadline (last attempt: " +
                       last + ")");
}

std::string Serve(std::string_view payload, runtime::Context& context, const Callback& callback,
                  const ServeOptions& options) {
  auto request = Request::Parse(payload);
  if (!request) {
    throw runtime::FunctionError("Sparta.CustomResourceError",
                                 "this function serves a CloudFormation custom resource, and the "
                                 "event is not a custom resource request: " +
                                     request.error().message);
  }
  const auto left = context.deadline() - std::chrono::system_clock::now();
  const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(left);
  const auto margin = std::min<Clock::duration>(std::chrono::seconds(2), left / 4);
  const auto guard = deadline - margin;

  auto task = std::make_shared<std::packaged_task<Outcome()>>(
      [&callback, &options, r = *request, &context]() -> Outcome {
        if (r.type == RequestType::kDelete && options.skip_deletes_during_cleanup) {
          auto status = options.skip_deletes_during_cleanup(r.stack_id);
          if (status.ok() && *status == kUpdateCleanupStatus) {
            context.log().Info("Delete of " + r.physical_resource_id +
                               " skipped: the stack is cleaning up after an update, and the "
                               "resource that replaced it must keep working");
            return {.physical_id = r.physical_resource_id};
          }
          if (!status.ok()) {
            context.log().Info("cannot read the stack's status (" + status.error().message +
                               "); deleting as usual");
          }
        }
        return callback(r, context);
      });
  std::future<Outcome> done = task->get_future();
  std::thread worker([task] { (*task)(); });

  std::string body;
  bool timed_out = false;
  if (done.wait_until(guard) != std::future_status::ready) {
    timed_out = true;
    worker.detach();
    std::string reason = "the ";
    reason += Name(request->type);
    reason += " handler of ";
    reason += request->resource_type;
    reason +=
        " did not finish before the function's timeout; raise the custom resource "
        "function's timeout or make the handler faster";
    body = FailedResponse(*request, reason);
  } else {
    worker.join();
    try {
      Outcome outcome = done.get();
      if (request->type == RequestType::kDelete)
        outcome.physical_id = request->physical_resource_id;
      auto success = SuccessResponse(*request, outcome);
      body = success ? *success : FailedResponse(*request, success.error().message);
    } catch (const std::exception& e) {
      body = FailedResponse(*request, e.what());
    } catch (...) {
      body =
          FailedResponse(*request, "the handler threw an exception that is not a std::exception");
    }
  }
  Status sent = SendResponse(request->response_url, body, deadline);
  if (timed_out) {
    // The handler may still be running on its thread: end this execution
    // environment rather than let it run into the next request.
    std::fprintf(stderr, "%s\n", "Sparta: the custom resource handler overran; FAILED was sent");
    std::fflush(nullptr);
    std::_Exit(1);
  }
  if (!sent) {
    throw runtime::FunctionError(
        "Sparta.CustomResourceError",
        "CloudFormation was not told the outcome: " + sent.error().message);
  }
  return body;
}

}  // namespace sparta::custom_resource
