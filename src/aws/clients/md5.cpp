#include "aws/clients/md5.hpp"

#include <openssl/evp.h>

#include <cstdlib>
#include <memory>

#include "sparta/util/base64.hpp"

namespace sparta::aws::detail {

std::string Md5(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // EVP_Digest fails only on allocation failure or a missing algorithm,
  // neither of which a caller could handle.
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_md5(), nullptr) != 1) {
    std::abort();
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string ContentMd5(std::string_view bytes) { return util::Base64Encode(Md5(bytes)); }

}  // namespace sparta::aws::detail
