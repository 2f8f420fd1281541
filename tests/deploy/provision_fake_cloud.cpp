#include "deploy/provision_fake_cloud.hpp"

#include <algorithm>

#include "sparta/aws/aws_client.hpp"

namespace sparta::deploy::testing {
namespace cf = aws::cloudformation;
namespace {

using Form = std::vector<std::pair<std::string, std::string>>;

constexpr char kAccount[] = "111122223333";
constexpr char kStackType[] = "AWS::CloudFormation::Stack";

std::string Decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

Form DecodeForm(const std::string& body) {
  Form form;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('&', start);
    if (end == std::string::npos) end = body.size();
    const std::string piece = body.substr(start, end - start);
    const std::size_t eq = piece.find('=');
    form.emplace_back(Decode(piece.substr(0, eq)),
                      eq == std::string::npos ? "" : Decode(piece.substr(eq + 1)));
    start = end + 1;
  }
  return form;
}

std::string Field(const Form& form, const std::string& key) {
  for (const auto& [name, value] : form) {
    if (name == key) return value;
  }
  return "";
}

/// Parameters.member.N.{ParameterKey,ParameterValue,UsePreviousValue}.
std::vector<std::pair<std::string, std::string>> Parameters(const Form& form) {
  std::vector<std::pair<std::string, std::string>> parameters;
  for (int n = 1;; ++n) {
    const std::string prefix = "Parameters.member." + std::to_string(n) + ".";
    const std::string key = Field(form, prefix + "ParameterKey");
    if (key.empty()) break;
    const bool previous = Field(form, prefix + "UsePreviousValue") == "true";
    parameters.emplace_back(key, previous ? "<previous>" : Field(form, prefix + "ParameterValue"));
  }
  return parameters;
}

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Tag(const std::string& name, std::string_view value) {
  return "<" + name + ">" + Escape(value) + "</" + name + ">";
}

aws::HttpResponse Ok(const std::string& action, const std::string& inner) {
  return {200,
          {{"Content-Type", "text/xml"}},
          "<" + action +
              "Response xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\"><" + action +
              "Result>" + inner + "</" + action + "Result><ResponseMetadata><RequestId>" +
              "fake</RequestId></ResponseMetadata></" + action + "Response>"};
}

aws::HttpResponse Fail(int status, const std::string& code, const std::string& message) {
  return {status,
          {{"Content-Type", "text/xml"}},
          "<ErrorResponse><Error><Type>Sender</Type>" + Tag("Code", code) +
              Tag("Message", message) + "</Error><RequestId>fake</RequestId></ErrorResponse>"};
}

std::string StackXml(const FakeCloud::Stack& stack) {
  std::string xml = "<member>" + Tag("StackId", stack.id) + Tag("StackName", stack.name) +
                    Tag("CreationTime", "2024-01-01T00:00:00Z") + Tag("StackStatus", stack.status);
  if (!stack.reason.empty()) xml += Tag("StackStatusReason", stack.reason);
  xml += "<Parameters>";
  for (const auto& [key, value] : stack.parameters) {
    xml += "<member>" + Tag("ParameterKey", key) + Tag("ParameterValue", value) + "</member>";
  }
  xml += "</Parameters><Outputs>";
  for (const cf::Output& output : stack.outputs) {
    xml +=
        "<member>" + Tag("OutputKey", output.key) + Tag("OutputValue", output.value) + "</member>";
  }
  return xml + "</Outputs></member>";
}

std::string EventXml(const cf::StackEvent& event) {
  return "<member>" + Tag("StackId", event.stack_id) + Tag("EventId", event.event_id) +
         Tag("StackName", event.stack_name) + Tag("LogicalResourceId", event.logical_resource_id) +
         Tag("ResourceType", event.resource_type) + Tag("Timestamp", event.timestamp) +
         Tag("ResourceStatus", event.resource_status) +
         (event.resource_status_reason.empty()
              ? std::string()
              : Tag("ResourceStatusReason", event.resource_status_reason)) +
         "</member>";
}

std::string ChangeSetStatus(const FakeCloud::ChangeSet& change_set) {
  if (change_set.computing_polls > 0) return "CREATE_IN_PROGRESS";
  return change_set.empty ? "FAILED" : "CREATE_COMPLETE";
}

}  // namespace

