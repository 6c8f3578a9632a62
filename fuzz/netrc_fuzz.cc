// libFuzzer target for the netrc parser and editor (src/cli/netrc.h).
// Properties checked on every input:
//   1. parsing never crashes and serialize() of an unedited file is the input;
//   2. the canonical serialization reads back as the same entries;
//   3. set()/remove() of one machine change exactly that machine's entries:
//      every other entry reads back unchanged and in order.
// A violated property calls __builtin_trap() so the fuzzer records the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/netrc.h"

namespace {

using latchkey::cli::equals_ignore_case;
using latchkey::cli::Netrc;
using latchkey::cli::NetrcEntry;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

std::vector<NetrcEntry> others(const std::vector<NetrcEntry>& entries, std::string_view machine) {
  std::vector<NetrcEntry> out;
  for (const NetrcEntry& e : entries) {
    if (e.is_default || !equals_ignore_case(e.machine, machine)) out.push_back(e);
  }
  return out;
}

void check_set(const Netrc& original, std::string_view machine) {
  Netrc edited = original;
  edited.set(machine, "user@example.com", "lko_fuzz token");
  Netrc reread = Netrc::parse(edited.serialize());
  const NetrcEntry* e = reread.find(machine);
  check(e != nullptr);
  check(e->login == "user@example.com" && e->password == "lko_fuzz token");
  check(others(reread.entries(), machine) == others(original.entries(), machine));
}

void check_remove(const Netrc& original, std::string_view machine) {
  Netrc edited = original;
  edited.remove(machine);
  Netrc reread = Netrc::parse(edited.serialize());
  check(reread.find(machine) == nullptr);
  check(reread.entries() == others(original.entries(), machine));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Netrc netrc = Netrc::parse(text);
  check(netrc.serialize() == text);
  check(Netrc::parse(netrc.serialize_canonical()).entries() == netrc.entries());

  check_set(netrc, "fuzz.example:5000");
  check_remove(netrc, "fuzz.example:5000");
  for (const NetrcEntry& e : netrc.entries()) {
    if (e.is_default) continue;
    check_set(netrc, e.machine);
    check_remove(netrc, e.machine);
    break;
  }
  return 0;
}
