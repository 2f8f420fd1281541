#include "sparta/aws/stack_status.hpp"

#include <gtest/gtest.h>

namespace sparta::aws::cloudformation {
namespace {

TEST(StackStatusTest, TerminalMeansNotInProgress) {
  for (const char* status : {"CREATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE",
                             "UPDATE_ROLLBACK_COMPLETE", "DELETE_COMPLETE", "IMPORT_COMPLETE"}) {
    EXPECT_TRUE(IsTerminal(status)) << status;
    EXPECT_TRUE(IsStable(status)) << status;
  }
  for (const char* status : {"CREATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
                             "UPDATE_ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS"}) {
    EXPECT_FALSE(IsTerminal(status)) << status;
    EXPECT_FALSE(IsStable(status)) << status;
  }
  EXPECT_FALSE(IsTerminal(""));
}

TEST(StackStatusTest, ReviewInProgressIsStableButNotTerminal) {
  EXPECT_FALSE(IsTerminal("REVIEW_IN_PROGRESS"));
  EXPECT_TRUE(IsStable("REVIEW_IN_PROGRESS"));
  EXPECT_EQ(ClassifyStackStatus(StackOperation::kCreate, "REVIEW_IN_PROGRESS"),
            StackOutcome::kInProgress);
}

TEST(StackStatusTest, ClassifiesPerOperation) {
  using enum StackOperation;
  EXPECT_EQ(ClassifyStackStatus(kCreate, "CREATE_COMPLETE"), StackOutcome::kSucceeded);
  EXPECT_EQ(ClassifyStackStatus(kCreate, "CREATE_IN_PROGRESS"), StackOutcome::kInProgress);
  EXPECT_EQ(ClassifyStackStatus(kCreate, "ROLLBACK_IN_PROGRESS"), StackOutcome::kInProgress);
  EXPECT_EQ(ClassifyStackStatus(kCreate, "ROLLBACK_COMPLETE"), StackOutcome::kFailed);
  EXPECT_EQ(ClassifyStackStatus(kCreate, "CREATE_FAILED"), StackOutcome::kFailed);
  EXPECT_EQ(ClassifyStackStatus(kCreate, "DELETE_COMPLETE"), StackOutcome::kFailed);

  EXPECT_EQ(ClassifyStackStatus(kUpdate, "UPDATE_COMPLETE"), StackOutcome::kSucceeded);
  EXPECT_EQ(ClassifyStackStatus(kUpdate, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"),
            StackOutcome::kInProgress);
  EXPECT_EQ(ClassifyStackStatus(kUpdate, "UPDATE_ROLLBACK_COMPLETE"), StackOutcome::kFailed);
  EXPECT_EQ(ClassifyStackStatus(kUpdate, "UPDATE_ROLLBACK_FAILED"), StackOutcome::kFailed);
  EXPECT_EQ(ClassifyStackStatus(kUpdate, "UPDATE_FAILED"), StackOutcome::kFailed);
  EXPECT_EQ(ClassifyStackStatus(kUpdate, "CREATE_COMPLETE"), StackOutcome::kFailed);

  EXPECT_EQ(ClassifyStackStatus(kDelete, "DELETE_COMPLETE"), StackOutcome::kSucceeded);
  EXPECT_EQ(ClassifyStackStatus(kDelete, "DELETE_IN_PROGRESS"), StackOutcome::kInProgress);
  EXPECT_EQ(ClassifyStackStatus(kDelete, "DELETE_FAILED"), StackOutcome::kFailed);

  EXPECT_EQ(ClassifyStackStatus(kImport, "IMPORT_COMPLETE"), StackOutcome::kSucceeded);
  EXPECT_EQ(ClassifyStackStatus(kImport, "IMPORT_ROLLBACK_COMPLETE"), StackOutcome::kFailed);
}

TEST(StackStatusTest, UsableAndMustDeleteStates) {
  EXPECT_TRUE(IsUsableAfterFailure("UPDATE_ROLLBACK_COMPLETE"));
  EXPECT_TRUE(IsUsableAfterFailure("UPDATE_FAILED"));
  EXPECT_FALSE(IsUsableAfterFailure("ROLLBACK_COMPLETE"));
  EXPECT_TRUE(MustDeleteBeforeCreate("ROLLBACK_COMPLETE"));
  EXPECT_TRUE(MustDeleteBeforeCreate("REVIEW_IN_PROGRESS"));
  EXPECT_TRUE(MustDeleteBeforeCreate("CREATE_FAILED"));
  EXPECT_FALSE(MustDeleteBeforeCreate("UPDATE_ROLLBACK_COMPLETE"));
  EXPECT_FALSE(MustDeleteBeforeCreate("CREATE_COMPLETE"));
}

TEST(StackStatusTest, RecognisesNoUpdatesError) {
  EXPECT_TRUE(IsNoUpdatesError(
      Error{"ValidationError", "No updates are to be performed. (HTTP 400, request id r-1)"}));
  EXPECT_TRUE(IsNoUpdatesError(Error{"ValidationError", "No updates are to be performed."}));
  EXPECT_FALSE(IsNoUpdatesError(Error{"ValidationError", "Template format error"}));
  EXPECT_FALSE(IsNoUpdatesError(Error{"Throttling", "No updates are to be performed."}));
}

TEST(StackStatusTest, RecognisesEmptyChangeSets) {
  EXPECT_TRUE(IsEmptyChangeSet(
      "FAILED",
      "The submitted information didn't contain changes. Submit different information to "
      "create a change set."));
  EXPECT_TRUE(IsEmptyChangeSet("FAILED", "No updates are to be performed."));
  EXPECT_FALSE(IsEmptyChangeSet("FAILED", "Template error: unresolved resource dependencies"));
  EXPECT_FALSE(IsEmptyChangeSet("CREATE_COMPLETE", "No updates are to be performed."));
}

TEST(StackStatusTest, RecognisesMissingStack) {
  EXPECT_TRUE(IsStackNotFound(
      Error{"ValidationError", "Stack with id demo does not exist (HTTP 400, request id x)"}));
  EXPECT_TRUE(IsStackNotFound(Error{"ValidationError", "Stack [demo] does not exist"}));
  EXPECT_FALSE(IsStackNotFound(Error{"ValidationError", "Template format error"}));
  EXPECT_FALSE(IsStackNotFound(Error{"AccessDenied", "Stack with id demo does not exist"}));
}

}  // namespace
}  // namespace sparta::aws::cloudformation
