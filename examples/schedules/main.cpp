// The schedules service: functions run by the clock and by events.
//
//   * Nightly runs at 03:00 UTC every day (a cron schedule) and every six
//     hours (a rate), each with its own constant input.
//   * Welcome reacts to the application's own "Signup" events on the
//     default EventBridge bus; the event's detail arrives as a C++ struct.
//
// `build` checks the schedules: `rate(1 hours)` or `cron(0 3 * * * *)` fail
// there, with what EventBridge wants instead.
//
//   ./schedules build
//   ./schedules invoke Nightly --event-source schedule
//   ./schedules provision --endpoint-url http://127.0.0.1:4566   (sparta-local)

#include <boost/describe.hpp>
#include <sparta/events/eventbridge.hpp>
#include <sparta/sparta.hpp>
#include <string>

namespace eventbridge = sparta::events::eventbridge;

// ---- Nightly: the clock --------------------------------------------------

struct Chore {
  std::string chore;  // set by each schedule's input
};
BOOST_DESCRIBE_STRUCT(Chore, (), (chore))

struct ChoreDone {
  std::string chore;
  std::string at;
};
BOOST_DESCRIBE_STRUCT(ChoreDone, (), (chore, at))

// A schedule with an input sends that input instead of the scheduled event.
ChoreDone Nightly(const Chore& chore, sparta::runtime::Context& ctx) {
  ctx.log().Info("doing " + chore.chore);
  return {.chore = chore.chore, .at = ctx.request_id()};
}

// ---- Welcome: the application's events ---------------------------------

struct Signup {
  std::string user;
  std::string plan;
};
BOOST_DESCRIBE_STRUCT(Signup, (), (user, plan))

struct Greeting {
  std::string to;
  std::string text;
};
BOOST_DESCRIBE_STRUCT(Greeting, (), (to, text))

Greeting Welcome(const eventbridge::Event<Signup>& event, sparta::runtime::Context& ctx) {
  ctx.log().Info(event.detail_type + " from " + event.source + ": " + event.detail.user);
  return {.to = event.detail.user,
          .text = "Welcome, " + event.detail.user + ", to the " + event.detail.plan + " plan!"};
}

int main(int argc, char** argv) {
  sparta::Function nightly{
      "Nightly",
      Nightly,
      {.description = "Chores on a clock",
       .events = {sparta::Schedule{.name = "Compact",
                                   .expression = "cron(0 3 * * ? *)",
                                   .input = sparta::json::parse(R"({"chore":"compact"})"),
                                   .description = "Compacts the data at 03:00 UTC"},
                  sparta::Schedule{.name = "Sweep",
                                   .expression = "rate(6 hours)",
                                   .input = sparta::json::parse(R"({"chore":"sweep"})")}}}};
  sparta::Function welcome = sparta::EventBridgeReactor(
      "Welcome", Welcome,
      {.name = "Signups",
       .pattern = sparta::json::parse(R"({"source": ["example.users"],
                                          "detail-type": ["Signup"]})"),
       .description = "Every signup of the application"},
      {.description = "Greets new users"});

  sparta::Service service{
      .name = "SpartaSchedules",
      .description = "Sparta C++ example: functions on a schedule and on EventBridge events",
      .functions = {nightly, welcome}};
  return sparta::Main(argc, argv, service);
}
