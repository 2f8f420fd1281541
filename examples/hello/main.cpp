// The hello service: two small functions, declared as C++ values.
//
//   ./hello build                      template + artifact zip in .sparta/
//   ./hello invoke Hello --event e.json
//   echo '{"name":"Ada"}' | ./hello invoke Hello --event -

#include <boost/describe.hpp>
#include <sparta/sparta.hpp>

#include <chrono>
#include <string>

using namespace std::chrono_literals;

struct HelloRequest {
  std::string name;
};
BOOST_DESCRIBE_STRUCT(HelloRequest, (), (name))

struct HelloResponse {
  std::string message;
  std::string request_id;
};
BOOST_DESCRIBE_STRUCT(HelloResponse, (), (message, request_id))

// Typed: JSON in, JSON out.
HelloResponse SayHello(const HelloRequest& request, sparta::runtime::Context& ctx) {
  if (request.name.empty()) {
    throw sparta::runtime::FunctionError("InvalidName", "\"name\" must not be empty");
  }
  ctx.log().Info("greeting " + request.name);
  return {"Hello, " + request.name + "!", ctx.request_id()};
}

// Raw: the payload bytes back, unchanged.
std::string Echo(std::string_view payload, sparta::runtime::Context&) {
  return std::string(payload);
}

int main(int argc, char** argv) {
  sparta::Function hello{"Hello", SayHello, {.description = "Greets by name", .timeout = 5s}};
  sparta::Function echo{"Echo", Echo, {.description = "Returns its event", .memory_mb = 256}};
  sparta::Service service{
      .name = "SpartaHello",
      .description = "Sparta C++ hello example",
      .functions = {hello, echo},
      // Outputs are declared like everything else; handles give their values.
      .outputs = {{"HelloFunctionArn", {.value = hello.Arn(), .description = "Hello's ARN"}},
                  {"HelloFunctionName", {.value = hello.Ref(), .description = "Hello's name"}}}};
  return sparta::Main(argc, argv, service);
}
