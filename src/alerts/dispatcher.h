// The alert dispatcher (docs/alerts.md). The audit trail is the outbox:
//  - the tail thread reads AuditStore::after(cursor) every alerts.poll_ms,
//    matches events to alert kinds (kinds.h), and in ONE transaction moves the
//    persisted cursor and inserts the deliveries (AlertStore::advance), so a
//    restart neither loses nor repeats an alert; at the first start the cursor
//    begins at the newest event (no alerts for the past). Every
//    alerts.expiring_scan_s it also writes an authorization.expiring event for
//    authorizations that expire within alerts.expiring_days (once each: the
//    event is the marker), which then alerts like any other event;
//  - the send thread delivers due deliveries (webhook, e-mail) and records
//    each attempt; failures are retried with back-off (backoff.h) up to
//    alerts.max_attempts.
// Requests never wait for any of it: they only write audit events.
// Thread safety: start()/stop() from one thread; the *_once steps are for the
// threads and for tests (not concurrently with a started dispatcher).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>

#include "alerts/sender.h"
#include "config/config.h"
#include "core/clock.h"
#include "core/random.h"
#include "core/result.h"
#include "store/store.h"

namespace latchkey::alerts {

inline constexpr std::string_view kCursorName = "alerts";
// Events older than this when first seen are not alerted (e.g. alerts were off).
inline constexpr UnixTime kMaxEventAge = 86'400;

class Dispatcher {
 public:
  using Log = std::function<void(const std::string&)>;
  Dispatcher(store::Store& store, const config::Alerts& config, const Clock& clock, Random& random,
             Sender& sender, Log log);
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Where delivery problems are reported (before start()).
  void set_log(Log log) { log_ = std::move(log); }
  // A webhook or SMTP server is configured.
  bool has_channels() const;
  // Loads (or creates) the cursor and starts both threads.
  Status start();
  // Stops the threads (an attempt in flight finishes first, ≤ 10 s).
  void stop();

  // Creates the cursor at the newest event unless it exists.
  Status load_cursor();
  // Handles one batch of new events; the number of events read.
  Result<int> tail_once();
  // Writes authorization.expiring events; how many.
  Result<int> scan_expiring_once();
  // Attempts every due delivery once; how many were attempted.
  Result<int> send_due_once();

 private:
  using Seen = std::set<std::tuple<std::string, std::string, std::string>>;
  // new_sign_in if the sign-in's IP or user agent is new for an account that
  // already had known ones; records both as known.
  Result<bool> new_sign_in(const model::AuditEvent& e, std::vector<store::KnownDevice>& devices,
                           Seen& seen);
  // One try of `d` (thread-safe: reads config_, calls sender_); `jitter` in
  // [0, 1) spreads its retry.
  store::AlertDelivery attempt(store::AlertDelivery d, UnixTime now, double jitter) const;
  void tail_loop();
  void send_loop();
  bool wait(std::chrono::milliseconds d);  // false once stopping

  store::Store& store_;
  const config::Alerts& config_;
  const Clock& clock_;
  Random& random_;
  Sender& sender_;
  Log log_;
  std::int64_t cursor_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread tail_thread_;
  std::thread send_thread_;
};

}  // namespace latchkey::alerts
