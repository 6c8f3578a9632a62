#include "core/ip_location.h"

#include <GeoIP.h>
#include <arpa/inet.h>

#include <array>
#include <cstring>
#include <optional>

namespace latchkey {

struct IpLocator::GeoDb {
  GeoIP* gi;
};

namespace {

constexpr std::string_view kUnknown = "Unknown";
constexpr std::string_view kThisComputer = "This computer";
constexpr std::string_view kPrivate = "A private network";

using V6 = std::array<unsigned char, 16>;

// IPv4 ranges that never reach the public Internet from a user's device.
std::optional<std::string_view> special_v4(std::uint32_t a) {
  const auto in = [a](std::uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
  if (in(0x7f000000, 8)) return kThisComputer;  // 127/8
  if (in(0x0a000000, 8) || in(0xac100000, 12) || in(0xc0a80000, 16) ||  // RFC 1918
      in(0xa9fe0000, 16) ||                                            // link-local
      in(0x64400000, 10))                                              // RFC 6598 shared (CGNAT)
    return kPrivate;
  return std::nullopt;
}

std::optional<std::string_view> special_v6(const V6& b) {
  static constexpr V6 kLoopback{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  if (b == kLoopback) return kThisComputer;
  if ((b[0] & 0xfe) == 0xfc) return kPrivate;                  // fc00::/7 unique local
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return kPrivate;  // fe80::/10 link-local
  return std::nullopt;
}

bool v4_mapped(const V6& b) {
  for (int i = 0; i < 10; ++i)
    if (b[i] != 0) return false;
  return b[10] == 0xff && b[11] == 0xff;
}

std::string country(GeoIP* gi, int id) {
  if (id <= 0) return std::string(kUnknown);  // 0 = not in the database
  const char* name = GeoIP_country_name_by_id(gi, id);
  if (name == nullptr || *name == '\0') return std::string(kUnknown);
  return name;
}

GeoIP* open_db(const std::string& path, std::string* problems) {
  if (path.empty()) return nullptr;
  // Memory-mapped, not copied: only the pages lookups touch become resident
  // (the two Debian files are 10 MB; copying them doubled the idle RSS).
  GeoIP* gi = GeoIP_open(path.c_str(), GEOIP_MMAP_CACHE | GEOIP_SILENCE);
  if (gi == nullptr) {
    if (problems) *problems += "cannot open GeoIP database " + path + "\n";
    return nullptr;
  }
  GeoIP_set_charset(gi, GEOIP_CHARSET_UTF8);
  return gi;
}

}  // namespace

std::unique_ptr<IpLocator> IpLocator::open(const std::string& v4_path, const std::string& v6_path,
                                           std::string* problems) {
  std::unique_ptr<IpLocator> l(new IpLocator());
  if (GeoIP* gi = open_db(v4_path, problems)) l->v4_ = new GeoDb{gi};
  if (GeoIP* gi = open_db(v6_path, problems)) l->v6_ = new GeoDb{gi};
  return l;
}

IpLocator::~IpLocator() {
  for (GeoDb* db : {v4_, v6_}) {
    if (db == nullptr) continue;
    GeoIP_delete(db->gi);
    delete db;
  }
}

std::string IpLocator::describe(std::string_view ip) const {
  if (ip.empty() || ip.size() > 45 || ip.find('\0') != std::string_view::npos) return std::string(kUnknown);
  const std::string text(ip);  // inet_pton wants a NUL-terminated string
  std::uint32_t v4 = 0;
  bool is_v4 = false;
  V6 v6{};
  if (in_addr a{}; ::inet_pton(AF_INET, text.c_str(), &a) == 1) {
    v4 = ntohl(a.s_addr);
    is_v4 = true;
  } else if (in6_addr a6{}; ::inet_pton(AF_INET6, text.c_str(), &a6) == 1) {
    std::memcpy(v6.data(), &a6, 16);
    if (v4_mapped(v6)) {
      v4 = (std::uint32_t{v6[12]} << 24) | (std::uint32_t{v6[13]} << 16) | (std::uint32_t{v6[14]} << 8) | v6[15];
      is_v4 = true;
    }
  } else {
    return std::string(kUnknown);
  }
  if (is_v4) {
    if (auto s = special_v4(v4)) return std::string(*s);
    if (v4_ == nullptr) return std::string(kUnknown);
    GeoIPLookup gl{};
    return country(v4_->gi, GeoIP_id_by_ipnum_gl(v4_->gi, v4, &gl));
  }
  if (auto s = special_v6(v6)) return std::string(*s);
  if (v6_ == nullptr) return std::string(kUnknown);
  geoipv6_t num;
  std::memcpy(&num, v6.data(), 16);
  GeoIPLookup gl{};
  return country(v6_->gi, GeoIP_id_by_ipnum_v6_gl(v6_->gi, num, &gl));
}

}  // namespace latchkey
