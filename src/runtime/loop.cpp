#include "runtime/loop.hpp"

#include <charconv>
#include <thread>

#include "sparta/runtime/context.hpp"

#include "runtime/crash_handler.hpp"
#include "runtime/error_report.hpp"
#include "runtime/runtime_api_client.hpp"
#include "runtime/trace_id_env.hpp"

namespace sparta::runtime::internal {
namespace {

enum class Next { kContinue, kExit };

// The ResponseStream a streaming handler writes to: each Write is one chunk,
// sent at once; the request head goes with the first chunk, so an exception
// before any byte can still be reported through /error.
class LambdaResponseStream final : public ResponseStream {
 public:
  LambdaResponseStream(RuntimeApiClient& client, std::string_view request_id, const Logger& log)
      : client_(client), request_id_(request_id), log_(log) {}

  bool Write(std::string_view bytes) override {
    if (broken_) return false;
    if (bytes.empty()) return true;  // an empty chunk would end the stream
    Status sent = client_.StreamChunk(request_id_, bytes);
    started_ = true;
    if (!sent) {
      broken_ = true;
      log_.Error("response stream lost: " + sent.error().message);
    }
    return sent.ok();
  }

  bool started() const { return started_; }
  bool broken() const { return broken_; }

 private:
  RuntimeApiClient& client_;
  std::string_view request_id_;
  const Logger& log_;
  bool started_ = false;
  bool broken_ = false;
};

std::chrono::system_clock::time_point ParseDeadline(std::string_view ms) {
  long long value = 0;
  std::from_chars(ms.data(), ms.data() + ms.size(), value);
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(value));
}

InvocationInfo MakeInfo(const NextInvocation& next) {
  InvocationInfo info;
  info.request_id = next.request_id;
  info.deadline = ParseDeadline(next.deadline_ms);
  info.invoked_function_arn = next.invoked_function_arn;
  info.trace_id = next.trace_id;
  info.client_context = next.client_context;
  info.cognito_identity = next.cognito_identity;
  info.tenant_id = next.tenant_id;
  info.content_type = next.content_type;
  return info;
}

std::string DeclaredNames(const std::vector<NamedHandler>& handlers) {
  std::string names;
  for (const NamedHandler& h : handlers) {
    if (!names.empty()) names += ", ";
    names += h.name;
  }
  return names.empty() ? "(none)" : names;
}

const Handler* FindHandler(const std::vector<NamedHandler>& handlers, const std::string& name) {
  for (const NamedHandler& h : handlers) {
    if (h.name == name && !h.handler.empty()) return &h.handler;
  }
  return nullptr;
}

// Acts on Lambda's answer to a post: 4xx refuses this result only (413 means
// Lambda has already failed the invoke with Function.ResponseSizeTooLarge);
// 5xx asks the runtime to exit.
Next Judge(const Result<PostOutcome>& outcome, std::string_view what, const Logger& log) {
  if (!outcome) {
    log.Error(std::string("could not post the ") + std::string(what) + ": " +
              outcome.error().message);
    return Next::kContinue;  // /next reconnects, or gives up if Lambda is gone
  }
  if (outcome->accepted()) return Next::kContinue;
  std::string message = "the Runtime API refused the " + std::string(what) + " with HTTP " +
                        std::to_string(outcome->status);
  if (!outcome->body.empty()) message += ": " + std::string(outcome->body.substr(0, 1024));
  if (outcome->status >= 500) {
    log.Error(message + "; exiting as the Runtime API asks");
    return Next::kExit;
  }
  log.Error(message);
  return Next::kContinue;
}

void LogFailure(const Logger& log, const ErrorReport& report) {
  log.Error("Invoke Error " + ErrorReportJson(report));
}

Next Invoke(RuntimeApiClient& client, const Handler& handler, const NextInvocation& next) {
  Context context(MakeInfo(next));
  const Logger& log = context.log();
  const std::string& id = context.request_id();
  ErrorReport report;
  bool failed = false;
  if (!handler.streaming()) {
    std::string response;
    try {
      response = handler.raw()(next.payload, context);
    } catch (...) {
      report = DescribeCurrentException();
      failed = true;
    }
    if (failed) {
      LogFailure(log, report);
      return Judge(client.PostError(id, report), "error report", log);
    }
    return Judge(client.PostResponse(id, response), "response", log);
  }

  LambdaResponseStream stream(client, id, log);
  try {
    handler.stream()(next.payload, stream, context);
  } catch (...) {
    report = DescribeCurrentException();
    failed = true;
  }
  if (failed) LogFailure(log, report);
  if (stream.broken()) {
    client.AbortStream();
    return Next::kContinue;
  }
  if (failed && !stream.started()) {
    return Judge(client.PostError(id, report), "error report", log);
  }
  return Judge(client.FinishStream(id, failed ? &report : nullptr), "streamed response", log);
}

}  // namespace

int RunLoop(const LoopOptions& options, const std::vector<NamedHandler>& handlers) {
  RuntimeApiClient client(options.endpoint);
  const Handler* handler = FindHandler(handlers, options.handler_name);
  if (handler == nullptr) {
    std::string message =
        options.handler_name.empty()
            ? "_HANDLER is not set"
            : "_HANDLER is '" + options.handler_name + "', which names no function of this program";
    message += "; the declared functions are: " + DeclaredNames(handlers) +
               ". Set the function's handler to one of them.";
    Logger log;
    log.Error(message);
    Judge(client.PostInitError(RuntimeError("Runtime.NoSuchHandler", message)), "init error", log);
    return 1;
  }

  TraceIdEnv trace_env;
  int failures = 0;
  for (;;) {
    auto next = client.Next();
    if (!next) {
      ++failures;
      if (failures >= options.next_attempts) {
        Logger().Error("giving up on the Runtime API at " + client.host() + " after " +
                       std::to_string(failures) + " failed attempts: " + next.error().message);
        return 1;
      }
      if (options.retry_delay.count() > 0) {
        std::this_thread::sleep_for(options.retry_delay * failures);
      }
      continue;
    }
    failures = 0;
    trace_env.Set(next->trace_id);
    SetCrashRequestId(next->request_id);
    Next what = Invoke(client, *handler, *next);
    SetCrashRequestId({});
    if (what == Next::kExit) return 1;
  }
}

}  // namespace sparta::runtime::internal
