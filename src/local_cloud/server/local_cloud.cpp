// LocalCloud: the state store, the five services and the front server, put
// together; requests go to the service their signature names.

#include "sparta/local_cloud/local_cloud.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <utility>

#include "sparta/json/json.hpp"
#include "sparta/local_cloud/cloudformation_service.hpp"
#include "sparta/local_cloud/iam_service.hpp"
#include "sparta/local_cloud/lambda_service.hpp"
#include "sparta/local_cloud/s3_service.hpp"
#include "sparta/local_cloud/state_store.hpp"

#include "local_cloud/server/http_server.hpp"
#include "local_cloud/server/protocol_errors.hpp"

namespace sparta::local_cloud {
namespace {

namespace fs = std::filesystem;
using aws::SetHeader;
using server::CloudHttpServer;

constexpr std::string_view kLockFile = "sparta-local.lock";

// An exclusive lock on the data dir for this process's lifetime (flock: the
// kernel drops it when the process dies, however it dies).
Result<int> LockDataDir(const fs::path& data_dir) {
  const fs::path path = data_dir / kLockFile;
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return MakeError("Io", "cannot open " + path.string() + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd);
    if (error == EWOULDBLOCK) {
      std::string message = "the data directory ";
      message += data_dir.string();
      message += " is in use by another running sparta-local; stop it, or pass another ";
      message += "--data-dir";
      return MakeError("DataDirInUse", message);
    }
    return MakeError("Io", "cannot lock " + path.string() + ": " + std::strerror(error));
  }
  return fd;
}

constexpr std::string_view kAccountKey = "cloud/account";
constexpr std::string_view kDefaultAccount = "000000000000";

bool IsAccountId(std::string_view id) {
  return id.size() == 12 &&
         std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A data directory holds one account's state: every ARN in it names that
// account. The first start records it; a start with another account is
// refused rather than mixing two. State from before the record existed is
// the default account's, the only one there was.
Status PinAccount(StateStore& store, const std::string& account_id) {
  auto recorded = store.GetDocument(kAccountKey);
  if (!recorded) return recorded.error();
  std::string owner;
  if (*recorded) {
    const json::value* id =
        (*recorded)->is_object() ? (*recorded)->as_object().if_contains("account_id") : nullptr;
    if (id != nullptr && id->is_string()) owner = std::string(id->get_string());
  } else {
    for (const char* dir : {"s3", "lambda", "cloudformation", "iam"}) {
      auto names = store.List(dir);
      if (names && !names->empty()) owner = std::string(kDefaultAccount);
    }
  }
  if (!owner.empty() && owner != account_id) {
    std::string message = "the data directory ";
    message += store.root().string();
    message += " holds the state of account ";
    message += owner;
    message += "; start with --account-id ";
    message += owner;
    message += ", or give another --data-dir for account ";
    message += account_id;
    return MakeError("InvalidArgument", std::move(message));
  }
  if (*recorded) return {};
  return store.PutDocument(kAccountKey, json::object{{"account_id", account_id}});
}

std::string LogLine(const server::RequestLogEntry& entry) {
  char millis[32];
  std::snprintf(millis, sizeof millis, "%.1f",
                static_cast<double>(entry.duration.count()) / 1000.0);
  std::string line = entry.method;
  line += ' ';
  line += entry.target;
  line += ' ';
  line += entry.service.empty() ? "-" : entry.service;
  line += ' ';
  line += std::to_string(entry.status);
  line += ' ';
  line += millis;
  line += " ms";
  return line;
}

// The answer for a signing name no service here implements, in the shape
// its client expects: JSON for X-Amz-Target (JSON 1.0/1.1) protocols, else
// the protocol the name implies.
CloudResponse NotImplemented(const CloudRequest& request) {
  std::string message = "sparta-local does not implement the '";
  message += request.service;
  message += "' service; it serves s3, lambda, cloudformation, sts and iam.";
  if (request.Header("X-Amz-Target") != nullptr) {
    // JSON 1.0/1.1 clients read the code from "__type" in the body.
    CloudResponse response =
        RestJsonError(501, "NotImplementedException", message, request.request_id);
    json::object body;
    body["__type"] = "NotImplementedException";
    body["message"] = message;
    response.body = jsonutil::Compact(body);
    SetHeader(response.headers, "Content-Type", "application/x-amz-json-1.1");
    return response;
  }
  return server::ErrorFor(request.service, 501,
                          {"NotImplemented", "NotImplemented", "NotImplementedException"}, message,
                          request);
}

}  // namespace

struct LocalCloud::State {
  LocalCloudOptions options;
  int lock_fd = -1;
  std::unique_ptr<StateStore> store;
  std::unique_ptr<S3Service> s3;
  std::unique_ptr<IamService> iam;
  std::unique_ptr<LambdaService> lambda;
  std::unique_ptr<CloudFormationService> cloudformation;
  std::unique_ptr<CloudHttpServer> server;
  // Requests are only dispatched once every service is open.
  std::atomic<bool> ready{false};
  std::mutex stop_mutex;
  bool stopped = false;

  ~State() {
    if (lock_fd >= 0) ::close(lock_fd);
  }

