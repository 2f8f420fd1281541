#include "runtime/endpoint.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

namespace sparta::runtime::internal {
namespace {

TEST(Endpoint, ParsesNumericIpv4) {
  auto e = ParseEndpoint("127.0.0.1:9001");
  ASSERT_TRUE(e.ok()) << e.error().message;
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(&e->address);
  EXPECT_EQ(v4->sin_family, AF_INET);
  EXPECT_EQ(ntohs(v4->sin_port), 9001);
  EXPECT_EQ(ntohl(v4->sin_addr.s_addr), 0x7f000001u);
  EXPECT_EQ(e->address_length, sizeof(sockaddr_in));
  EXPECT_EQ(e->host_header, "127.0.0.1:9001");
}

TEST(Endpoint, MapsLocalhostWithoutResolving) {
  auto e = ParseEndpoint("localhost:8080");
  ASSERT_TRUE(e.ok()) << e.error().message;
  const auto* v4 = reinterpret_cast<const sockaddr_in*>(&e->address);
  EXPECT_EQ(ntohl(v4->sin_addr.s_addr), 0x7f000001u);
  EXPECT_EQ(e->host_header, "localhost:8080");
}

TEST(Endpoint, ParsesBracketedIpv6) {
  auto e = ParseEndpoint("[::1]:9001");
  ASSERT_TRUE(e.ok()) << e.error().message;
  const auto* v6 = reinterpret_cast<const sockaddr_in6*>(&e->address);
  EXPECT_EQ(v6->sin6_family, AF_INET6);
  EXPECT_EQ(ntohs(v6->sin6_port), 9001);
  EXPECT_TRUE(IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr));
}

TEST(Endpoint, RejectsNamesWithAClearMessage) {
  auto e = ParseEndpoint("runtime.example.com:9001");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, "InvalidRuntimeApi");
  EXPECT_NE(e.error().message.find("not a numeric IP address"), std::string::npos)
      << e.error().message;
  EXPECT_NE(e.error().message.find("runtime.example.com:9001"), std::string::npos);
}

TEST(Endpoint, RejectsBadPortsAndShapes) {
  for (const char* bad : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                          "127.0.0.1:9x", ":9001", "::1:9001", "[::1]9001", "[::1"}) {
    auto e = ParseEndpoint(bad);
    EXPECT_FALSE(e.ok()) << bad;
  }
}

}  // namespace
}  // namespace sparta::runtime::internal
