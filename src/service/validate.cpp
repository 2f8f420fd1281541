#include "sparta/service/validate.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "sparta/cfn/logical_id.hpp"
#include "sparta/json/json.hpp"
#include "sparta/service/synthesize.hpp"
#include "sparta/util/quoted.hpp"

#include "discovery_document.hpp"
#include "iam_actions.hpp"
#include "validate_event_sources.hpp"
#include "validate_privileges.hpp"
#include "validate_state_machine.hpp"

namespace sparta {

using util::Quoted;

namespace {

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return IsLetter(c) || IsDigit(c); }

template <class Pred>
bool AllOf(std::string_view s, Pred pred) {
  return std::all_of(s.begin(), s.end(), pred);
}

std::string Range(int lo, int hi) { return std::to_string(lo) + ".." + std::to_string(hi); }

// "aws", "aws-cn", "aws-us-gov", "aws-iso-b", ...
bool IsPartition(std::string_view p) {
  if (!p.starts_with("aws")) return false;
  p.remove_prefix(3);
  return AllOf(p, [](char c) { return (c >= 'a' && c <= 'z') || c == '-'; });
}

// Characters IAM allows in role/policy names and paths.
bool IsIamNameChar(char c) {
  return IsAlnum(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '_' ||
         c == '-' || c == '/';
}

// arn:<partition>:iam::<account>:<kind>/<path/>name
bool IsIamArn(std::string_view arn, std::string_view kind, bool allow_aws_account) {
  std::vector<std::string_view> parts;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = arn.find(':');
    if (colon == std::string_view::npos) return false;
    parts.push_back(arn.substr(0, colon));
    arn.remove_prefix(colon + 1);
  }
  const std::string_view account = parts[4];
  bool account_ok =
      (account.size() == 12 && AllOf(account, IsDigit)) || (allow_aws_account && account == "aws");
  if (parts[0] != "arn" || !IsPartition(parts[1]) || parts[2] != "iam" || !parts[3].empty() ||
      !account_ok) {
    return false;
  }
  if (!arn.starts_with(kind) || arn.size() <= kind.size() + 1 || arn[kind.size()] != '/') {
    return false;
  }
  std::string_view rest = arn.substr(kind.size() + 1);
  return !rest.ends_with('/') && AllOf(rest, IsIamNameChar);
}


class ServiceChecker {
 public:
  explicit ServiceChecker(const Service& s) : s_(s), functions_(AllFunctions(s)), discovery_(s) {}

  std::vector<std::string> Run() {
    CheckStack();
    if (functions_.empty()) {
      problems_.push_back(
          "the service declares no functions; declare at least one sparta::Function");
    }
    CheckNamesAreDistinct();
    for (const Function& f : functions_) CheckFunction(f);
    for (std::string& p : internal::CheckEventSourcesTogether(functions_)) {
      problems_.push_back(std::move(p));
    }
    CheckDeclarations();
    for (std::string& p : internal::CheckStateMachines(s_)) problems_.push_back(std::move(p));
    CheckDecoratorsAndHooks();
    return std::move(problems_);
  }

 private:
  void CheckDecoratorsAndHooks() {
    auto check = [this](const std::string& what, const std::string& name, bool callable) {
      if (name.empty()) problems_.push_back(what + " has no name; name it for its messages");
      if (!callable) problems_.push_back(what + " " + Quoted(name) + " has no function to run");
    };
    for (const Function& f : functions_) {
      for (const FunctionDecorator& d : f.options.decorators) {
        check("a decorator of function " + Quoted(f.name), d.name, static_cast<bool>(d.decorate));
      }
    }
    for (const ServiceDecorator& d : s_.decorators) {
      check("a service decorator", d.name, static_cast<bool>(d.decorate));
    }
    auto hooks = [&](const auto& list, const std::string& kind) {
      for (const auto& h : list) check("a " + kind + " hook", h.name, static_cast<bool>(h.run));
    };
    hooks(s_.hooks.pre_build, "pre-build");
    hooks(s_.hooks.pre_marshal, "pre-marshal");
    hooks(s_.hooks.validate, "validation");
    hooks(s_.hooks.archive, "archive");
    hooks(s_.hooks.post_build, "post-build");
    hooks(s_.hooks.rollback, "rollback");
  }

