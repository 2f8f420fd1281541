#include <sparta/sparta.hpp>

#include <string>

namespace {
struct Sum {
  int a = 0;
  int b = 0;
};
// Conversion through Boost.JSON's tag_invoke customization point.
Sum tag_invoke(boost::json::value_to_tag<Sum>, const boost::json::value& v) {
  return {static_cast<int>(v.at("a").to_number<int>()), static_cast<int>(v.at("b").to_number<int>())};
}
int Add(const Sum& s, sparta::runtime::Context&) { return s.a + s.b; }
}  // namespace

int main(int argc, char** argv) {
  return sparta::Main(argc, argv, {.name = "Consumer", .description = "", .functions = {{"Add", Add}}});
}
