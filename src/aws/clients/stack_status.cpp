#include "sparta/aws/stack_status.hpp"

#include <string>

namespace sparta::aws::cloudformation {
namespace {

constexpr std::string_view kInProgressSuffix = "_IN_PROGRESS";

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view SuccessStatus(StackOperation operation) {
  switch (operation) {
    case StackOperation::kCreate:
      return "CREATE_COMPLETE";
    case StackOperation::kUpdate:
      return "UPDATE_COMPLETE";
    case StackOperation::kDelete:
      return "DELETE_COMPLETE";
    case StackOperation::kImport:
      return "IMPORT_COMPLETE";
  }
  return {};
}

}  // namespace

bool IsTerminal(std::string_view status) {
  return !status.empty() && !EndsWith(status, kInProgressSuffix);
}

bool IsStable(std::string_view status) {
  return IsTerminal(status) || status == "REVIEW_IN_PROGRESS";
}

StackOutcome ClassifyStackStatus(StackOperation operation, std::string_view status) {
  if (!IsTerminal(status)) return StackOutcome::kInProgress;
  return status == SuccessStatus(operation) ? StackOutcome::kSucceeded : StackOutcome::kFailed;
}

bool IsUsableAfterFailure(std::string_view status) {
  return status == "UPDATE_ROLLBACK_COMPLETE" || status == "UPDATE_FAILED";
}

bool MustDeleteBeforeCreate(std::string_view status) {
  return status == "ROLLBACK_COMPLETE" || status == "ROLLBACK_FAILED" ||
         status == "CREATE_FAILED" || status == "REVIEW_IN_PROGRESS";
}

bool IsNoUpdatesError(const Error& error) {
  return error.code == "ValidationError" &&
         StartsWith(error.message, "No updates are to be performed");
}

bool IsEmptyChangeSet(std::string_view status, std::string_view status_reason) {
  return status == "FAILED" &&
         (StartsWith(status_reason, "The submitted information didn't contain changes") ||
          StartsWith(status_reason, "No updates are to be performed"));
}

bool IsStackNotFound(const Error& error) {
  // "Stack with id X does not exist" (DescribeStacks), "Stack [X] does not
  // exist" (some other operations).
  return error.code == "ValidationError" && StartsWith(error.message, "Stack ") &&
         error.message.find(" does not exist") != std::string::npos;
}

}  // namespace sparta::aws::cloudformation
