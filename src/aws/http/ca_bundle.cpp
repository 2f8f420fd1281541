#include "aws/http/ca_bundle.hpp"

#include <cstdlib>

namespace sparta::aws::internal {

CaBundle ChooseCaBundle(const std::string& ca_file,
                        const std::function<const char*(const char*)>& getenv) {
  if (!ca_file.empty()) return {ca_file, "the ca_file option"};
  auto lookup = [&](const char* name) -> std::string {
    const char* value = getenv ? getenv(name) : std::getenv(name);
    return value ? value : "";
  };
  for (const char* name : {"AWS_CA_BUNDLE", "SSL_CERT_FILE"}) {
    std::string value = lookup(name);
    if (!value.empty()) return {value, name};
  }
  return {"", "the system default"};
}

std::string Describe(const CaBundle& bundle) {
  if (bundle.file.empty()) return "the system default CA certificates";
  return bundle.file + " (from " + bundle.origin + ")";
}

}  // namespace sparta::aws::internal
