// A string where the schema says boolean:
// it does not convert (the compiler names the resource type's Properties).
// EXPECT: no known conversion for argument 2 from .*Queue::Properties
#include "sparta/resources/sqs.hpp"
namespace sqs = sparta::resources::sqs;
int main() {
#ifdef SPARTA_BREAK
  sqs::Queue q{"Jobs", {.FifoQueue = "yes"}};
#else
  sqs::Queue q{"Jobs", {.FifoQueue = true, .QueueName = "jobs"}};
#endif
  (void)q;
}
