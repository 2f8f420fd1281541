#include "local/runtime_api_route.hpp"

namespace sparta::local::detail {
namespace {

constexpr std::string_view kPrefix = "/2018-06-01/runtime/";
constexpr std::string_view kInvocation = "invocation/";

}  // namespace

Target ResolveRoute(std::string_view method, std::string_view target) {
  target = target.substr(0, target.find('?'));
  Target out;
  if (target.substr(0, kPrefix.size()) != kPrefix) return out;
  std::string_view rest = target.substr(kPrefix.size());
  auto expect = [&](std::string_view wanted, Route route) {
    out.route = method == wanted ? route : Route::kBadMethod;
  };
  if (rest == "invocation/next") {
    expect("GET", Route::kNext);
  } else if (rest == "init/error") {
    expect("POST", Route::kInitError);
  } else if (rest.substr(0, kInvocation.size()) == kInvocation) {
    rest.remove_prefix(kInvocation.size());
    auto slash = rest.find('/');
    if (slash == 0 || slash == std::string_view::npos) return out;
    std::string_view action = rest.substr(slash + 1);
    if (action == "response") {
      expect("POST", Route::kResponse);
    } else if (action == "error") {
      expect("POST", Route::kError);
    } else {
      return out;
    }
    out.request_id = std::string(rest.substr(0, slash));
  }
  return out;
}

}  // namespace sparta::local::detail