  void CheckStack() {
    const std::string& name = s_.name;
    if (name.empty()) {
      problems_.push_back(
          "the service name (the stack name) is empty; give it a name such as "
          "\"hello-service\"");
    } else if (!IsLetter(name.front()) ||
               !AllOf(name, [](char c) { return IsAlnum(c) || c == '-'; }) ||
               name.size() > kMaxStackNameLength) {
      problems_.push_back("the service name " + Quoted(name) +
                          " is not a valid stack name; use a letter, then letters, digits and "
                          "'-', at most " +
                          std::to_string(kMaxStackNameLength) + " characters");
    }
    if (s_.description.size() > cfn::kMaxDescriptionBytes) {
      problems_.push_back("the service description is " + std::to_string(s_.description.size()) +
                          " bytes; CloudFormation allows at most " +
                          std::to_string(cfn::kMaxDescriptionBytes));
    }
  }

  void CheckNamesAreDistinct() {
    std::set<std::string> seen;
    std::map<std::string, std::string> owner_of_id;  // logical ID -> function name
    for (const Function& f : functions_) {
      if (!seen.insert(f.name).second) {
        problems_.push_back("two functions are named " + Quoted(f.name) +
                            "; function names must be unique within a service");
        continue;
      }
      FunctionLogicalIds ids = LogicalIdsOf(f.name);
      for (const std::string* id : {&ids.function, &ids.role, &ids.log_group}) {
        auto [it, inserted] = owner_of_id.emplace(*id, f.name);
        if (!inserted && it->second != f.name) {
          problems_.push_back("functions " + Quoted(it->second) + " and " + Quoted(f.name) +
                              " map to the same logical ID " + Quoted(*id) + "; rename one of them");
          break;
        }
      }
    }
  }

  void Problem(const Function& f, const std::string& what) {
    problems_.push_back("function " + Quoted(f.name) + ": " + what);
  }

  void CheckFunction(const Function& f) {
    const FunctionOptions& o = f.options;
    if (f.name.empty()) {
      problems_.push_back("a function has an empty name; use 1 to 64 letters, digits, '-' or '_'");
    } else if (f.name.size() > kMaxFunctionNameLength ||
               !AllOf(f.name, [](char c) { return IsAlnum(c) || c == '-' || c == '_'; })) {
      Problem(f, "the name is not valid; use 1 to 64 letters, digits, '-' or '_'");
    } else if (s_.name.size() + 1 + f.name.size() > kMaxFunctionNameLength) {
      Problem(f, "the deployed name " + Quoted(s_.name + "-" + f.name) + " is " +
                     std::to_string(s_.name.size() + 1 + f.name.size()) +
                     " characters; Lambda allows at most 64, shorten the service or "
                     "function name");
    }
    if (f.handler.empty()) Problem(f, "has no handler; pass the C++ function to call");
    if (o.memory_mb < kMinMemoryMb || o.memory_mb > kMaxMemoryMb) {
      Problem(f, "memory_mb is " + std::to_string(o.memory_mb) + "; Lambda allows " +
                     Range(kMinMemoryMb, kMaxMemoryMb) + " MB");
    }
    const auto timeout = o.timeout.count();
    if (timeout < kMinTimeoutSeconds || timeout > kMaxTimeoutSeconds) {
      Problem(f, "timeout is " + std::to_string(timeout) + " s; Lambda allows " +
                     Range(kMinTimeoutSeconds, kMaxTimeoutSeconds) + " seconds");
    }
    if (o.ephemeral_storage_mb < kMinEphemeralStorageMb ||
        o.ephemeral_storage_mb > kMaxEphemeralStorageMb) {
      Problem(f, "ephemeral_storage_mb is " + std::to_string(o.ephemeral_storage_mb) +
                     "; Lambda allows " + Range(kMinEphemeralStorageMb, kMaxEphemeralStorageMb) +
                     " MB");
    }
    if (o.reserved_concurrency && *o.reserved_concurrency < 0) {
      Problem(f, "reserved_concurrency is " + std::to_string(*o.reserved_concurrency) +
                     "; use 0 or more (0 stops all invocations), or leave it unset");
    }
    if (std::find(kLogRetentionDays.begin(), kLogRetentionDays.end(), o.log_retention_days) ==
        kLogRetentionDays.end()) {
      std::string allowed;
      for (int d : kLogRetentionDays) allowed += (allowed.empty() ? "" : ", ") + std::to_string(d);
      Problem(f, "log_retention_days is " + std::to_string(o.log_retention_days) +
                     "; CloudWatch Logs allows one of " + allowed);
    }
    CheckEnvironment(f);
    CheckDependencies(f);
    CheckRole(f);
    for (const std::string& p : internal::CheckEventSources(s_, f)) Problem(f, p);
  }

