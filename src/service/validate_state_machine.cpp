// Validate()'s checks of state machines: what Step Functions refuses when a
// machine is created, found at `build` and named by machine and state.

#include "validate_state_machine.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <variant>

#include "sparta/util/quoted.hpp"

#include "event_sources.hpp"
#include "validate_privileges.hpp"

namespace sparta::internal {

using util::Quoted;

namespace {

using namespace step;

constexpr std::int64_t kMaxSeconds = 99999999;

// The checks of one scope (the machine, a branch, a map's processor).
class ScopeChecker {
 public:
  ScopeChecker(const std::set<std::string>& functions, std::vector<std::string>& problems)
      : functions_(functions), problems_(problems) {}

  void Check(const Branch& branch, const std::string& where) {
    where_ = where;
    branch_ = &branch;
    std::set<std::string> names;
    for (const NamedState& s : branch.states) {
      if (s.name.empty() || s.name.size() > 80) {
        Problem("a state's name has " + std::to_string(s.name.size()) +
                " characters; Step Functions allows 1 to 80");
      } else if (!names.insert(s.name).second) {
        Problem("two states are named " + Quoted(s.name) + "; names are unique in a scope");
      }
    }
    if (branch.states.empty()) {
      Problem("has no states; give at least one, and StartAt naming it");
      return;
    }
    if (branch.start_at.empty()) {
      Problem("has no StartAt; name the first state, e.g. " + Quoted(branch.states[0].name));
    } else if (!names.contains(branch.start_at)) {
      Problem("StartAt " + Quoted(branch.start_at) + " is not a state here; " + StateList());
    }
    bool terminal = false;
    for (const NamedState& s : branch.states) {
      state_ = &s;
      terminal =
          std::visit([this](const auto& state) { return CheckState(state); }, s.state) || terminal;
    }
    state_ = nullptr;
    if (!terminal) {
      Problem(
          "has no state that ends the execution; give one `.end = true`, or a Succeed or "
          "Fail state");
    }
    Reachability();
  }

 private:
  void Problem(const std::string& what) {
    std::string where = where_;
    if (state_ != nullptr) where.append(", state ").append(Quoted(state_->name));
    problems_.push_back(where + ": " + what);
  }

  std::string StateList() const {
    std::string list = "its states:";
    for (const NamedState& s : branch_->states) list.append(" ").append(Quoted(s.name));
    return list;
  }

  bool Names(const std::string& name) const {
    return std::any_of(branch_->states.begin(), branch_->states.end(),
                       [&](const NamedState& s) { return s.name == name; });
  }

  void Target(std::string_view what, const std::string& name) {
    if (!Names(name)) {
      Problem(std::string(what) + " " + Quoted(name) + " is not a state here; " + StateList());
    }
  }

  // Exactly one of Next and End; true when it ends.
  bool Transition(const std::string& next, bool end) {
    if (end && !next.empty()) {
      Problem("has both `.next` and `.end`; give one");
    } else if (!end && next.empty()) {
      Problem("neither goes on nor ends; give `.next = \"<state>\"` or `.end = true`");
    } else if (!end) {
      Target("next state", next);
    }
    return end;
  }

  void Seconds(std::string_view what, const std::optional<std::chrono::seconds>& value) {
    if (value && (value->count() < 1 || value->count() > kMaxSeconds)) {
      Problem(std::string(what) + " is " + std::to_string(value->count()) +
              " s; Step Functions allows 1 to 99999999");
    }
  }

