#include "core/random.h"

#include <sodium.h>

#include <array>
#include <cstdio>
#include <stdexcept>

namespace latchkey {

std::uint32_t Random::uniform(std::uint32_t bound) {
  if (bound < 2) return 0;
  // Rejection sampling: discard values from the incomplete top range.
  const std::uint32_t limit = UINT32_MAX - (UINT32_MAX % bound);
  for (;;) {
    std::uint32_t v;
    fill(std::span(reinterpret_cast<std::uint8_t*>(&v), sizeof v));
    if (v < limit) return v % bound;
  }
}

SodiumRandom::SodiumRandom() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

void SodiumRandom::fill(std::span<std::uint8_t> out) { randombytes_buf(out.data(), out.size()); }

std::string new_uuid(Random& random) {
  std::array<std::uint8_t, 16> b{};
  random.fill(b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out,
                "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

}  // namespace latchkey