  void CheckEnvironment(const Function& f) {
    for (const auto& [key, value] : f.options.environment) {
      if (key.size() < 2 || !IsLetter(key.front()) ||
          !AllOf(key, [](char c) { return IsAlnum(c) || c == '_'; })) {
        Problem(f, "environment variable name " + Quoted(key) +
                       " is not valid; use a letter, then at least one letter, digit or '_'");
      } else if (std::find(kReservedEnvironmentNames.begin(), kReservedEnvironmentNames.end(),
                           key) != kReservedEnvironmentNames.end()) {
        Problem(f, "environment variable " + Quoted(key) +
                       " is reserved by Lambda (it sets it itself); choose another name");
      }
    }
    const std::size_t size = EnvironmentBytes(f);
    if (size > kMaxEnvironmentBytes) {
      Problem(f, "the environment variables take " + std::to_string(size) +
                     " bytes; Lambda allows 4 KB (" + std::to_string(kMaxEnvironmentBytes) +
                     ") for all of them together; move large values to SSM or S3");
      return;
    }
    if (!discovery_.OverEnvironmentLimit(f) || s_.discovery_from_stack) return;
    Problem(f, "the environment variables (" + std::to_string(size) +
                   " bytes) and the discovery document of its " +
                   std::to_string(f.options.dependencies.size()) + " dependencies (up to " +
                   std::to_string(discovery_.EnvironmentWithDocument(f) - size) +
                   " bytes) exceed Lambda's 4 KB (" + std::to_string(kMaxEnvironmentBytes) +
                   "); declare fewer dependencies, or serve the document from the stack: set "
                   "Service::discovery_from_stack = sparta::aws::DiscoveryFromStack() "
                   "(sparta/aws/own_stack.hpp)");
  }

  void CheckDependencies(const Function& f) {
    std::set<std::string> seen;
    for (const cfn::Handle& h : f.options.dependencies) {
      if (!discovery_.Knows(h.logical_id())) {
        Problem(f, "dependency " + Quoted(h.logical_id()) +
                       " is not a resource or function of this service; add it to "
                       "Service::resources");
      } else if (h.logical_id() == f.logical_id()) {
        Problem(f,
                "depends on itself; a function finds its own name in the environment "
                "(AWS_LAMBDA_FUNCTION_NAME), remove it from dependencies");
      } else if (!seen.insert(h.logical_id()).second) {
        Problem(f, "dependency " + Quoted(h.logical_id()) + " is listed twice");
      }
    }
  }

  // The resources, parameters, mappings, conditions and outputs declared
  // besides the functions.
  void CheckDeclarations() {
    std::set<std::string> ids;
    auto check_id = [&](const std::string& id, std::string_view what) {
      if (!cfn::IsValidLogicalId(id)) {
        problems_.push_back(std::string(what) + " " + Quoted(id) +
                            ": the name is its logical ID, so use 1 to 255 ASCII letters and "
                            "digits");
      } else if (!ids.insert(id).second) {
        problems_.push_back(std::string(what) + " " + Quoted(id) +
                            ": another declaration of the service has the same name; names "
                            "of resources, parameters, mappings, conditions and outputs must "
                            "be unique");
      }
    };
    for (const cfn::AnyResource& r : s_.resources) {
      const cfn::ResourceDeclaration& d = r.declaration();
      check_id(d.logical_id, "resource");
      for (const std::string& p : d.problems) problems_.push_back(p);
      if (d.resource.type.empty()) {
        problems_.push_back("resource " + Quoted(d.logical_id) +
                            " has no type; give e.g. \"AWS::S3::Bucket\"");
      }
    }
    for (const Parameter& p : s_.parameters) check_id(p.logical_id(), "parameter");
    for (const Mapping& m : s_.mappings) check_id(m.logical_id(), "mapping");
    for (const Condition& c : s_.conditions) check_id(c.logical_id(), "condition");
    for (const Output& o : s_.outputs) check_id(o.logical_id(), "output");
  }

