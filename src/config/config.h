// The server configuration: parsed and validated once at startup into this
// immutable struct; the request path never sees raw TOML (STYLE.md, Envoy).
//
// Sources, later ones winning: built-in defaults < TOML file (--config) <
// LATCHKEY_<SECTION>_<KEY> environment variables < --set section.key=value
// flags < dedicated flags (--listen, --data-dir). Unknown sections or keys, wrong
// types and out-of-range values are errors that name the key.
// Every key is documented in docs/config.md and config/latchkey.example.toml.
// Thread safety: immutable after load; share as shared_ptr<const Config>.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace latchkey::config {

struct Server {
  std::string listen = "127.0.0.1:5000";  // HOST:PORT; port 0 picks a free one
  std::string data_dir = "./var";
  int threads = 0;                        // 0 = number of cores
  std::string public_url;                 // e.g. https://auth.example.com; empty = derived
  std::string tls_cert;
  std::string tls_key;
  std::vector<std::string> trusted_proxies;  // peers whose X-Forwarded-For is believed
  int drain_timeout_ms = 30'000;
  std::string key_file;                   // server key (SecretBox); empty = <data_dir>/server.key

  bool operator==(const Server&) const = default;
};

struct Limits {
  int header_bytes = 8192;
  int body_bytes = 65536;
  int header_timeout_ms = 10'000;
  int body_timeout_ms = 30'000;
  int idle_timeout_ms = 60'000;
  int max_connections = 10'000;

  bool operator==(const Limits&) const = default;
};

struct Passwords {
  int argon2_memory_kib = 19456;   // ASVS App. C: m=19 MiB, t=2, p=1
  int argon2_iterations = 2;
  int hash_threads = 0;            // 0 = number of cores
  int hash_queue = 64;             // waiting hashes beyond this → 503
  int min_length = 0;              // 0 = 12 with MFA required, 15 without
  int max_length = 1024;
  // Tests only: lifts the ASVS App. C floor on the Argon2id parameters so suites
  // can hash with a few KiB. Never set this in production.
  bool allow_weak_hashing_for_tests = false;

  bool operator==(const Passwords&) const = default;
};

struct Accounts {
  std::string signup = "open";     // open | invite | closed
  bool rotate_api_key_on_password_change = true;

  bool operator==(const Accounts&) const = default;
};

struct Mfa {
  bool required = true;
  std::string issuer = "Latchkey";  // shown by authenticator apps (otpauth issuer)

  bool operator==(const Mfa&) const = default;
};

struct Throttle {
  int free_attempts = 5;           // failures before back-off starts
  int base_delay_s = 30;           // first back-off; doubles up to max_delay_s
  int max_delay_s = 3600;
  int lock_after = 100;            // consecutive failures → hard lock
  int ip_attempts = 20;            // failed sign-ins per IP per ip_window_s
  int ip_window_s = 300;
  int mfa_free_attempts = 10;      // wrong second-factor codes before back-off (S14)

  bool operator==(const Throttle&) const = default;
};

struct RateLimit {
  bool enabled = true;
  int capacity = 4500;
  int refill_per_minute = 75;

  bool operator==(const RateLimit&) const = default;
};

struct Tokens {
  int cli_login_ttl_s = 2'592'000;      // 30 days (login -i)
  int cache_entries = 100'000;          // 0 disables the bearer cache
  int cache_ttl_s = 60;                 // backstop; same-instance invalidation is immediate
  int bootstrap_ttl_s = 3600;
  int browser_login_ttl_s = 31'536'000; // 1 year (CLI login via browser or device flow)
  int access_ttl_s = 28'800;            // 8 h, OAuth access tokens
  int refresh_family_ttl_s = 7'776'000; // 90 days: absolute lifetime of a rotating refresh family
  int auth_code_ttl_s = 60;             // authorization codes (ASVS 10.4.3: ≤ 600)
  int device_code_ttl_s = 900;          // device_code / user_code (RFC 8628)
  int device_poll_interval_s = 5;       // RFC 8628 §3.5 default interval

  bool operator==(const Tokens&) const = default;
};

struct Sessions {
  int idle_timeout_s = 3600;            // NIST 800-63B AAL2: idle ≤ 1 h (SHOULD)
  int absolute_timeout_s = 86'400;      // NIST 800-63B AAL2: overall ≤ 24 h
  int reauth_window_s = 900;            // recent-authentication window for sensitive actions

  bool operator==(const Sessions&) const = default;
};

struct Database {
  // Empty = SQLite at <data_dir>/latchkey.db; "sqlite:<path>" or
  // "postgresql://user:pass@host/db" (also "postgres://").
  std::string url;
  // SQLite: a client_credentials grant (a fresh token whose loss only makes
  // its holder ask again) is answered once it is in the WAL, and fsynced
  // within this many ms (or by the next write that waits for its fsync).
  // 0 = every write is answered only after its fsync. Nothing that takes
  // access away or spends a single-use secret is ever answered before fsync.
  int deferred_fsync_ms = 100;