cf::StackEvent ResourceEvent(std::string logical_id, std::string type, std::string status,
                             std::string reason) {
  cf::StackEvent event;
  event.logical_resource_id = std::move(logical_id);
  event.resource_type = std::move(type);
  event.resource_status = std::move(status);
  event.resource_status_reason = std::move(reason);
  return event;
}

FakeCloud::Stack& FakeCloud::NewStack(const std::string& name, const std::string& status,
                                      const std::string& reason) {
  Stack stack;
  stack.id = "arn:aws:cloudformation:us-east-1:" + std::string(kAccount) + ":stack/" + name + "/" +
             std::to_string(next_id_++);
  stack.name = name;
  stack.status = status;
  stack.reason = reason;
  stacks_.push_back(std::move(stack));
  AddEvent(stacks_.back(), ResourceEvent(name, kStackType, status, reason));
  return stacks_.back();
}

void FakeCloud::AddStack(const std::string& name, const std::string& status,
                         std::vector<Frame> frames,
                         std::vector<std::pair<std::string, std::string>> parameters) {
  std::lock_guard lock(mutex_);
  Stack& stack = NewStack(name, status, "");
  stack.parameters = std::move(parameters);
  stack.frames.assign(frames.begin(), frames.end());
}

void FakeCloud::AddChangeSet(const std::string& stack_name, const std::string& name,
                             const std::string& execution_status) {
  std::lock_guard lock(mutex_);
  const Stack* stack = FindStack(stack_name, false);
  ChangeSet change_set;
  change_set.name = name;
  change_set.id = "arn:aws:cloudformation:us-east-1:" + std::string(kAccount) + ":changeSet/" +
                  name + "/" + std::to_string(next_id_++);
  change_set.stack_id = stack != nullptr ? stack->id : "";
  change_set.type = "CREATE";
  change_set.execution_status = execution_status;
  change_sets_.push_back(std::move(change_set));
}

void FakeCloud::AddEvent(Stack& stack, cf::StackEvent event) {
  event.stack_id = stack.id;
  event.stack_name = stack.name;
  event.event_id = "event-" + std::to_string(next_id_++);
  event.timestamp = "2024-01-01T00:00:00Z";
  stack.events.push_back(std::move(event));
}

void FakeCloud::Advance(Stack& stack) {
  if (stack.frames.empty()) return;
  Frame frame = std::move(stack.frames.front());
  stack.frames.pop_front();
  const bool changed = frame.status != stack.status;
  stack.status = frame.status;
  stack.reason = frame.reason;
  if (!frame.outputs.empty()) stack.outputs = frame.outputs;
  for (cf::StackEvent& event : frame.events) AddEvent(stack, std::move(event));
  // As CloudFormation: the stack's own event only when its status changes.
  if (changed) AddEvent(stack, ResourceEvent(stack.name, kStackType, stack.status, stack.reason));
  if (stack.status == "DELETE_COMPLETE") stack.deleted = true;
}

void FakeCloud::StartCreate(Stack& stack) {
  if (create_frames.empty()) {
    stack.frames.push_back(Frame{"CREATE_COMPLETE", "", {}, {}});
  } else {
    stack.frames.assign(create_frames.begin(), create_frames.end());
  }
}

