// Where an IP address roughly is, for people deciding whether a request is
// theirs (security checklist S51: the device-approval pages show the
// requesting device's approximate location next to its IP address).
//
// Country level only, offline: Debian's `geoip-database` (MaxMind's legacy
// GeoLite country files, IPv4 and IPv6) read through libGeoIP into memory at
// start-up. No lookup ever leaves the machine. Loopback and private ranges
// are named as such without a database ("This computer", "A private
// network"); an address the database does not know, or any address when no
// database could be opened, is "Unknown".
//
// It is a separate library target (lk_geo) so that lk_core, and everything
// that does not show locations, does not link libGeoIP.
// Thread safety: open() once; describe() is const and safe to call from any
// thread (the databases are read-only memory caches).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace latchkey {

class IpLocator {
 public:
  // Paths to GeoIP country databases (legacy .dat); an empty path skips that
  // family. A file that cannot be opened is skipped too: `problems` (when not
  // null) gets one line per skipped file, for the operator's log.
  static std::unique_ptr<IpLocator> open(const std::string& v4_path, const std::string& v6_path,
                                         std::string* problems = nullptr);
  ~IpLocator();
  IpLocator(const IpLocator&) = delete;
  IpLocator& operator=(const IpLocator&) = delete;

  // A short English phrase for `ip` (dotted IPv4 or IPv6 text, as
  // http::client_ip gives): a country name ("Germany"), "This computer",
  // "A private network", or "Unknown" (also for text that is not an IP).
  std::string describe(std::string_view ip) const;

  bool has_v4() const { return v4_ != nullptr; }
  bool has_v6() const { return v6_ != nullptr; }

 private:
  IpLocator() = default;
  struct GeoDb;
  GeoDb* v4_ = nullptr;
  GeoDb* v6_ = nullptr;
};

}  // namespace latchkey
