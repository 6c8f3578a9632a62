// Internal to src/config: the ONE table of config keys. TOML, environment
// variables and --set flags all resolve a key here and apply the value through
// the same typed setter and validator, so the three sources cannot disagree.
// Thread safety: the table is immutable.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "config/config.h"

namespace latchkey::config::detail {

// Where in the Config a key's value lives.
using FieldRef = std::variant<std::string*, int*, bool*, std::vector<std::string>*>;

enum class Kind { kString, kInt, kBool, kList };

// A parsed value before it is range-checked and stored.
using Value = std::variant<std::string, long long, bool, std::vector<std::string>>;

struct Key {
  std::string_view section;
  std::string_view name;
  FieldRef (*field)(Config&) = nullptr;
  long long min = 0;  // ints: inclusive range
  long long max = 0;
  std::span<const std::string_view> choices{};  // strings: allowed values (empty = any)
  // Extra check of a string or of each list element; returns what is wrong, or "".
  std::string (*check)(std::string_view value) = nullptr;
  // True when the value may hold a credential and must never be echoed in errors.
  bool sensitive = false;

  Kind kind() const;
  std::string full_name() const;          // "section.name"
  std::string env_name() const;           // "LATCHKEY_SECTION_NAME"
  std::string expectation() const;        // "an integer from 1 to 100", ...
};

std::span<const Key> keys();
const Key* find_key(std::string_view section, std::string_view name);

// Stores `value` into `config` after type, range and choice checks. On failure
// returns the problem as "<key> must be ..." (no location prefix).
std::string assign(const Key& key, Value value, Config& config);

}  // namespace latchkey::config::detail
