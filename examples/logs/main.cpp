// The logs service: a function that watches another function's logs.
//
//   * Checkout is an ordinary function: it logs what it does, at level
//     ERROR when an order cannot be paid.
//   * Alerts subscribes to Checkout's log group with the filter pattern
//     "ERROR": CloudWatch Logs sends it only those lines, gzip-compressed
//     and base64-encoded, which the typed event decodes on demand.
//
//   ./logs build
//   ./logs invoke Alerts --event-source cloudwatch-logs --message "ERROR card declined"
//   ./logs provision --endpoint-url http://127.0.0.1:4566   (sparta-local)

#include <boost/describe.hpp>
#include <sparta/events/cloudwatch_logs.hpp>
#include <sparta/runtime/or_throw.hpp>
#include <sparta/sparta.hpp>
#include <string>

namespace events = sparta::events;

// ---- Checkout: the function being watched ------------------------------

struct Order {
  std::string id;
  int cents = 0;
};
BOOST_DESCRIBE_STRUCT(Order, (), (id, cents))

struct Receipt {
  std::string id;
  bool paid = false;
};
BOOST_DESCRIBE_STRUCT(Receipt, (), (id, paid))

Receipt Checkout(const Order& order, sparta::runtime::Context& ctx) {
  if (order.cents <= 0) {
    // The line reads "<time> <request id> ERROR order ...": what the
    // subscription's filter pattern matches.
    ctx.log().Error("order " + order.id + " cannot be paid: " +
                    std::to_string(order.cents) + " cents");
    return {.id = order.id, .paid = false};
  }
  ctx.log().Info("order " + order.id + " paid");
  return {.id = order.id, .paid = true};
}

// ---- Alerts: the ERROR lines of Checkout ------------------------------

struct Alert {
  std::string log_group;
  std::vector<std::string> lines;
};
BOOST_DESCRIBE_STRUCT(Alert, (), (log_group, lines))

Alert Alerts(const events::CloudWatchLogsEvent& event, sparta::runtime::Context& ctx) {
  // The data is base64(gzip(JSON)); a broken one is the invocation's error.
  const events::LogsData data = sparta::OrThrow(event.Decode());
  Alert alert{.log_group = data.logGroup};
  for (const events::LogEvent& line : data.logEvents) {
    ctx.log().Warn("alert from " + data.logStream + ": " + line.message);
    alert.lines.push_back(line.message);
  }
  return alert;
}

int main(int argc, char** argv) {
  sparta::Function checkout{"Checkout", Checkout, {.description = "Takes payments"}};
  sparta::Function alerts{
      "Alerts",
      Alerts,
      {.description = "Hears about Checkout's errors",
       .events = {sparta::LogSubscription{.log_group_name = checkout.LogGroup(),
                                          .filter_pattern = "ERROR"}}}};

  sparta::Service service{
      .name = "SpartaLogs",
      .description = "Sparta C++ example: a function subscribed to another function's logs",
      .functions = {checkout, alerts}};
  return sparta::Main(argc, argv, service);
}
