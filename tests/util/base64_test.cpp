#include "sparta/util/base64.hpp"

#include <gtest/gtest.h>

namespace sparta::util {
namespace {

// RFC 4648 section 10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},         {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(Base64Encode(plain), encoded);
    auto decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.has_value()) << encoded;
    EXPECT_EQ(*decoded, plain);
  }
}

TEST(Base64, BinaryRoundTrip) {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  EXPECT_EQ(Base64Decode(Base64Encode(all)), all);
}

TEST(Base64, RejectsMalformed) {
  EXPECT_FALSE(Base64Decode("Zg="));      // length not a multiple of 4
  EXPECT_FALSE(Base64Decode("Z$=="));     // bad character
  EXPECT_FALSE(Base64Decode("Zg==Zm8=")); // padding in the middle
  EXPECT_FALSE(Base64Decode("Z==="));     // too much padding
}

}  // namespace
}  // namespace sparta::util
