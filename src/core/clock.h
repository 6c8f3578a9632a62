// Injectable wall clock. All expiry, throttle and TOTP logic reads time through
// a Clock so tests can pin it. Times are whole seconds since the Unix epoch (UTC),
// which is what the store persists and what Heroku's JSON shows.
// Thread safety: implementations must be safe to call from any thread.
#pragma once

#include <cstdint>
#include <string>

namespace latchkey {

using UnixTime = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual UnixTime now() const = 0;
};

class SystemClock final : public Clock {
 public:
  UnixTime now() const override;
};

// ISO 8601 / RFC 3339 in UTC with a Z suffix, e.g. "2026-11-23T09:15:00Z".
std::string format_time(UnixTime t);

}  // namespace latchkey