  bool operator==(const Database&) const = default;
};

struct Geoip {
  // Country databases (MaxMind legacy .dat, Debian's geoip-database) for the
  // approximate location shown on device-approval pages (S51). Empty = none.
  std::string country_db = "/usr/share/GeoIP/GeoIP.dat";
  std::string country_db_v6 = "/usr/share/GeoIP/GeoIPv6.dat";

  bool operator==(const Geoip&) const = default;
};

struct Git {
  int max_body_bytes = 1 << 30;  // a push's request body (spooled to disk, not memory)
  int timeout_s = 600;           // one git request, upload included
  // host[:port] in apps' git_url; empty = server.public_url's, or listen. Not
  // "git.host": LATCHKEY_GIT_HOST is the CLI's (config.cc allow-list).
  std::string public_host;

  bool operator==(const Git&) const = default;
};

struct Metrics {
  // Who may GET /metrics: IP addresses or CIDR ranges of the client (after
  // trusted_proxies), or "any". Empty = nobody (the route answers 404).
  std::vector<std::string> allow = {"127.0.0.1/32", "::1/128"};

  bool operator==(const Metrics&) const = default;
};

struct Debug {
  // Tests only: GET /debug/fault answers a forced internal error (S55 checks).
  bool fault_route = false;

  bool operator==(const Debug&) const = default;
};

struct Alerts {
  // Security alerts (docs/alerts.md). Webhook: POST JSON signed with
  // Latchkey-Signature (HMAC-SHA256 under webhook_secret). Empty URL = none.
  std::string webhook_url;
  std::string webhook_secret;
  // Alert kinds to send, or "all".
  std::vector<std::string> kinds = {"all"};
  int max_attempts = 8;            // per delivery, then it is given up (state failed)
  int retry_base_ms = 5000;        // first retry delay; doubles per attempt, ±20 % jitter, ≤ 1 h
  int expiring_days = 7;           // warn this many days before an authorization expires; 0 = never
  int expiring_scan_s = 3600;      // how often to look for expiring authorizations
  int poll_ms = 250;               // how often the dispatcher tails the audit trail
  // E-mail via SMTP (smtp:// or smtps://host[:port]); empty = no e-mail.
  std::string smtp_url;
  std::string smtp_from;
  std::string smtp_user;
  std::string smtp_password;

  bool operator==(const Alerts&) const = default;
};

struct Leaks {
  // Shared secret of secret-scanning partners: POST /token-leaks signed with
  // Latchkey-Leak-Signature: sha256=<hex HMAC-SHA256(secret, body)>. Empty = operators only.
  std::string partner_secret;
  int max_entries = 1000;          // tokens per report

  bool operator==(const Leaks&) const = default;
};

struct Audit {
  int retention_days = 400;        // events older than this are pruned (hourly); 0 = keep forever

  bool operator==(const Audit&) const = default;
};

struct Log {
  std::string format = "json";     // json | text
  std::string level = "info";      // trace|debug|info|warn|error|off
  bool access_log = true;

  bool operator==(const Log&) const = default;
};

struct Config {
  Server server;
  Limits limits;
  Passwords passwords;
  Accounts accounts;
  Mfa mfa;
  Throttle throttle;
  RateLimit rate_limit;
  // Per client IP on the OAuth form endpoints (S60): failed client
  // authentications and rejected grants on /oauth/token, /oauth/introspect and
  // /oauth/revoke, and every /oauth/device_authorization request, take one.
  RateLimit oauth_rate_limit{.enabled = true, .capacity = 30, .refill_per_minute = 30};
  Tokens tokens;
  Sessions sessions;
  Database database;
  Geoip geoip;
  Git git;
  Log log;
  Audit audit;
  Metrics metrics;
  Debug debug;
  Alerts alerts;
  Leaks leaks;

  bool operator==(const Config&) const = default;

  // Effective minimum password length (ARCHITECTURE.md §7).
  int password_min_length() const {
    if (passwords.min_length > 0) return passwords.min_length;
    return mfa.required ? 12 : 15;
  }
};

struct Sources {
  std::string config_file;                       // empty = none
  std::map<std::string, std::string> environment;  // typically all of environ
  std::vector<std::string> sets;                 // "section.key=value"
  std::string listen;                            // --listen, empty = unset
  std::string data_dir;                          // --data-dir, empty = unset
};

// Builds the config from all sources; the error message names the offending key.
Result<Config> load(const Sources& sources);

// The SQLite file database.url names: <data_dir>/latchkey.db when it is empty,
// the path after "sqlite:" otherwise; nullopt for a PostgreSQL URL.
std::optional<std::string> sqlite_file(const Config& c);

// The environment of this process as a map (for Sources::environment).
std::map<std::string, std::string> process_environment();

// Every key as "section.key", in table order (docs and drift tests).
std::vector<std::string> key_names();

// "rate_limit.capacity" → "LATCHKEY_RATE_LIMIT_CAPACITY".
std::string env_var_name(std::string_view key);

}  // namespace latchkey::config
