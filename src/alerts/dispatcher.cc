#include "alerts/dispatcher.h"

#include "alerts/backoff.h"
#include "alerts/kinds.h"
#include "alerts/payload.h"
#include "alerts/signature.h"
#include "core/json_text.h"

namespace latchkey::alerts {
namespace {

constexpr int kBatch = 200;
constexpr int kSendBatch = 20;

}  // namespace

Dispatcher::Dispatcher(store::Store& store, const config::Alerts& config, const Clock& clock,
                       Random& random, Sender& sender, Log log)
    : store_(store), config_(config), clock_(clock), random_(random), sender_(sender),
      log_(std::move(log)) {}

Dispatcher::~Dispatcher() { stop(); }

bool Dispatcher::has_channels() const {
  return !config_.webhook_url.empty() || !config_.smtp_url.empty();
}

Status Dispatcher::load_cursor() {
  auto existing = store_.alerts().cursor(std::string(kCursorName));
  if (!existing) return fail(existing.error());
  if (const std::optional<std::int64_t>& saved = *existing) {
    cursor_ = saved.value_or(0);
    return {};
  }
  auto last = store_.audit().last_seq();
  if (!last) return fail(last.error());
  auto c = store_.alerts().init_cursor(std::string(kCursorName), *last);
  if (!c) return fail(c.error());
  cursor_ = *c;
  return {};
}

Result<bool> Dispatcher::new_sign_in(const model::AuditEvent& e,
                                     std::vector<store::KnownDevice>& devices, Seen& seen) {
  bool is_new = false;
  for (const auto& [kind, value] : {std::pair<std::string, std::string>{"ip", e.ip},
                                    std::pair<std::string, std::string>{"device", e.user_agent}}) {
    if (value.empty()) continue;
    store::KnownDevice d{e.account_id, kind, value};
    if (seen.contains({d.account_id, d.kind, d.value})) continue;
    auto known = store_.alerts().is_known_device(d);
    if (!known) return fail(known.error());
    // Had the account any value of this kind before (in the store or earlier in this batch)?
    bool had_any = false;
    for (const auto& [a, k, v] : seen) had_any = had_any || (a == d.account_id && k == kind);
    if (!had_any) {
      auto count = store_.alerts().count_known_devices(d.account_id, kind);
      if (!count) return fail(count.error());
      had_any = *count > 0;
    }
    seen.insert({d.account_id, d.kind, d.value});
    devices.push_back(d);  // refreshes last_seen_at of a known one too
    if (!*known && had_any) is_new = true;
  }
  return is_new;
}

Result<int> Dispatcher::tail_once() {
  auto events = store_.audit().after(cursor_, kBatch);
  if (!events) return fail(events.error());
  if (events->empty()) return 0;
  const UnixTime now = clock_.now();
  std::vector<store::KnownDevice> devices;
  std::vector<store::AlertDelivery> deliveries;
  Seen seen;
  for (const auto& e : *events) {
    std::optional<std::string_view> kind = kind_of(e);
    if (is_sign_in(e)) {
      auto fresh = new_sign_in(e, devices, seen);
      if (!fresh) return fail(fresh.error());
      if (*fresh) kind = kNewSignIn;
    }
    if (!kind || !kind_enabled(config_.kinds, *kind) || e.account_id.empty()) continue;
    if (now - e.created_at > kMaxEventAge) continue;
    auto account = store_.accounts().find_by_id(e.account_id);
    if (!account && account.error().code != ErrorCode::kNotFound) return fail(account.error());
    store::AlertDelivery d;
    d.event_seq = e.seq;
    d.kind = std::string(*kind);
    d.account_id = e.account_id;
    d.next_attempt_at = now;
    d.created_at = now;
    if (!config_.webhook_url.empty()) {
      d.id = new_uuid(random_);
      d.channel = "webhook";
      d.payload = webhook_body(*kind, e, account ? &*account : nullptr);
      deliveries.push_back(d);
    }
    if (!config_.smtp_url.empty() && account && !account->email.empty()) {
      d.id = new_uuid(random_);
      d.channel = "email";
      d.payload = email_payload(*kind, e, *account);
      deliveries.push_back(d);
    }
  }
  const std::int64_t to = events->back().seq;
  if (auto ok = store_.alerts().advance(std::string(kCursorName), cursor_, to, devices, deliveries);
      !ok) {
    if (ok.error().code != ErrorCode::kConflict) return fail(ok.error());
    // Another instance handled these events: continue from where it is.
    if (auto reload = load_cursor(); !reload) return fail(reload.error());
    return static_cast<int>(events->size());
  }
  cursor_ = to;
  return static_cast<int>(events->size());
}

Result<int> Dispatcher::scan_expiring_once() {
  if (config_.expiring_days <= 0) return 0;
  const UnixTime now = clock_.now();
  auto due = store_.alerts().expiring_unwarned(now, now + UnixTime(config_.expiring_days) * 86'400, 100);
  if (!due) return fail(due.error());
  int written = 0;
  for (const auto& a : *due) {
    model::AuditEvent e;
    e.id = new_uuid(random_);
    e.account_id = a.account_id;
    e.action = "authorization.expiring";
    e.outcome = "success";
    e.authorization_id = a.id;
    e.detail = "{\"expires_at\":" + std::to_string(a.expires_at.value_or(0)) +
               ",\"description\":" + json_quote(a.description) + "}";
    e.created_at = now;
    auto ok = store_.alerts().record_expiring(e);
    if (!ok) return fail(ok.error());
    written += *ok ? 1 : 0;
  }
  return written;
}

store::AlertDelivery Dispatcher::attempt(store::AlertDelivery d, UnixTime now, double jitter) const {
  SendResult r;
  if (d.channel == "webhook") {
    if (config_.webhook_url.empty()) {
      r = {SendResult::Outcome::kGiveUp, "no webhook configured"};
    } else {
      std::vector<std::pair<std::string, std::string>> headers = {
          {"Content-Type", "application/json"},
          {"Latchkey-Alert-Kind", d.kind},
          {"Latchkey-Delivery", d.id}};
      if (!config_.webhook_secret.empty())
        headers.emplace_back(std::string(kSignatureHeader),
                             sign_webhook(config_.webhook_secret, now, d.payload));
      r = sender_.post(config_.webhook_url, headers, d.payload);
    }
  } else {
    const std::string to = email_recipient(d.payload);
    const std::string message = email_message(d.payload, config_.smtp_from, d.id + "@latchkey", now);
    if (config_.smtp_url.empty() || to.empty() || message.empty()) {
      r = {SendResult::Outcome::kGiveUp, "no SMTP server configured or no recipient"};
    } else {
      r = sender_.mail({config_.smtp_url, config_.smtp_from, config_.smtp_user,
                        config_.smtp_password},
                       to, message);
    }
  }
  d.attempts += 1;
  d.last_error = r.error;
  if (r.outcome == SendResult::Outcome::kDelivered) {
    d.state = "delivered";
  } else if (r.outcome == SendResult::Outcome::kGiveUp || d.attempts >= config_.max_attempts) {
    d.state = "failed";
  } else {
    const auto delay = retry_delay(d.attempts, std::chrono::milliseconds(config_.retry_base_ms), jitter);
    // Whole seconds (the column's unit), rounded to the nearest.
    d.next_attempt_at = now + (delay.count() + 500) / 1000;
  }
  return d;
}

Result<int> Dispatcher::send_due_once() {
  const UnixTime now = clock_.now();
  auto due = store_.alerts().due(now, kSendBatch);
  if (!due) return fail(due.error());
  // The attempts of a batch run side by side, so a receiver that hangs until
  // the timeout (10 s) does not hold up the others.
  std::vector<double> jitter;
  jitter.reserve(due->size());
  for (std::size_t i = 0; i < due->size(); ++i) jitter.push_back(random_.uniform(1'000'000) / 1e6);
  std::vector<store::AlertDelivery> attempted(due->size());
  {
    std::vector<std::jthread> workers;
    workers.reserve(due->size());
    for (std::size_t i = 0; i < due->size(); ++i)
      workers.emplace_back([&, i] { attempted[i] = attempt(std::move((*due)[i]), now, jitter[i]); });
  }  // joined here
  for (const auto& done : attempted) {
    if (done.state != "delivered" && log_)
      log_("alert delivery " + done.id + " (" + done.kind + ", " + done.channel + ") attempt " +
           std::to_string(done.attempts) + " " + (done.state == "failed" ? "gave up" : "will retry") +
           ": " + done.last_error);
    if (auto ok = store_.alerts().record_attempt(done, clock_.now()); !ok) return fail(ok.error());
  }
  return static_cast<int>(due->size());
}

bool Dispatcher::wait(std::chrono::milliseconds d) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [&] { return stopping_; });
  return !stopping_;
}