  void Recovery(const std::vector<Retry>& retry, const std::vector<Catch>& catches) {
    for (std::size_t i = 0; i < retry.size(); ++i) {
      const Retry& r = retry[i];
      const std::string which = "retrier " + std::to_string(i + 1);
      if (r.errors.empty()) Problem(which + " names no errors; e.g. \"States.TaskFailed\"");
      if (r.interval_seconds < 1 || r.interval_seconds > kMaxSeconds) {
        Problem(which + " waits " + std::to_string(r.interval_seconds) +
                " s; IntervalSeconds is 1 to 99999999");
      }
      if (r.max_attempts < 0 || r.max_attempts > kMaxSeconds) {
        Problem(which + " has " + std::to_string(r.max_attempts) +
                " attempts; MaxAttempts is 0 to 99999999");
      }
      if (!(r.backoff_rate >= 1.0)) {
        Problem(which + " has BackoffRate " + std::to_string(r.backoff_rate) +
                "; it is at least 1.0");
      }
      if (r.max_delay_seconds && (*r.max_delay_seconds < 1 || *r.max_delay_seconds > 31622400)) {
        Problem(which + " has MaxDelaySeconds " + std::to_string(*r.max_delay_seconds) +
                "; it is 1 to 31622400");
      }
    }
    for (std::size_t i = 0; i < catches.size(); ++i) {
      const std::string which = "catcher " + std::to_string(i + 1);
      if (catches[i].errors.empty()) Problem(which + " names no errors; e.g. \"States.ALL\"");
      Target(which + "'s next state", catches[i].next);
    }
  }

  bool CheckState(const Task& s) {
    const bool by_function = !s.function.name.empty();
    if (by_function == !s.resource.empty()) {
      Problem(by_function ? "names both a function and a resource; give one"
                          : "names no function; give `.function = <a sparta::Function>` or a "
                            "`.resource` ARN");
    } else if (by_function && !functions_.contains(s.function.name)) {
      std::string list;
      for (const std::string& f : functions_) list.append(" ").append(Quoted(f));
      Problem("function " + Quoted(s.function.name) +
              " is not a function of this service; its functions:" + list);
    } else if (!by_function && !s.resource.starts_with("arn:")) {
      Problem("resource " + Quoted(s.resource) +
              " is not an ARN; e.g. \"arn:aws:states:::sns:publish\"");
    }
    Seconds("the timeout", s.timeout);
    Seconds("the heartbeat", s.heartbeat);
    if (s.timeout && s.heartbeat && *s.heartbeat >= *s.timeout) {
      Problem("the heartbeat (" + std::to_string(s.heartbeat->count()) +
              " s) is not shorter than the timeout (" + std::to_string(s.timeout->count()) + " s)");
    }
    Recovery(s.retry, s.catch_errors);
    return Transition(s.next, s.end);
  }

  bool CheckState(const Pass& s) { return Transition(s.next, s.end); }

  bool CheckState(const Wait& s) {
    const int given = (s.seconds ? 1 : 0) + (s.timestamp.empty() ? 0 : 1) +
                      (s.seconds_path.empty() ? 0 : 1) + (s.timestamp_path.empty() ? 0 : 1);
    if (given != 1) {
      Problem("gives " + std::to_string(given) +
              " of `.seconds`, `.timestamp`, `.seconds_path`, `.timestamp_path`; give one");
    }
    if (s.seconds && (s.seconds->count() < 0 || s.seconds->count() > kMaxSeconds)) {
      Problem("waits " + std::to_string(s.seconds->count()) + " s; Seconds is 0 to 99999999");
    }
    return Transition(s.next, s.end);
  }

  bool CheckState(const Choice& s) {
    if (s.choices.empty()) Problem("has no rules; give at least one `{condition, next}`");
    for (std::size_t i = 0; i < s.choices.size(); ++i) {
      const ChoiceRule& r = s.choices[i];
      const std::string which = "rule " + std::to_string(i + 1);
      if (!r.condition.is_object() || r.condition.get_object().empty()) {
        Problem(which +
                "'s condition is not a rule; use e.g. "
                "sparta::step::StringEquals(\"$.status\", \"paid\")");
      } else if (r.condition.get_object().contains("Next")) {
        Problem(which +
                "'s condition holds a \"Next\"; give the next state as the rule's "
                "`next`");
      }
      Target(which + "'s next state", r.next);
    }
    if (!s.otherwise.empty()) Target("the default state", s.otherwise);
    return false;
  }

  bool CheckState(const Succeed&) { return true; }
  bool CheckState(const Fail&) { return true; }

  bool CheckState(const Parallel& s) {
    if (s.branches.empty()) Problem("has no branches; give at least one");
    Nested(s.branches, "branch");
    Recovery(s.retry, s.catch_errors);
    return Transition(s.next, s.end);
  }

