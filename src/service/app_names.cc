// App/team name rules and generated names.
#include "service/app_names.h"

#include <cstdio>

namespace latchkey::service {
namespace {

constexpr const char* kAdjectives[] = {
    "sharp", "quiet", "brave", "calm", "eager", "fancy", "gentle", "happy", "jolly", "kind",
    "lively", "merry", "nimble", "polite", "proud", "rapid", "shiny", "silly", "sunny", "swift",
    "tidy", "vast", "warm", "witty", "young", "zesty", "bold", "crisp", "dusty", "frosty"};
constexpr const char* kNouns[] = {
    "river", "forest", "meadow", "harbor", "canyon", "island", "valley", "summit", "lake", "cliff",
    "desert", "garden", "glacier", "lagoon", "prairie", "reef", "ridge", "spring", "tundra", "wave",
    "ember", "falcon", "otter", "badger", "heron", "maple", "cedar", "comet", "pebble", "breeze"};

bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

}  // namespace

bool valid_app_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 30) return false;
  if (name.front() < 'a' || name.front() > 'z') return false;
  if (!lower_alnum(name.back())) return false;
  for (char c : name)
    if (!lower_alnum(c) && c != '-') return false;
  return true;
}

bool valid_config_key(std::string_view key) {
  if (key.empty() || key.size() > 256) return false;
  for (char c : key)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

std::string generate_app_name(Random& random) {
  constexpr auto na = std::size(kAdjectives);
  constexpr auto nn = std::size(kNouns);
  char digits[8];
  // "%05u" of a value below 100000 always fits in digits.
  (void)std::snprintf(digits, sizeof digits, "%05u", static_cast<unsigned>(random.uniform(100000)));
  return std::string(kAdjectives[random.uniform(na)]) + "-" + kNouns[random.uniform(nn)] + "-" +
         digits;
}

}  // namespace latchkey::service
