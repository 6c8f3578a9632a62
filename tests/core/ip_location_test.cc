#include "core/ip_location.h"

#include <gtest/gtest.h>

namespace latchkey {
namespace {

// Debian's geoip-database, installed by scripts/install-deps (and the
// defaults of geoip.country_db / country_db_v6).
constexpr const char* kV4 = "/usr/share/GeoIP/GeoIP.dat";
constexpr const char* kV6 = "/usr/share/GeoIP/GeoIPv6.dat";

TEST(IpLocator, NamesLoopbackAndPrivateRangesWithoutADatabase) {
  auto l = IpLocator::open("", "");
  EXPECT_FALSE(l->has_v4());
  EXPECT_FALSE(l->has_v6());
  EXPECT_EQ(l->describe("127.0.0.1"), "This computer");
  EXPECT_EQ(l->describe("127.255.0.9"), "This computer");
  EXPECT_EQ(l->describe("::1"), "This computer");
  EXPECT_EQ(l->describe("::ffff:127.0.0.1"), "This computer");
  for (const char* ip : {"10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.10", "169.254.3.4",
                         "100.64.0.1", "fd12:3456::1", "fe80::1", "::ffff:192.168.0.1"})
    EXPECT_EQ(l->describe(ip), "A private network") << ip;
  // Just outside the private ranges, and public: unknown without a database.
  for (const char* ip : {"172.32.0.1", "172.15.255.255", "100.128.0.1", "8.8.8.8", "2001:4860:4860::8888"})
    EXPECT_EQ(l->describe(ip), "Unknown") << ip;
}

TEST(IpLocator, AnythingThatIsNotAnAddressIsUnknown) {
  auto l = IpLocator::open(kV4, kV6);
  for (const char* text : {"", "localhost", "8.8.8", "8.8.8.8 ", "1.2.3.4.5", "::ffff:1.2.3", "[::1]", "8.8.8.8%eth0",
                           "fe80::1%eth0", "999.1.1.1", "dns.google"})
    EXPECT_EQ(l->describe(text), "Unknown") << text;
  EXPECT_EQ(l->describe(std::string(100, '1')), "Unknown");
  EXPECT_EQ(l->describe(std::string_view("8.8.8.8\0x", 9)), "Unknown");
}

TEST(IpLocator, CountryFromDebiansDatabases) {
  std::string problems;
  auto l = IpLocator::open(kV4, kV6, &problems);
  ASSERT_TRUE(l->has_v4()) << problems << " (scripts/install-deps installs geoip-database)";
  ASSERT_TRUE(l->has_v6()) << problems;
  EXPECT_EQ(problems, "");
  EXPECT_EQ(l->describe("8.8.8.8"), "United States");
  EXPECT_EQ(l->describe("::ffff:8.8.8.8"), "United States");
  EXPECT_EQ(l->describe("2001:4860:4860::8888"), "United States");
  EXPECT_EQ(l->describe("193.99.144.80"), "Germany");  // heise.de, long-standing
  EXPECT_EQ(l->describe("127.0.0.1"), "This computer");
  EXPECT_EQ(l->describe("10.0.0.1"), "A private network");
  // Reserved, never allocated: not in the database.
  EXPECT_EQ(l->describe("240.0.0.1"), "Unknown");
}

TEST(IpLocator, AMissingFileIsReportedAndSkipped) {
  std::string problems;
  auto l = IpLocator::open("/nonexistent/GeoIP.dat", kV6, &problems);
  EXPECT_FALSE(l->has_v4());
  EXPECT_TRUE(l->has_v6());
  EXPECT_NE(problems.find("/nonexistent/GeoIP.dat"), std::string::npos) << problems;
  EXPECT_EQ(l->describe("8.8.8.8"), "Unknown");
  EXPECT_EQ(l->describe("2001:4860:4860::8888"), "United States");
}

}  // namespace
}  // namespace latchkey