aws::HttpResponse FakeCloud::CreateStack(const Form& form) {
  const std::string name = Field(form, "StackName");
  const std::string token = Field(form, "ClientRequestToken");
  if (!create_errors.empty()) {
    Error error = create_errors.front();
    create_errors.pop_front();
    if (refused_create_keeps_stack) NewStack(name, "CREATE_IN_PROGRESS", "User Initiated");
    return Fail(400, error.code, error.message);
  }
  if (create_races) {
    create_races = false;
    Stack& other = NewStack(name, "CREATE_IN_PROGRESS", "User Initiated");
    other.client_request_token = "another-provision";
    StartCreate(other);
  }
  if (Stack* existing = FindStack(name, false)) {
    // A retry of the very request (same token) is answered as the first was.
    if (!token.empty() && existing->client_request_token == token) {
      return Ok("CreateStack", Tag("StackId", existing->id));
    }
    return Fail(400, "AlreadyExistsException", "Stack [" + name + "] already exists");
  }
  Stack& stack = NewStack(name, "CREATE_IN_PROGRESS", "User Initiated");
  stack.parameters = Parameters(form);
  stack.client_request_token = token;
  StartCreate(stack);
  if (lost_create_answers > 0) {
    --lost_create_answers;
    return Fail(500, "InternalFailure", "the answer was lost on its way back");
  }
  return Ok("CreateStack", Tag("StackId", stack.id));
}

FakeCloud::Stack* FakeCloud::FindStack(const std::string& name_or_id, bool include_deleted) {
  for (Stack& stack : stacks_) {
    if (stack.id == name_or_id) return &stack;
    if (stack.name == name_or_id && (!stack.deleted || include_deleted)) return &stack;
  }
  return nullptr;
}

Result<aws::HttpResponse> FakeCloud::Send(const aws::HttpRequest& request,
                                          std::chrono::milliseconds) {
  std::lock_guard lock(mutex_);
  if (request.host.starts_with("sts.")) {
    actions_.push_back("GetCallerIdentity");
    return aws::HttpResponse{
        200,
        {{"Content-Type", "text/xml"}},
        "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::" +
            std::string(kAccount) + ":user/dev</Arn><UserId>AIDAFAKE</UserId><Account>" + kAccount +
            "</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"};
  }
  if (request.host.starts_with("s3.")) {
    actions_.push_back("s3 " + request.method + " " + request.path);
    const bool is_bucket = std::count(request.path.begin(), request.path.end(), '/') == 1;
    if (request.method == "HEAD" && is_bucket) {
      return aws::HttpResponse{200, {{"x-amz-bucket-region", "us-east-1"}}, ""};
    }
    if (request.method == "HEAD") return aws::HttpResponse{404, {}, ""};
    return aws::HttpResponse{200, {{"ETag", "\"fake\""}}, ""};
  }
  const Form form = DecodeForm(request.body);
  const std::string action = Field(form, "Action");
  actions_.push_back(action);
  forms_.emplace_back(action, form);
  return Cfn(action, form);
}

