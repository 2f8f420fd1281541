#pragma once
// Archetypes: a function and the one source it reacts to, declared in one
// call, in the spirit of Go Sparta's reactors. Each returns an ordinary
// sparta::Function (its options gain the source; the source adds its
// permission or mapping and its privileges, see service/event_sources.hpp),
// so anything else about it is set as for any function.
//
// **Example**:
//   s3::Bucket uploads{"Uploads"};
//   sparta::Function thumbnails = sparta::S3Reactor(
//       "Thumbnails", MakeThumbnail, {.bucket = uploads, .suffix = ".jpg"},
//       {.memory_mb = 1024});
//   sparta::Function nightly = sparta::ScheduledFunction(
//       "Nightly", Compact, {.name = "Nightly", .expression = "cron(0 3 * * ? *)"});

#include <string>
#include <utility>

#include "sparta/service/function.hpp"

namespace sparta {

namespace detail {
inline Function Reactor(std::string name, runtime::Handler handler, EventSource source,
                        FunctionOptions options, Role role) {
  options.events.push_back(std::move(source));
  return Function(std::move(name), std::move(handler), std::move(options), std::move(role));
}
}  // namespace detail

/// Reacts to object events of a bucket of this service, and may read that
/// bucket's objects (S3Events::read_objects).
inline Function S3Reactor(std::string name, runtime::Handler handler, S3Events events,
                          FunctionOptions options = {}, Role role = IamRoleDefinition{}) {
  events.read_objects = true;
  return detail::Reactor(std::move(name), std::move(handler), std::move(events),
                         std::move(options), std::move(role));
}

/// Reacts to the messages of an SNS topic.
inline Function SnsReactor(std::string name, runtime::Handler handler, SnsEvents events,
                           FunctionOptions options = {}, Role role = IamRoleDefinition{}) {
  return detail::Reactor(std::move(name), std::move(handler), std::move(events),
                         std::move(options), std::move(role));
}

/// Reacts to the messages of an SQS queue (reading and deleting them).
inline Function SqsReactor(std::string name, runtime::Handler handler, SqsEvents events,
                           FunctionOptions options = {}, Role role = IamRoleDefinition{}) {
  return detail::Reactor(std::move(name), std::move(handler), std::move(events),
                         std::move(options), std::move(role));
}

/// Reacts to the records of a DynamoDB stream.
inline Function DynamoDbReactor(std::string name, runtime::Handler handler,
                                DynamoDbStreamEvents events, FunctionOptions options = {},
                                Role role = IamRoleDefinition{}) {
  return detail::Reactor(std::move(name), std::move(handler), std::move(events),
                         std::move(options), std::move(role));
}

/// Reacts to the records of a Kinesis data stream.
inline Function KinesisReactor(std::string name, runtime::Handler handler, KinesisEvents events,
                               FunctionOptions options = {}, Role role = IamRoleDefinition{}) {
  return detail::Reactor(std::move(name), std::move(handler), std::move(events),
                         std::move(options), std::move(role));
}

/// Runs on a schedule (rate or cron, UTC).
inline Function ScheduledFunction(std::string name, runtime::Handler handler, Schedule schedule,
                                  FunctionOptions options = {}, Role role = IamRoleDefinition{}) {
  return detail::Reactor(std::move(name), std::move(handler), std::move(schedule),
                         std::move(options), std::move(role));
}

/// Reacts to the EventBridge events matching a rule's pattern.
inline Function EventBridgeReactor(std::string name, runtime::Handler handler, EventRule rule,
                                   FunctionOptions options = {}, Role role = IamRoleDefinition{}) {
  return detail::Reactor(std::move(name), std::move(handler), std::move(rule),
                         std::move(options), std::move(role));
}

}  // namespace sparta