  void CheckRole(const Function& f) {
    if (const auto* existing = std::get_if<ExistingRole>(&f.role)) {
      if (!IsIamArn(existing->arn, "role", /*allow_aws_account=*/false)) {
        Problem(f, "role " + Quoted(existing->arn) +
                       " is not an IAM role ARN; expected "
                       "arn:aws:iam::<12-digit account>:role/<name>");
      }
      return;
    }
    const IamRoleDefinition* definition = std::get_if<IamRoleDefinition>(&f.role);
    if (const auto* shared = std::get_if<SharedRole>(&f.role)) {
      if (!CheckSharedRole(f, *shared)) return;  // its definition is checked once
      definition = &shared->definition;
    }
    const IamRoleDefinition& def = *definition;
    for (const std::string& arn : def.managed_policy_arns) {
      if (!IsIamArn(arn, "policy", /*allow_aws_account=*/true)) {
        Problem(f, "managed policy " + Quoted(arn) +
                       " is not an IAM policy ARN; expected arn:aws:iam::aws:policy/<name> or "
                       "arn:aws:iam::<12-digit account>:policy/<name>");
      }
    }
    for (const std::string& p : internal::CheckPrivileges(def.privileges)) Problem(f, p);
  }

  // The first function naming a shared role has its definition checked;
  // the others must give the same definition.
  bool CheckSharedRole(const Function& f, const SharedRole& role) {
    if (role.name.empty() || role.name.size() > 64 ||
        !AllOf(role.name, [](char c) { return IsAlnum(c); })) {
      Problem(f, "shared role name " + Quoted(role.name) +
                     " is not valid; use 1 to 64 letters and digits (it names the role's "
                     "logical ID, <name>SharedRole)");
      return false;
    }
    auto [first, added] = shared_roles_.emplace(role.name, &f);
    if (added) return true;
    const auto* theirs = std::get_if<SharedRole>(&first->second->role);
    auto text = [](const IamRoleDefinition& d) {
      json::array privileges;
      for (const IamPrivilege& p : d.privileges) {
        privileges.push_back(json::object{
            {"actions", json::array(p.actions.begin(), p.actions.end())},
            {"resources", json::array(p.resources.begin(), p.resources.end())},
            {"condition", p.condition}});
      }
      return json::serialize(json::object{
          {"privileges", privileges},
          {"managed", json::array(d.managed_policy_arns.begin(), d.managed_policy_arns.end())}});
    };
    if (text(theirs->definition) != text(role.definition)) {
      Problem(f, "shared role " + Quoted(role.name) + " is defined differently for function " +
                     Quoted(first->second->name) +
                     "; declare one sparta::SharedRole and give that value to each function");
    }
    return false;
  }

  const Service& s_;
  std::map<std::string, const Function*> shared_roles_;
  const std::vector<Function> functions_;
  const Discovery discovery_;
  std::vector<std::string> problems_;
};

}  // namespace

Status Validate(const Service& service) {
  std::vector<std::string> problems = ServiceChecker(service).Run();
  if (problems.empty()) return {};
  if (problems.size() == 1) return MakeError("InvalidService", problems.front());
  std::string message =
      std::to_string(problems.size()) + " problems in service " + Quoted(service.name) + ":";
  for (const auto& p : problems) message += "\n  - " + p;
  return MakeError("InvalidService", message);
}

}  // namespace sparta
