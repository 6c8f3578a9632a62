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
#include <string>
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
};

struct Limits {
  int header_bytes = 8192;
  int body_bytes = 65536;
  int header_timeout_ms = 10'000;
  int body_timeout_ms = 30'000;
  int idle_timeout_ms = 60'000;
  int max_connections = 10'000;
};

struct Passwords {
  int argon2_memory_kib = 19456;   // ASVS App. C: m=19 MiB, t=2, p=1
  int argon2_iterations = 2;
  int hash_threads = 0;            // 0 = number of cores
  int hash_queue = 64;             // waiting hashes beyond this → 503
  int min_length = 0;              // 0 = 12 with MFA required, 15 without
  int max_length = 1024;
};

struct Accounts {
  std::string signup = "open";     // open | invite | closed
  bool rotate_api_key_on_password_change = true;
};

struct Mfa {
  bool required = true;
};

struct Throttle {
  int free_attempts = 5;           // failures before back-off starts
  int base_delay_s = 30;           // first back-off; doubles up to max_delay_s
  int max_delay_s = 3600;
  int lock_after = 100;            // consecutive failures → hard lock
  int ip_attempts = 20;            // failed sign-ins per IP per ip_window_s
  int ip_window_s = 300;
};

struct RateLimit {
  bool enabled = true;
  int capacity = 4500;
  int refill_per_minute = 75;
};

struct Tokens {
  int cli_login_ttl_s = 2'592'000;      // 30 days (login -i)
  int cache_entries = 100'000;          // 0 disables the bearer cache
  int cache_ttl_s = 60;                 // backstop; same-instance invalidation is immediate
  int bootstrap_ttl_s = 3600;
};

struct Log {
  std::string format = "json";     // json | text
  std::string level = "info";      // trace|debug|info|warn|error|off
  bool access_log = true;
};

struct Config {
  Server server;
  Limits limits;
  Passwords passwords;
  Accounts accounts;
  Mfa mfa;
  Throttle throttle;
  RateLimit rate_limit;
  Tokens tokens;
  Log log;

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

// The environment of this process as a map (for Sources::environment).
std::map<std::string, std::string> process_environment();

}  // namespace latchkey::config