  CloudResponse Dispatch(const CloudRequest& request) {
    if (!ready.load()) {
      return server::ErrorFor(request.service, 503,
                              {"ServiceUnavailable", "ServiceUnavailable", "ServiceException"},
                              "sparta-local is starting or stopping; retry in a moment.", request);
    }
    if (CloudFormationService::IsCustomResourceResponse(request)) {
      return cloudformation->HandleCustomResourceResponse(request);
    }
    if (request.service == "s3") return s3->HandleRest(request);
    if (request.service == "lambda") return lambda->HandleRest(request);
    if (request.service == "cloudformation") return cloudformation->HandleQuery(request);
    if (request.service == "sts") return iam->HandleStsQuery(request);
    if (request.service == "iam") return iam->HandleIamQuery(request);
    return NotImplemented(request);
  }
};

Result<std::unique_ptr<LocalCloud>> LocalCloud::Start(LocalCloudOptions options) {
  if (Status host = server::CheckLoopbackHost(options.host); !host) return host.error();
  if (options.data_dir.empty()) {
    return MakeError("InvalidArgument",
                     "the data directory is empty; pass the directory to keep the state in");
  }
  if (options.access_key_id.empty() || options.secret_access_key.empty()) {
    return MakeError("InvalidArgument", "the access key id and secret access key must be set");
  }
  if (!IsAccountId(options.account_id)) {
    return MakeError("InvalidArgument", "the account id \"" + options.account_id +
                                            "\" is not an AWS account id: give 12 digits");
  }
  auto state = std::make_unique<State>();
  state->options = std::move(options);
  const LocalCloudOptions& opts = state->options;

  Result<std::unique_ptr<StateStore>> store = StateStore::Open(opts.data_dir);
  if (!store) return store.error();
  state->store = std::move(store).value();
  Result<int> lock = LockDataDir(opts.data_dir);
  if (!lock) return lock.error();
  state->lock_fd = *lock;
  if (Status pinned = PinAccount(*state->store, opts.account_id); !pinned) return pinned.error();

  // Bind first: the services need the endpoint (port 0 picks one).
  server::HttpServerOptions server_options;
  server_options.host = opts.host;
  server_options.port = opts.port;
  server_options.max_body_bytes = opts.max_body_bytes;
  server_options.max_connections = opts.max_connections;
  server::SigV4Verifier verifier(
      std::map<std::string, std::string, std::less<>>{{opts.access_key_id, opts.secret_access_key}},
      opts.region);
  State* raw = state.get();
  CloudHttpServer::RequestLog log;
  if (opts.request_log) {
    log = [raw](const server::RequestLogEntry& entry) { raw->options.request_log(LogLine(entry)); };
  }
  auto http = CloudHttpServer::Start(
      server_options, std::move(verifier),
      [raw](const CloudRequest& request) { return raw->Dispatch(request); }, std::move(log));
  if (!http) return http.error();
  state->server = std::move(http).value();

  CloudContext context;
  context.account_id = opts.account_id;
  context.region = opts.region;
  context.endpoint = state->server->endpoint();

  auto fail = [&state](Error error) -> Result<std::unique_ptr<LocalCloud>> {
    state->server->Stop();
    if (state->cloudformation) state->cloudformation->Shutdown();
    if (state->lambda) state->lambda->StopAll();
    return error;
  };
  auto s3 = S3Service::Open(*state->store, context);
  if (!s3) return fail(s3.error());
  state->s3 = std::move(s3).value();
  auto iam = IamService::Open(*state->store, context);
  if (!iam) return fail(iam.error());
  state->iam = std::move(iam).value();
  LambdaServiceOptions lambda_options;
  lambda_options.access_key_id = opts.access_key_id;
  lambda_options.secret_access_key = opts.secret_access_key;
  auto lambda = LambdaService::Open(*state->store, context, state->iam.get(), lambda_options);
  if (!lambda) return fail(lambda.error());
  state->lambda = std::move(lambda).value();
  auto cloudformation = CloudFormationService::Open(
      *state->store, context,
      ResourceServices{state->s3.get(), state->lambda.get(), state->iam.get(), opts.access_key_id,
                       opts.secret_access_key});
  if (!cloudformation) return fail(cloudformation.error());
  state->cloudformation = std::move(cloudformation).value();
  state->ready.store(true);
  return std::unique_ptr<LocalCloud>(new LocalCloud(std::move(state)));
}

LocalCloud::LocalCloud(std::unique_ptr<State> state) : state_(std::move(state)) {}

LocalCloud::~LocalCloud() { Stop(); }

std::string LocalCloud::endpoint() const { return state_->server->endpoint(); }

std::uint16_t LocalCloud::port() const { return state_->server->port(); }

void LocalCloud::Stop() {
  std::lock_guard lock(state_->stop_mutex);
  if (state_->stopped) return;
  state_->stopped = true;
  // Stop taking requests first, then let stacks reach a committed step and
  // stop function processes (which also ends invokes connections wait on),
  // then wait for the connections.
  state_->server->Shutdown();
  state_->cloudformation->Shutdown();
  state_->lambda->StopAll();
  state_->server->Stop();
  state_->ready.store(false);
}

}  // namespace sparta::local_cloud
