// The workflow service: an order goes through a Step Functions state machine
// whose tasks are this program's functions.
//
//   Check ──► Valid? ──(valid)──► Charge ──► (end)
//                 └──(otherwise)──► Rejected (fails with InvalidOrder)
//
//   * Check and Charge are ordinary typed handlers: Step Functions passes
//     each its state's input and takes its answer as the output.
//   * The machine is declared as C++ values; `build` refuses a definition
//     Step Functions would refuse (a missing state, an unreachable one, a
//     task naming no function of the service) and names the state.
//   * Its role may invoke Check and Charge, nothing else. Charge is retried
//     twice on a failed task; an error that remains goes to Rejected.
//
//   ./workflow build
//   echo '{"id": "7", "total": 12.5}' | ./workflow invoke Check --event -
//   ./workflow provision --endpoint-url http://127.0.0.1:4566
//   (sparta-local records the state machine as simulated: it does not run
//   executions yet.)

#include <boost/describe.hpp>
#include <sparta/sparta.hpp>
#include <string>

namespace step = sparta::step;

struct Order {
  std::string id;
  double total = 0;
  bool valid = false;  // set by Check
};
BOOST_DESCRIBE_STRUCT(Order, (), (id, total, valid))

struct Receipt {
  std::string id;
  double charged = 0;
  std::string receipt;
};
BOOST_DESCRIBE_STRUCT(Receipt, (), (id, charged, receipt))

Order Check(Order order, sparta::runtime::Context& ctx) {
  order.valid = !order.id.empty() && order.total > 0;
  ctx.log().Info("order " + order.id + (order.valid ? " is valid" : " is not valid"));
  return order;
}

Receipt Charge(const Order& order, sparta::runtime::Context&) {
  return {.id = order.id, .charged = order.total, .receipt = "R-" + order.id};
}

int main(int argc, char** argv) {
  sparta::Function check{"Check", Check, {.description = "Checks that an order can be charged"}};
  sparta::Function charge{"Charge", Charge, {.description = "Charges a checked order"}};

  step::StateMachine orders{
      "Orders",
      {.start_at = "Check",
       .states = {
           {"Check", step::Task{.function = check, .next = "Valid?"}},
           {"Valid?", step::Choice{.choices = {{step::BooleanEquals("$.valid", true), "Charge"}},
                                   .otherwise = "Rejected"}},
           {"Charge", step::Task{.function = charge,
                                 .end = true,
                                 .retry = {step::Retry{.errors = {"States.TaskFailed"},
                                                       .max_attempts = 2}},
                                 .catch_errors = {{.next = "Rejected", .result_path = "$.error"}},
                                 .timeout = std::chrono::seconds(30)}},
           {"Rejected", step::Fail{.error = "InvalidOrder", .cause = "the order was not charged"}}}},
      {.comment = "An order is checked, then charged"}};

  sparta::Service service{
      .name = "SpartaWorkflow",
      .description = "Sparta C++ example: a state machine whose tasks are the service's functions",
      .functions = {check, charge},
      .state_machines = {orders},
      .outputs = {{"OrdersStateMachineArn", {.value = orders.Arn()}}}};
  return sparta::Main(argc, argv, service);
}