aws::HttpResponse FakeCloud::Cfn(const std::string& action, const Form& form) {
  const std::string stack_name = Field(form, "StackName");
  if (action == "DescribeStacks") {
    Stack* stack = FindStack(stack_name, stack_name.starts_with("arn:"));
    if (stack == nullptr) {
      return Fail(400, "ValidationError", "Stack with id " + stack_name + " does not exist");
    }
    Advance(*stack);
    return Ok(action, "<Stacks>" + StackXml(*stack) + "</Stacks>");
  }
  if (action == "DescribeStackEvents") {
    Stack* stack = FindStack(stack_name, true);
    if (stack == nullptr) {
      return Fail(400, "ValidationError", "Stack [" + stack_name + "] does not exist");
    }
    std::string xml = "<StackEvents>";
    for (auto it = stack->events.rbegin(); it != stack->events.rend(); ++it) xml += EventXml(*it);
    return Ok(action, xml + "</StackEvents>");
  }
  if (action == "CreateStack") return CreateStack(form);
  if (action == "CreateChangeSet") {
    const std::string type = Field(form, "ChangeSetType");
    if (type != "UPDATE") {
      return Fail(400, "ValidationError",
                  "FakeCloud models UPDATE change sets only (Provision creates stacks with "
                  "CreateStack), not ChangeSetType=" +
                      type);
    }
    Stack* stack = FindStack(stack_name, false);
    if (stack == nullptr) {
      return Fail(400, "ValidationError", "Stack [" + stack_name + "] does not exist");
    }
    ChangeSet change_set;
    change_set.name = Field(form, "ChangeSetName");
    change_set.id = "arn:aws:cloudformation:us-east-1:" + std::string(kAccount) + ":changeSet/" +
                    change_set.name + "/" + std::to_string(next_id_++);
    change_set.stack_id = stack->id;
    change_set.type = type;
    change_set.computing_polls = change_set_computing_polls;
    change_set.empty = next_change_set_empty;
    change_set.parameters = Parameters(form);
    change_sets_.push_back(change_set);
    return Ok(action, Tag("Id", change_set.id) + Tag("StackId", stack->id));
  }
  const std::string change_set_name = Field(form, "ChangeSetName");
  auto change_set = std::find_if(change_sets_.begin(), change_sets_.end(), [&](const ChangeSet& c) {
    return c.id == change_set_name || c.name == change_set_name;
  });
  if (action == "DescribeChangeSet" || action == "ExecuteChangeSet" ||
      action == "DeleteChangeSet") {
    if (change_set == change_sets_.end()) {
      return Fail(404, "ChangeSetNotFound", "ChangeSet [" + change_set_name + "] does not exist");
    }
  }
  if (action == "DescribeChangeSet") {
    std::string status = ChangeSetStatus(*change_set);
    if (change_set->computing_polls > 0) {
      --change_set->computing_polls;
    } else if (!change_set->empty && change_set->execution_status == "UNAVAILABLE") {
      change_set->execution_status = "AVAILABLE";
    }
    std::string xml = Tag("ChangeSetName", change_set->name) + Tag("ChangeSetId", change_set->id) +
                      Tag("StackId", change_set->stack_id) + Tag("Status", status) +
                      Tag("ExecutionStatus", change_set->execution_status);
    if (status == "FAILED") {
      xml += Tag("StatusReason",
                 "The submitted information didn't contain changes. Submit different "
                 "information to create a change set.");
    }
    xml += "<Changes>";
    const std::vector<cf::Change> none;
    for (const cf::Change& change : status == "FAILED" ? none : changes) {
      const cf::ResourceChange& rc = change.resource_change;
      xml += "<member><Type>Resource</Type><ResourceChange>" + Tag("Action", rc.action) +
             Tag("LogicalResourceId", rc.logical_resource_id) +
             Tag("ResourceType", rc.resource_type) + Tag("Replacement", rc.replacement) +
             "</ResourceChange></member>";
    }
    return Ok(action, xml + "</Changes>");
  }
  if (action == "ExecuteChangeSet") {
    if (!execute_errors.empty()) {
      Error error = execute_errors.front();
      execute_errors.pop_front();
      return Fail(400, error.code, error.message);
    }
    if (change_set->execution_status != "AVAILABLE") {
      return Fail(400, "InvalidChangeSetStatus",
                  "ChangeSet [" + change_set->id +
                      "] cannot be executed in its current status of [" +
                      ChangeSetStatus(*change_set) + "]");
    }
    Stack* stack = FindStack(change_set->stack_id, false);
    change_set->execution_status = "EXECUTE_COMPLETE";
    stack->parameters = change_set->parameters;
    if (change_set->type == "CREATE") {
      StartCreate(*stack);
    } else {
      stack->frames.assign(update_frames.begin(), update_frames.end());
    }
    // Executing one change set removes the stack's others, as AWS does.
    const std::string executed = change_set->id;
    std::erase_if(change_sets_,
                  [&](const ChangeSet& c) { return c.stack_id == stack->id && c.id != executed; });
    return Ok(action, "");
  }
  if (action == "DeleteChangeSet") {
    if (change_set->computing_polls > 0) {
      ++deletes_while_computing_;
      return Fail(400, "InvalidChangeSetStatus",
                  "Cannot delete ChangeSet in status CREATE_IN_PROGRESS");
    }
    change_sets_.erase(change_set);
    return Ok(action, "");
  }
  if (action == "ListChangeSets") {
    Stack* stack = FindStack(stack_name, true);
    std::string xml = "<Summaries>";
    for (const ChangeSet& c : change_sets_) {
      if (stack == nullptr || c.stack_id != stack->id) continue;
      xml += "<member>" + Tag("StackId", c.stack_id) + Tag("ChangeSetId", c.id) +
             Tag("ChangeSetName", c.name) + Tag("Status", ChangeSetStatus(c)) +
             Tag("ExecutionStatus", c.execution_status) + "</member>";
    }
    return Ok(action, xml + "</Summaries>");
  }
  if (action == "DeleteStack") {
    Stack* stack = FindStack(stack_name, false);
    if (stack != nullptr && !stack->deleted) {
      stack->frames.clear();
      if (delete_frames.empty()) {
        stack->frames.push_back(Frame{"DELETE_IN_PROGRESS", "User Initiated", {}, {}});
        stack->frames.push_back(Frame{"DELETE_COMPLETE", "", {}, {}});
      } else {
        stack->frames.assign(delete_frames.begin(), delete_frames.end());
      }
      std::erase_if(change_sets_, [&](const ChangeSet& c) { return c.stack_id == stack->id; });
    }
    return Ok(action, "");
  }
  return Fail(400, "InvalidAction", "FakeCloud does not know " + action);
}

