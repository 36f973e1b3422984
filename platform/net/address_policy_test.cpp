#include "platform/net/address_policy.hpp"

#include <gtest/gtest.h>

namespace platform::net {
namespace {

TEST(AddressPolicy, OnlyPublicUnicastIsFetchable) {
  struct Case {
    const char* ip;
    AddressClass kind;
  };
  for (const auto& c : std::initializer_list<Case>{
           {"93.184.216.34", AddressClass::kPublic},
           {"8.8.8.8", AddressClass::kPublic},
           {"2606:4700:4700::1111", AddressClass::kPublic},
           {"127.0.0.1", AddressClass::kLoopback},
           {"127.255.255.254", AddressClass::kLoopback},
           {"::1", AddressClass::kLoopback},
           {"10.1.2.3", AddressClass::kPrivate},
           {"172.16.0.1", AddressClass::kPrivate},
           {"172.31.255.255", AddressClass::kPrivate},
           {"172.32.0.1", AddressClass::kPublic},
           {"192.168.1.1", AddressClass::kPrivate},
           {"100.64.0.1", AddressClass::kPrivate},
           {"fd12:3456::1", AddressClass::kPrivate},
           {"169.254.1.1", AddressClass::kLinkLocal},
           {"fe80::1", AddressClass::kLinkLocal},
           {"169.254.169.254", AddressClass::kMetadata},
           {"fd00:ec2::254", AddressClass::kMetadata},
           {"0.0.0.0", AddressClass::kUnspecified},
           {"::", AddressClass::kUnspecified},
           {"224.0.0.1", AddressClass::kMulticast},
           {"255.255.255.255", AddressClass::kMulticast},
           {"ff02::1", AddressClass::kMulticast},
           {"192.0.2.10", AddressClass::kReserved},
           {"240.0.0.1", AddressClass::kReserved},
           {"2001:db8::1", AddressClass::kReserved},
           // IPv4 inside IPv6 is judged by the IPv4: no way around the rule through notation.
           {"::ffff:127.0.0.1", AddressClass::kLoopback},
           {"::ffff:169.254.169.254", AddressClass::kMetadata},
           {"64:ff9b::10.0.0.1", AddressClass::kPrivate},
           {"64:ff9b::8.8.8.8", AddressClass::kPublic},
           {"localhost", AddressClass::kInvalid},
           {"", AddressClass::kInvalid},
           {"1.2.3.4.5", AddressClass::kInvalid},
       }) {
    EXPECT_EQ(ClassifyAddress(c.ip), c.kind) << c.ip;
  }
  EXPECT_TRUE(IsPublicAddress("1.1.1.1"));
  EXPECT_FALSE(IsPublicAddress("127.0.0.1"));
}

}  // namespace
}  // namespace platform::net