void Dispatcher::tail_loop() {
  const auto poll = std::chrono::milliseconds(config_.poll_ms);
  auto next_scan = std::chrono::steady_clock::now();
  do {
    if (std::chrono::steady_clock::now() >= next_scan) {
      if (auto n = scan_expiring_once(); !n && log_) log_("alert expiry scan failed: " + n.error().detail);
      next_scan = std::chrono::steady_clock::now() + std::chrono::seconds(config_.expiring_scan_s);
    }
    for (;;) {
      auto n = tail_once();
      if (!n) {
        if (log_) log_("alert dispatcher could not read the audit trail: " + n.error().detail);
        break;
      }
      if (*n < kBatch) break;
    }
  } while (wait(poll));
}

void Dispatcher::send_loop() {
  const auto poll = std::chrono::milliseconds(config_.poll_ms);
  do {
    for (;;) {
      auto n = send_due_once();
      if (!n) {
        if (log_) log_("alert delivery failed to read its queue: " + n.error().detail);
        break;
      }
      if (*n < kSendBatch) break;
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
  } while (wait(poll));
}

Status Dispatcher::start() {
  if (auto ok = load_cursor(); !ok) return ok;
  tail_thread_ = std::thread([this] { tail_loop(); });
  send_thread_ = std::thread([this] { send_loop(); });
  return {};
}

void Dispatcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (tail_thread_.joinable()) tail_thread_.join();
  if (send_thread_.joinable()) send_thread_.join();
}

}  // namespace latchkey::alerts
