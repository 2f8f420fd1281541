#pragma once
// FakeCloud: an in-process stand-in for STS, S3 and CloudFormation that
// behaves as AWS does where moto does not: CreateStack returns at once and the
// stack is created over several polls (events per resource, Outputs at the
// end), resources fail and stacks roll back, UPDATE change sets are computed
// asynchronously, an empty change set is FAILED rather than refused. Each
// DescribeStacks of a stack moves it one Frame further; what a create or
// update does is scripted as Frames (create_frames, update_frames).

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "sparta/aws/cloudformation_types.hpp"
#include "sparta/aws/http.hpp"

#include "deploy/provision_clients.hpp"

namespace sparta::deploy::testing {

/// One step of a stack operation, reached on the next DescribeStacks.
struct Frame {
  std::string status;
  std::string reason;
  std::vector<aws::cloudformation::StackEvent> events;  // oldest first; ids are filled in
  std::vector<aws::cloudformation::Output> outputs;     // replace the stack's when not empty
};

/// A resource event for a Frame.
aws::cloudformation::StackEvent ResourceEvent(std::string logical_id, std::string type,
                                              std::string status, std::string reason = "");

class FakeCloud : public aws::HttpTransport {
 public:
  struct Stack {
    std::string id;
    std::string name;
    std::string status;
    std::string reason;
    std::vector<aws::cloudformation::Output> outputs;
    std::vector<std::pair<std::string, std::string>> parameters;
    std::vector<aws::cloudformation::StackEvent> events;  // oldest first
    std::deque<Frame> frames;                             // still to come
    bool deleted = false;
    std::string client_request_token;  // CreateStack's
  };
  struct ChangeSet {
    std::string id;
    std::string name;
    std::string stack_id;
    std::string type;         // "UPDATE"; "CREATE" only from AddChangeSet
    int computing_polls = 0;  // DescribeChangeSet answers CREATE_IN_PROGRESS this often
    bool empty = false;       // ends FAILED: "didn't contain changes"
    std::string execution_status = "UNAVAILABLE";
    std::vector<std::pair<std::string, std::string>> parameters;
  };

  /// Puts a stack there, e.g. one in ROLLBACK_COMPLETE or UPDATE_IN_PROGRESS
  /// (with `frames` for what it does next).
  void AddStack(const std::string& name, const std::string& status, std::vector<Frame> frames = {},
                std::vector<std::pair<std::string, std::string>> parameters = {});

  /// Puts a CREATE change set there for the stack `stack_name` (added with
  /// AddStack, REVIEW_IN_PROGRESS), as another tool or a reviewer leaves it.
  void AddChangeSet(const std::string& stack_name, const std::string& name,
                    const std::string& execution_status);

  // What the next operations do. Set before use.
  int change_set_computing_polls = 2;
  bool next_change_set_empty = false;
  std::vector<aws::cloudformation::Change> changes;  // every change set's (default: one Add)
  /// After CreateStack (the stack is then CREATE_IN_PROGRESS, "User
  /// Initiated"), as CloudFormation goes on with OnFailure=ROLLBACK (default:
  /// CREATE_COMPLETE at once). Also executing a CREATE change set.
  std::vector<Frame> create_frames;
  std::vector<Frame> update_frames;  // executing an UPDATE change set
  std::vector<Frame> delete_frames;  // DeleteStack (default: DELETE_IN_PROGRESS, DELETE_COMPLETE)
  std::deque<Error> execute_errors;  // ExecuteChangeSet answers these first
  std::deque<Error> create_errors;   // CreateStack refuses with these first
  /// A refused CreateStack keeps the stack, CREATE_IN_PROGRESS for good, as
  /// moto does when a resource fails (AWS makes nothing).
  bool refused_create_keeps_stack = false;
  /// The next CreateStack finds that another provision has just created the
  /// stack (it is there, CREATE_IN_PROGRESS, going through `create_frames`)
  /// and answers AlreadyExistsException, as AWS does.
  bool create_races = false;
  /// CreateStack makes the stack, then answers HTTP 500 this often, as when
  /// an answer is lost: a client's retry (same ClientRequestToken) finds it.
  int lost_create_answers = 0;

  Result<aws::HttpResponse> Send(const aws::HttpRequest& request,
                                 std::chrono::milliseconds timeout) override;

  /// "CreateChangeSet", "DescribeStacks", "s3 PUT /bucket/key", ... in order.
  std::vector<std::string> Actions() const;
  std::size_t Count(const std::string& action) const;
  /// The decoded form of the last request of `action`.
  std::vector<std::pair<std::string, std::string>> LastForm(const std::string& action) const;
  /// Attempts to delete a change set CloudFormation was still computing.
  int deletes_while_computing() const;
  std::vector<ChangeSet> change_sets() const;
  std::vector<Stack> stacks() const;

 private:
  aws::HttpResponse Cfn(const std::string& action,
                        const std::vector<std::pair<std::string, std::string>>& form);
  Stack* FindStack(const std::string& name_or_id, bool include_deleted);
  void AddEvent(Stack& stack, aws::cloudformation::StackEvent event);
  void Advance(Stack& stack);
  Stack& NewStack(const std::string& name, const std::string& status, const std::string& reason);
  void StartCreate(Stack& stack);
  aws::HttpResponse CreateStack(const std::vector<std::pair<std::string, std::string>>& form);

  mutable std::mutex mutex_;
  std::vector<Stack> stacks_;
  std::vector<ChangeSet> change_sets_;
  std::vector<std::string> actions_;
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> forms_;
  int deletes_while_computing_ = 0;
  int next_id_ = 1;
};

/// Clients on `cloud`, `max_attempts` per call (AwsClient's retries).
/// Sleeping between polls only moves their clock on, so waits and timeouts
/// take no real time.
detail::DeployClients FakeClients(std::shared_ptr<FakeCloud> cloud, int max_attempts = 1);

}  // namespace sparta::deploy::testing