std::vector<std::string> FakeCloud::Actions() const {
  std::lock_guard lock(mutex_);
  return actions_;
}

std::size_t FakeCloud::Count(const std::string& action) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(std::count(actions_.begin(), actions_.end(), action));
}

std::vector<std::pair<std::string, std::string>> FakeCloud::LastForm(
    const std::string& action) const {
  std::lock_guard lock(mutex_);
  for (auto it = forms_.rbegin(); it != forms_.rend(); ++it) {
    if (it->first == action) return it->second;
  }
  return {};
}

int FakeCloud::deletes_while_computing() const {
  std::lock_guard lock(mutex_);
  return deletes_while_computing_;
}

std::vector<FakeCloud::ChangeSet> FakeCloud::change_sets() const {
  std::lock_guard lock(mutex_);
  return change_sets_;
}

std::vector<FakeCloud::Stack> FakeCloud::stacks() const {
  std::lock_guard lock(mutex_);
  return stacks_;
}

detail::DeployClients FakeClients(std::shared_ptr<FakeCloud> cloud, int max_attempts) {
  class Fixed : public aws::CredentialsProvider {
   public:
    Result<aws::Credentials> GetCredentials() override {
      return aws::Credentials{"AKIDEXAMPLE", "secret", "", {}, "test"};
    }
  };
  auto make = [&](const std::string& service) {
    aws::AwsClientOptions options;
    options.endpoint.scheme = "https";
    options.endpoint.host = service + ".us-east-1.amazonaws.com";
    options.endpoint.signing_region = "us-east-1";
    options.endpoint.signing_name = service;
    options.endpoint.s3_path_style = service == "s3";
    options.credentials = std::make_shared<Fixed>();
    options.transport = cloud;
    options.retry.max_attempts = max_attempts;
    options.sleep = [](std::chrono::milliseconds) {};
    return std::make_shared<const aws::AwsClient>(std::move(options));
  };
  auto s3 = make("s3");
  // Time moves only when the code under test sleeps: timeouts are exact and instant.
  auto now =
      std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  return detail::DeployClients{aws::S3Client(s3),
                               aws::CloudFormationClient(make("cloudformation")),
                               aws::StsClient(make("sts")),
                               s3->endpoint(),
                               "us-east-1",
                               [now](std::chrono::milliseconds duration) { *now += duration; },
                               [now] { return *now; }};
}

}  // namespace sparta::deploy::testing
