// Injectable randomness. Production uses libsodium's CSPRNG; tests may pin it.
// Thread safety: implementations must be safe to call from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace latchkey {

class Random {
 public:
  virtual ~Random() = default;
  virtual void fill(std::span<std::uint8_t> out) = 0;
  // Uniform integer in [0, bound) without modulo bias.
  std::uint32_t uniform(std::uint32_t bound);
};

class SodiumRandom final : public Random {
 public:
  SodiumRandom();  // initialises libsodium (idempotent)
  void fill(std::span<std::uint8_t> out) override;
};

// RFC 9562 version 7 UUID, lower-case: 48 bits of Unix time in milliseconds
// (system clock), then 74 random bits. Time-ordered ids append to the end of
// the database's id indexes instead of dirtying a random page per insert.
// The creation time they reveal is public anyway (every record shows it).
std::string new_uuid(Random& random);

}  // namespace latchkey
