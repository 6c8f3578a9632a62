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

// RFC 4122 version 4 UUID, lower-case.
std::string new_uuid(Random& random);

}  // namespace latchkey