  bool CheckState(const Map& s) {
    if (s.max_concurrency < 0) {
      Problem("has MaxConcurrency " + std::to_string(s.max_concurrency) +
              "; give 0 (no limit) or more");
    }
    Nested({s.processor}, "item processor");
    Recovery(s.retry, s.catch_errors);
    return Transition(s.next, s.end);
  }

  void Nested(const std::vector<Branch>& branches, std::string_view kind) {
    const std::string outer = where_ + ", state " + Quoted(state_->name);
    for (std::size_t i = 0; i < branches.size(); ++i) {
      std::string where = outer + ", " + std::string(kind);
      if (branches.size() > 1) where.append(" ").append(std::to_string(i + 1));
      ScopeChecker(functions_, problems_).Check(branches[i], where);
    }
  }

  // Every state is reached from StartAt (Step Functions refuses a machine
  // with one that is not).
  void Reachability() {
    std::map<std::string, const NamedState*> by_name;
    for (const NamedState& s : branch_->states) by_name.emplace(s.name, &s);
    std::set<std::string> reached;
    std::vector<std::string> pending = {branch_->start_at};
    while (!pending.empty()) {
      const std::string name = std::move(pending.back());
      pending.pop_back();
      auto it = by_name.find(name);
      if (it == by_name.end() || !reached.insert(name).second) continue;
      for (std::string& next : Successors(it->second->state)) pending.push_back(std::move(next));
    }
    if (!by_name.contains(branch_->start_at)) return;  // said already
    for (const NamedState& s : branch_->states) {
      if (!reached.contains(s.name)) {
        problems_.push_back(where_ + ", state " + Quoted(s.name) +
                            ": is not reachable from StartAt; remove it, or lead to it");
      }
    }
  }

  static std::vector<std::string> Successors(const step::State& state) {
    std::vector<std::string> out;
    auto catches = [&out](const std::vector<Catch>& list) {
      for (const Catch& c : list) out.push_back(c.next);
    };
    std::visit(
        [&](const auto& s) {
          using S = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<S, Choice>) {
            for (const ChoiceRule& r : s.choices) out.push_back(r.next);
            if (!s.otherwise.empty()) out.push_back(s.otherwise);
          } else if constexpr (std::is_same_v<S, Task> || std::is_same_v<S, Pass> ||
                               std::is_same_v<S, Wait> || std::is_same_v<S, Parallel> ||
                               std::is_same_v<S, Map>) {
            if (!s.end) out.push_back(s.next);
            if constexpr (requires { s.catch_errors; }) catches(s.catch_errors);
          }
        },
        state);
    return out;
  }

  const std::set<std::string>& functions_;
  std::vector<std::string>& problems_;
  std::string where_;
  const Branch* branch_ = nullptr;
  const NamedState* state_ = nullptr;
};

bool IsMachineName(const std::string& name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

}  // namespace

std::vector<std::string> CheckStateMachines(const Service& service) {
  std::vector<std::string> problems;
  std::set<std::string> functions;
  for (const Function& f : service.functions) functions.insert(f.name);
  std::set<std::string> names;
  for (const StateMachine& machine : service.state_machines) {
    const std::string where = "state machine " + Quoted(machine.name());
    if (!IsMachineName(machine.name())) {
      problems.push_back(where +
                         ": its name is 1 to 64 letters and digits (it names its "
                         "resources, e.g. OrdersStateMachine)");
    } else if (!names.insert(machine.name()).second) {
      problems.push_back("two state machines are named " + Quoted(machine.name()));
    }
    if (const auto& timeout = machine.options().timeout;
        timeout && (timeout->count() < 1 || timeout->count() > kMaxSeconds)) {
      problems.push_back(where + ": the timeout is " + std::to_string(timeout->count()) +
                         " s; Step Functions allows 1 to 99999999");
    }
    ScopeChecker(functions, problems).Check(machine.definition(), where);
    for (const std::string& p : CheckPrivileges(machine.options().privileges)) {
      problems.push_back(where + ": " + p);
    }
  }
  return problems;
}

}  // namespace sparta::internal
