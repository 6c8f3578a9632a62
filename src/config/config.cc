// Config loading: defaults < TOML file < LATCHKEY_* environment < --set <
// dedicated flags, every source going through the key table in keys.cc.
#include "config/config.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <system_error>

#include <toml++/toml.h>

#include "config/keys.h"
#include "core/text.h"

extern char** environ;  // NOLINT(readability-redundant-declaration): <unistd.h> has it only with _GNU_SOURCE

namespace latchkey::config {
namespace {

using detail::Key;
using detail::Kind;
using detail::Value;

constexpr std::string_view kEnvPrefix = "LATCHKEY_";
// LATCHKEY_* variables read by other parts of the system, not config keys.
constexpr std::string_view kEnvAllowlist[] = {
    "LATCHKEY_SERVER_KEY",  // the SecretBox key (base64), read by the app
    "LATCHKEY_API_URL",     // the CLI's server URL
    "LATCHKEY_API_KEY",     // the CLI's token
    "LATCHKEY_CONFIG",      // path of the config file (the server's --config default)
    "LATCHKEY_GIT_HOST",    // the CLI's git machine for netrc (src/cli/credentials.h)
    "LATCHKEY_BIN_DIR",     // where the integration tests find the binaries
};

Error config_error(std::string message) {
  return Error(ErrorCode::kInvalidParams, "invalid_config", std::move(message));
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1u : 0u)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// " (did you mean 'x'?)" for the closest candidate within a few edits, else "".
std::string suggestion(std::string_view wrong, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 4;
  for (const auto& c : candidates) {
    if (auto d = edit_distance(wrong, c); d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

std::string unknown_key(std::string_view section, std::string_view name) {
  const std::string full = std::string(section) + "." + std::string(name);
  return "unknown config key '" + full + "'" + suggestion(full, key_names());
}

// --- values from strings (environment and --set) ---------------------------

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Parses text as the key's type; returns the problem text on failure.
std::variant<Value, std::string> value_from_string(const Key& key, std::string_view text) {
  switch (key.kind()) {
    case Kind::kString: return Value(std::string(text));
    case Kind::kInt: {
      const std::string_view t = trim_blanks(text);
      long long v = 0;
      const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (t.empty() || ec != std::errc() || ptr != t.data() + t.size()) {
        return key.full_name() + " must be " + key.expectation() + ", got '" + std::string(text) + "'";
      }
      return Value(v);
    }
    case Kind::kBool: {
      const std::string t = lower(trim_blanks(text));
      if (t == "true" || t == "1" || t == "yes" || t == "on") return Value(true);
      if (t == "false" || t == "0" || t == "no" || t == "off") return Value(false);
      return key.full_name() + " must be true or false, got '" + std::string(text) + "'";
    }
    case Kind::kList: {
      std::vector<std::string> items;
      std::size_t start = 0;
      while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        if (auto item = trim_blanks(text.substr(start, comma - start)); !item.empty()) {
          items.emplace_back(item);
        }
        start = comma + 1;
      }
      return Value(std::move(items));
    }
  }
  return std::string("unreachable");
}

Status apply_string(const Key& key, std::string_view text, Config& config,
                    const std::string& where) {
  auto parsed = value_from_string(key, text);
  if (auto* problem = std::get_if<std::string>(&parsed)) {
    return fail(config_error(where + ": " + *problem));
  }
  if (auto problem = detail::assign(key, std::move(std::get<Value>(parsed)), config);
      !problem.empty()) {
    return fail(config_error(where + ": " + problem));
  }
  return {};
}

// --- TOML file ---------------------------------------------------------------

std::string location(const std::string& file, const toml::source_region& where) {
  return "config file " + file + ":" + std::to_string(where.begin.line) + ":" +
         std::to_string(where.begin.column);
}

std::variant<Value, std::string> value_from_toml(const Key& key, const toml::node& node) {
  if (auto s = node.as_string()) return Value(s->get());
  if (auto i = node.as_integer()) return Value(static_cast<long long>(i->get()));
  if (auto b = node.as_boolean()) return Value(b->get());
  if (auto array = node.as_array()) {
    std::vector<std::string> items;
    for (const auto& element : *array) {
      auto s = element.as_string();
      if (s == nullptr) return key.full_name() + " must be " + key.expectation() + " (an array of strings)";
      items.push_back(s->get());
    }
    return Value(std::move(items));
  }
  return key.full_name() + " must be " + key.expectation();
}

Status apply_file(const std::string& file, Config& config) {
  // toml++ reports a missing file without a useful position and parses a
  // directory as an empty table, so check what we were given first.
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (ec || !std::filesystem::exists(status)) {
    return fail(config_error("cannot read config file " + file + ": " +
                             (ec ? ec.message() : "no such file")));
  }
  if (!std::filesystem::is_regular_file(status)) {
    return fail(config_error("config file " + file + " is not a regular file"));
  }
  if (std::ifstream probe(file); !probe) {
    return fail(config_error("cannot read config file " + file + ": " + std::generic_category().message(errno)));
  }
  toml::table root;
  try {
    root = toml::parse_file(file);
  } catch (const toml::parse_error& e) {
    return fail(config_error(location(file, e.source()) + ": " + std::string(e.description())));
  }
  for (const auto& [section_name, section_node] : root) {
    const std::string where = location(file, section_node.source());
    const auto* section = section_node.as_table();
    if (section == nullptr) {
      return fail(config_error(where + ": '" + std::string(section_name.str()) +
                               "' must be a section ([" + std::string(section_name.str()) +
                               "]); top-level keys are not supported"));
    }
    for (const auto& [key_name, node] : *section) {
      const std::string key_where = location(file, key_name.source());
      const Key* key = detail::find_key(section_name.str(), key_name.str());
      if (key == nullptr) {
        return fail(config_error(key_where + ": " + unknown_key(section_name.str(), key_name.str())));
      }
      auto value = value_from_toml(*key, node);
      if (auto* problem = std::get_if<std::string>(&value)) {
        return fail(config_error(key_where + ": " + *problem));
      }
      if (auto problem = detail::assign(*key, std::move(std::get<Value>(value)), config);
          !problem.empty()) {
        return fail(config_error(key_where + ": " + problem));
      }
    }
  }
  return {};
}

// --- environment and --set ---------------------------------------------------

Status apply_environment(const std::map<std::string, std::string>& env, Config& config) {
  std::map<std::string, const Key*, std::less<>> by_env_name;
  std::vector<std::string> env_names;
  for (const Key& k : detail::keys()) {
    by_env_name.emplace(k.env_name(), &k);
    env_names.push_back(k.env_name());
  }
  for (const auto& [name, value] : env) {
    if (!name.starts_with(kEnvPrefix)) continue;
    if (std::find(std::begin(kEnvAllowlist), std::end(kEnvAllowlist), name) !=
        std::end(kEnvAllowlist)) {
      continue;
    }
    auto it = by_env_name.find(name);
    if (it == by_env_name.end()) {
      return fail(config_error("environment variable " + name +
                               " does not name a config key (expected LATCHKEY_<SECTION>_<KEY>, "
                               "see docs/config.md)" + suggestion(name, env_names)));
    }
    if (auto s = apply_string(*it->second, value, config, "environment variable " + name); !s) {
      return s;
    }
  }
  return {};
}

Status apply_set(const std::string& assignment, Config& config) {
  const std::string where = "--set " + assignment.substr(0, assignment.find('='));
  const auto eq = assignment.find('=');
  const auto dot = assignment.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq) {
    return fail(config_error("--set '" + assignment + "' must have the form section.key=value"));
  }
  const std::string_view text(assignment);
  const std::string_view section = text.substr(0, dot);
  const std::string_view name = text.substr(dot + 1, eq - dot - 1);
  const Key* key = detail::find_key(section, name);
  if (key == nullptr) return fail(config_error(where + ": " + unknown_key(section, name)));
  return apply_string(*key, text.substr(eq + 1), config, where);
}

// --- cross-key validation ----------------------------------------------------

// OWASP ASVS 5.0 Appendix C: Argon2id minimums (p = 1).
bool meets_argon2_floor(int memory_kib, int iterations) {
  return (memory_kib >= 47104 && iterations >= 1) || (memory_kib >= 19456 && iterations >= 2) ||
         (memory_kib >= 12288 && iterations >= 3);
}

Status validate(const Config& c) {
  const auto& p = c.passwords;
  if (!p.allow_weak_hashing_for_tests && !meets_argon2_floor(p.argon2_memory_kib, p.argon2_iterations)) {
    return fail(config_error(
        "passwords.argon2_memory_kib = " + std::to_string(p.argon2_memory_kib) +
        " with passwords.argon2_iterations = " + std::to_string(p.argon2_iterations) +
        " is below the OWASP ASVS 5.0 Appendix C minimum for Argon2id: memory >= 47104 KiB "
        "with iterations >= 1, memory >= 19456 KiB with iterations >= 2, or memory >= 12288 KiB "
        "with iterations >= 3 (passwords.allow_weak_hashing_for_tests lifts this, for test "
        "suites only)"));
  }
  if (p.min_length != 0 && p.min_length < 8) {
    return fail(config_error("passwords.min_length must be 0 (automatic) or at least 8 "
                             "(NIST 800-63B floor), got " + std::to_string(p.min_length)));
  }
  if (!c.mfa.required && p.min_length != 0 && p.min_length < 15) {
    return fail(config_error("passwords.min_length must be at least 15 when mfa.required = false "
                             "(NIST 800-63B-4 for single-factor passwords), got " +
                             std::to_string(p.min_length)));
  }
  if (c.password_min_length() > p.max_length) {
    return fail(config_error("passwords.max_length (" + std::to_string(p.max_length) +
                             ") is below the minimum password length (" +
                             std::to_string(c.password_min_length()) + ")"));
  }
  if (c.server.tls_cert.empty() != c.server.tls_key.empty()) {
    return fail(config_error("server.tls_cert and server.tls_key must be set together"));
  }
  if (c.throttle.max_delay_s < c.throttle.base_delay_s) {
    return fail(config_error("throttle.max_delay_s must be at least throttle.base_delay_s"));
  }
  if (c.throttle.free_attempts >= c.throttle.lock_after) {
    return fail(config_error("throttle.free_attempts must be below throttle.lock_after"));
  }
  if (c.sessions.idle_timeout_s > c.sessions.absolute_timeout_s) {
    return fail(config_error("sessions.idle_timeout_s must not exceed sessions.absolute_timeout_s"));
  }
  return {};
}

}  // namespace

std::vector<std::string> key_names() {
  std::vector<std::string> names;
  for (const Key& k : detail::keys()) names.push_back(k.full_name());
  return names;
}

std::string env_var_name(std::string_view key) {
  std::string out(kEnvPrefix);
  for (char c : key) {
    if (c == '.') c = '_';
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    out.push_back(c);
  }
  return out;
}

Result<Config> load(const Sources& sources) {
  Config config;
  if (!sources.config_file.empty()) {
    if (auto s = apply_file(sources.config_file, config); !s) return fail(s.error());
  }
  if (auto s = apply_environment(sources.environment, config); !s) return fail(s.error());
  for (const auto& assignment : sources.sets) {
    if (auto s = apply_set(assignment, config); !s) return fail(s.error());
  }
  if (!sources.listen.empty()) {
    auto s = apply_string(*detail::find_key("server", "listen"), sources.listen, config, "--listen");
    if (!s) return fail(s.error());
  }
  if (!sources.data_dir.empty()) {
    auto s = apply_string(*detail::find_key("server", "data_dir"), sources.data_dir, config,
                          "--data-dir");
    if (!s) return fail(s.error());
  }
  if (auto s = validate(config); !s) return fail(s.error());
  return config;
}

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) continue;
    env.emplace(text.substr(0, eq), text.substr(eq + 1));
  }
  return env;
}

std::optional<std::string> sqlite_file(const Config& c) {
  const std::string& url = c.database.url;
  if (url.empty()) return c.server.data_dir + "/latchkey.db";
  if (url.starts_with("sqlite:")) return url.substr(7);
  return std::nullopt;
}

}  // namespace latchkey::config
