// The config key table (one row per key) and the per-key validators.
// Adding a key: add the field to config.h, a row here, a section in
// docs/config.md and an entry in config/latchkey.example.toml (a test checks).
#include "config/keys.h"

#include <arpa/inet.h>

#include <charconv>

namespace latchkey::config::detail {
namespace {

constexpr std::string_view kSignupChoices[] = {"open", "invite", "closed"};
constexpr std::string_view kLogFormats[] = {"json", "text"};
constexpr std::string_view kLogLevels[] = {"trace", "debug", "info", "warn", "error", "off"};

constexpr long long kDay = 86'400;
constexpr long long kYear = 365 * kDay;

bool parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return false;
  unsigned port = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), port);
  return ec == std::errc() && ptr == s.data() + s.size() && port <= 65535;
}

bool is_ip(std::string_view s, int family) {
  if (s.empty() || s.size() > 45) return false;
  const std::string z(s);
  unsigned char buf[16];
  return ::inet_pton(family, z.c_str(), buf) == 1;
}

bool is_hostname(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

std::string check_listen(std::string_view v) {
  constexpr std::string_view kProblem =
      "must be HOST:PORT with a port from 0 to 65535 (e.g. 127.0.0.1:5000, [::1]:5000, "
      "0.0.0.0:443)";
  const auto colon = v.rfind(':');
  if (colon == std::string_view::npos || !parse_port(v.substr(colon + 1))) {
    return std::string(kProblem);
  }
  const std::string_view host = v.substr(0, colon);
  if (host.starts_with('[')) {
    if (!host.ends_with(']') || !is_ip(host.substr(1, host.size() - 2), AF_INET6)) {
      return std::string(kProblem);
    }
    return {};
  }
  if (!is_hostname(host)) return std::string(kProblem);  // also rejects unbracketed IPv6
  return {};
}

std::string check_not_empty(std::string_view v) {
  return v.empty() ? "must not be empty" : "";
}

std::string check_issuer(std::string_view v) {
  if (v.empty() || v.size() > 64) return "must be 1 to 64 characters";
  for (unsigned char c : v)
    if (c < 0x20 || c == 0x7f || c == ':') return "must not contain ':' or control characters";
  return {};
}

std::string check_path(std::string_view v) {
  if (v.size() > 4096) return "must be at most 4096 characters";
  for (unsigned char c : v)
    if (c < 0x20 || c == 0x7f) return "must not contain control characters";
  return {};
}

std::string check_public_url(std::string_view v) {
  if (v.empty()) return {};
  std::string_view rest;
  if (v.starts_with("https://")) {
    rest = v.substr(8);
  } else if (v.starts_with("http://")) {
    rest = v.substr(7);
  } else {
    return "must start with https:// (or http:// for local testing)";
  }
  if (rest.empty() || rest.starts_with('/')) return "must name a host";
  if (v.find_first_of("?#") != std::string_view::npos) {
    return "must not have a query or fragment (it is the OAuth issuer, RFC 8414 §2)";
  }
  if (v.ends_with('/')) return "must not end with '/' (it is compared exactly as the issuer)";
  return {};
}

std::string check_proxy(std::string_view v) {
  const auto slash = v.find('/');
  const std::string_view addr = v.substr(0, slash);
  const bool v4 = is_ip(addr, AF_INET);
  const bool v6 = !v4 && is_ip(addr, AF_INET6);
  if (!v4 && !v6) return "entries must be IP addresses or CIDR ranges (e.g. 10.0.0.0/8, ::1)";
  if (slash == std::string_view::npos) return {};
  const std::string_view bits = v.substr(slash + 1);
  unsigned prefix = 0;
  const auto [ptr, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
  if (bits.empty() || ec != std::errc() || ptr != bits.data() + bits.size() ||
      prefix > (v4 ? 32u : 128u)) {
    return "has an invalid CIDR prefix length";
  }
  return {};
}

// host[:port] as it appears in a URL: a host name, an IPv4 address or a
// bracketed IPv6 address, optionally a port.
std::string check_metrics_allow(std::string_view v) {
  if (v == "any") return {};
  if (auto problem = check_proxy(v); !problem.empty())
    return "entries must be \"any\", IP addresses or CIDR ranges (e.g. 10.0.0.0/8, ::1)";
  return {};
}

std::string check_git_host(std::string_view v) {
  if (v.empty()) return {};
  constexpr std::string_view kProblem = "must be HOST or HOST:PORT (e.g. git.example.com, localhost:5000)";
  std::string_view host = v;
  if (v.starts_with('[')) {
    const auto close = v.find(']');
    if (close == std::string_view::npos || !is_ip(v.substr(1, close - 1), AF_INET6))
      return std::string(kProblem);
    const std::string_view rest = v.substr(close + 1);
    if (rest.empty()) return {};
    if (!rest.starts_with(':') || !parse_port(rest.substr(1))) return std::string(kProblem);
    return {};
  }
  if (const auto colon = v.rfind(':'); colon != std::string_view::npos) {
    if (!parse_port(v.substr(colon + 1))) return std::string(kProblem);
    host = v.substr(0, colon);
  }
  if (!is_hostname(host)) return std::string(kProblem);
  return {};
}

std::string check_database_url(std::string_view v) {
  if (v.empty()) return {};
  if (v.starts_with("sqlite:")) {
    return v.size() > 7 ? "" : "sqlite: must be followed by a file path";
  }
  if (v.starts_with("postgresql://") || v.starts_with("postgres://")) return {};
  return "must be empty (SQLite in data_dir), sqlite:<path> or postgresql://...";
}

// An http(s) URL without credentials in it (they belong in the secret).
std::string check_webhook_url(std::string_view v) {
  if (v.empty()) return {};
  if (!v.starts_with("https://") && !v.starts_with("http://")) return "must start with https:// (or http://)";
  if (v.size() > 2048) return "must be at most 2048 characters";
  for (unsigned char c : v)
    if (c <= 0x20 || c == 0x7f) return "must not contain spaces or control characters";
  return {};
}

std::string check_smtp_url(std::string_view v) {
  if (v.empty()) return {};
  if (!v.starts_with("smtp://") && !v.starts_with("smtps://")) return "must start with smtp:// or smtps://";
  for (unsigned char c : v)
    if (c <= 0x20 || c == 0x7f) return "must not contain spaces or control characters";
  return {};
}

std::string check_email_address(std::string_view v) {
  if (v.empty()) return {};
  if (v.size() > 254 || v.find('@') == std::string_view::npos) return "must be an e-mail address";
  for (unsigned char c : v)
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == ',') return "must be a bare e-mail address";
  return {};
}

// The names of src/alerts/kinds.cc (tests/alerts checks that both agree).
std::string check_alert_kind(std::string_view v) {
  constexpr std::string_view kKinds[] = {
      "all",           "new_sign_in",   "mfa_disabled",   "api_key_revealed", "api_key_regenerated",
      "refresh_token_reuse", "account_locked", "token_new_ip", "authorization_expiring",
      "token_leaked"};
  for (auto k : kKinds)
    if (k == v) return {};
  return "entries must be alert kinds (docs/alerts.md) or \"all\"";
}

#define LK_FIELD(section, member) [](Config& c) -> FieldRef { return &c.section.member; }

Key num(std::string_view s, std::string_view n, FieldRef (*f)(Config&), long long lo, long long hi) {
  return Key{.section = s, .name = n, .field = f, .min = lo, .max = hi};
}
Key str(std::string_view s, std::string_view n, FieldRef (*f)(Config&),
        std::string (*check)(std::string_view) = nullptr, bool sensitive = false) {
  return Key{.section = s, .name = n, .field = f, .check = check, .sensitive = sensitive};
}
Key choice(std::string_view s, std::string_view n, FieldRef (*f)(Config&),
           std::span<const std::string_view> choices) {
  return Key{.section = s, .name = n, .field = f, .choices = choices};
}
Key flag(std::string_view s, std::string_view n, FieldRef (*f)(Config&)) {
  return Key{.section = s, .name = n, .field = f};
}

const std::vector<Key>& table() {
  static const std::vector<Key> rows = {
      str("server", "listen", LK_FIELD(server, listen), check_listen),
      str("server", "data_dir", LK_FIELD(server, data_dir), check_not_empty),
      num("server", "threads", LK_FIELD(server, threads), 0, 1024),
      str("server", "public_url", LK_FIELD(server, public_url), check_public_url),
      str("server", "tls_cert", LK_FIELD(server, tls_cert)),
      str("server", "tls_key", LK_FIELD(server, tls_key)),
      str("server", "trusted_proxies", LK_FIELD(server, trusted_proxies), check_proxy),
      num("server", "drain_timeout_ms", LK_FIELD(server, drain_timeout_ms), 0, 3'600'000),
      str("server", "key_file", LK_FIELD(server, key_file)),

      num("limits", "header_bytes", LK_FIELD(limits, header_bytes), 1024, 1 << 20),
      num("limits", "body_bytes", LK_FIELD(limits, body_bytes), 1024, 1 << 30),
      num("limits", "header_timeout_ms", LK_FIELD(limits, header_timeout_ms), 100, 3'600'000),
      num("limits", "body_timeout_ms", LK_FIELD(limits, body_timeout_ms), 100, 3'600'000),
      num("limits", "idle_timeout_ms", LK_FIELD(limits, idle_timeout_ms), 100, 86'400'000),
      num("limits", "max_connections", LK_FIELD(limits, max_connections), 1, 1'000'000),

      num("passwords", "argon2_memory_kib", LK_FIELD(passwords, argon2_memory_kib), 8, 4 << 20),
      num("passwords", "argon2_iterations", LK_FIELD(passwords, argon2_iterations), 1, 100),
      num("passwords", "hash_threads", LK_FIELD(passwords, hash_threads), 0, 1024),
      num("passwords", "hash_queue", LK_FIELD(passwords, hash_queue), 0, 1'000'000),
      num("passwords", "min_length", LK_FIELD(passwords, min_length), 0, 1024),
      num("passwords", "max_length", LK_FIELD(passwords, max_length), 64, 4096),
      flag("passwords", "allow_weak_hashing_for_tests",
           LK_FIELD(passwords, allow_weak_hashing_for_tests)),

      choice("accounts", "signup", LK_FIELD(accounts, signup), kSignupChoices),
      flag("accounts", "rotate_api_key_on_password_change",
           LK_FIELD(accounts, rotate_api_key_on_password_change)),

      flag("mfa", "required", LK_FIELD(mfa, required)),
      str("mfa", "issuer", LK_FIELD(mfa, issuer), check_issuer),

      num("throttle", "free_attempts", LK_FIELD(throttle, free_attempts), 0, 100),
      num("throttle", "base_delay_s", LK_FIELD(throttle, base_delay_s), 1, kDay),
      num("throttle", "max_delay_s", LK_FIELD(throttle, max_delay_s), 1, kDay),
      num("throttle", "lock_after", LK_FIELD(throttle, lock_after), 1, 100),  // NIST: ≤ 100
      num("throttle", "ip_attempts", LK_FIELD(throttle, ip_attempts), 1, 1'000'000),
      num("throttle", "ip_window_s", LK_FIELD(throttle, ip_window_s), 1, kDay),
      num("throttle", "mfa_free_attempts", LK_FIELD(throttle, mfa_free_attempts), 1, 100),

      flag("rate_limit", "enabled", LK_FIELD(rate_limit, enabled)),
      num("rate_limit", "capacity", LK_FIELD(rate_limit, capacity), 1, 1'000'000'000),
      num("rate_limit", "refill_per_minute", LK_FIELD(rate_limit, refill_per_minute), 1,
          1'000'000'000),

      flag("oauth_rate_limit", "enabled", LK_FIELD(oauth_rate_limit, enabled)),
      num("oauth_rate_limit", "capacity", LK_FIELD(oauth_rate_limit, capacity), 1, 1'000'000'000),
      num("oauth_rate_limit", "refill_per_minute", LK_FIELD(oauth_rate_limit, refill_per_minute), 1,
          1'000'000'000),

      num("tokens", "cli_login_ttl_s", LK_FIELD(tokens, cli_login_ttl_s), 1, 10 * kYear),
      num("tokens", "cache_entries", LK_FIELD(tokens, cache_entries), 0, 100'000'000),
      num("tokens", "cache_ttl_s", LK_FIELD(tokens, cache_ttl_s), 1, kDay),
      num("tokens", "bootstrap_ttl_s", LK_FIELD(tokens, bootstrap_ttl_s), 1, 7 * kDay),
      num("tokens", "browser_login_ttl_s", LK_FIELD(tokens, browser_login_ttl_s), 1, 10 * kYear),
      num("tokens", "access_ttl_s", LK_FIELD(tokens, access_ttl_s), 1, 30 * kDay),
      num("tokens", "refresh_family_ttl_s", LK_FIELD(tokens, refresh_family_ttl_s), 1, 10 * kYear),
      num("tokens", "auth_code_ttl_s", LK_FIELD(tokens, auth_code_ttl_s), 1, 600),
      num("tokens", "device_code_ttl_s", LK_FIELD(tokens, device_code_ttl_s), 1, kDay),
      num("tokens", "device_poll_interval_s", LK_FIELD(tokens, device_poll_interval_s), 1, 60),

      num("sessions", "idle_timeout_s", LK_FIELD(sessions, idle_timeout_s), 1, 30 * kDay),
      num("sessions", "absolute_timeout_s", LK_FIELD(sessions, absolute_timeout_s), 1, kYear),
      num("sessions", "reauth_window_s", LK_FIELD(sessions, reauth_window_s), 1, kDay),

      str("database", "url", LK_FIELD(database, url), check_database_url, /*sensitive=*/true),
      num("database", "deferred_fsync_ms", LK_FIELD(database, deferred_fsync_ms), 0, 1000),

      str("geoip", "country_db", LK_FIELD(geoip, country_db), check_path),
      str("geoip", "country_db_v6", LK_FIELD(geoip, country_db_v6), check_path),

      num("git", "max_body_bytes", LK_FIELD(git, max_body_bytes), 1024, 2'147'483'647),
      num("git", "timeout_s", LK_FIELD(git, timeout_s), 1, kDay),
      str("git", "public_host", LK_FIELD(git, public_host), check_git_host),

      choice("log", "format", LK_FIELD(log, format), kLogFormats),
      choice("log", "level", LK_FIELD(log, level), kLogLevels),
      flag("log", "access_log", LK_FIELD(log, access_log)),

      num("audit", "retention_days", LK_FIELD(audit, retention_days), 0, 36'500),
      str("metrics", "allow", LK_FIELD(metrics, allow), check_metrics_allow),

      flag("debug", "fault_route", LK_FIELD(debug, fault_route)),

      str("alerts", "webhook_url", LK_FIELD(alerts, webhook_url), check_webhook_url),
      str("alerts", "webhook_secret", LK_FIELD(alerts, webhook_secret), nullptr, /*sensitive=*/true),
      str("alerts", "kinds", LK_FIELD(alerts, kinds), check_alert_kind),
      num("alerts", "max_attempts", LK_FIELD(alerts, max_attempts), 1, 100),
      num("alerts", "retry_base_ms", LK_FIELD(alerts, retry_base_ms), 10, 3'600'000),
      num("alerts", "expiring_days", LK_FIELD(alerts, expiring_days), 0, 365),
      num("alerts", "expiring_scan_s", LK_FIELD(alerts, expiring_scan_s), 1, kDay),
      num("alerts", "poll_ms", LK_FIELD(alerts, poll_ms), 10, 60'000),
      str("alerts", "smtp_url", LK_FIELD(alerts, smtp_url), check_smtp_url, /*sensitive=*/true),
      str("alerts", "smtp_from", LK_FIELD(alerts, smtp_from), check_email_address),
      str("alerts", "smtp_user", LK_FIELD(alerts, smtp_user)),
      str("alerts", "smtp_password", LK_FIELD(alerts, smtp_password), nullptr, /*sensitive=*/true),

      str("leaks", "partner_secret", LK_FIELD(leaks, partner_secret), nullptr, /*sensitive=*/true),
      num("leaks", "max_entries", LK_FIELD(leaks, max_entries), 1, 10'000),
  };
  return rows;
}

#undef LK_FIELD

std::string_view value_type_name(const Value& v) {
  switch (v.index()) {
    case 0: return "a string";
    case 1: return "an integer";
    case 2: return "a boolean";
    default: return "a list";
  }
}

std::string join(std::span<const std::string_view> items) {
  std::string out;
  for (auto item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

}  // namespace

Kind Key::kind() const {
  Config probe;
  return static_cast<Kind>(field(probe).index());
}

std::string Key::full_name() const { return std::string(section) + "." + std::string(name); }

std::string Key::env_name() const { return env_var_name(full_name()); }

std::string Key::expectation() const {
  switch (kind()) {
    case Kind::kInt:
      return "an integer from " + std::to_string(min) + " to " + std::to_string(max);
    case Kind::kBool: return "true or false";
    case Kind::kList: return "a list of strings";
    case Kind::kString:
      return choices.empty() ? "a string" : "one of " + join(choices);
  }
  return {};
}

std::span<const Key> keys() { return table(); }

const Key* find_key(std::string_view section, std::string_view name) {
  for (const Key& k : table()) {
    if (k.section == section && k.name == name) return &k;
  }
  return nullptr;
}

std::string assign(const Key& key, Value value, Config& config) {
  const std::string name = key.full_name();
  if (value.index() != static_cast<std::size_t>(key.kind())) {
    return name + " must be " + key.expectation() + ", not " + std::string(value_type_name(value));
  }
  auto shown = [&](std::string_view v) {
    return key.sensitive ? std::string() : ", got '" + std::string(v) + "'";
  };
  FieldRef field = key.field(config);
  switch (key.kind()) {
    case Kind::kInt: {
      const long long v = std::get<long long>(value);
      if (v < key.min || v > key.max) {
        return name + " must be " + key.expectation() + ", got " + std::to_string(v);
      }
      *std::get<int*>(field) = static_cast<int>(v);
      return {};
    }
    case Kind::kBool:
      *std::get<bool*>(field) = std::get<bool>(value);
      return {};
    case Kind::kString: {
      auto& v = std::get<std::string>(value);
      if (!key.choices.empty()) {
        bool allowed = false;
        for (auto c : key.choices) allowed = allowed || c == v;
        if (!allowed) return name + " must be " + key.expectation() + shown(v);
      }
      if (key.check != nullptr) {
        if (auto problem = key.check(v); !problem.empty()) return name + " " + problem + shown(v);
      }
      *std::get<std::string*>(field) = std::move(v);
      return {};
    }
    case Kind::kList: {
      auto& items = std::get<std::vector<std::string>>(value);
      for (const auto& item : items) {
        if (key.check == nullptr) break;
        if (auto problem = key.check(item); !problem.empty()) {
          return name + " " + problem + shown(item);
        }
      }
      *std::get<std::vector<std::string>*>(field) = std::move(items);
      return {};
    }
  }
  return {};
}

}  // namespace latchkey::config::detail
