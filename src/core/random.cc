#include "core/random.h"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstring>
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

namespace {

// Small requests (ids, request ids, token bodies) are served from a per-thread
// block of kernel randomness, so a request id costs a memcpy instead of a
// getrandom(2) call. Served bytes are wiped from the block at once.
struct RandomBlock {
  std::array<std::uint8_t, 4096> bytes{};
  std::size_t used = bytes.size();
  ~RandomBlock() { sodium_memzero(bytes.data(), bytes.size()); }
};

constexpr std::size_t kBufferedMax = 256;

}  // namespace

void SodiumRandom::fill(std::span<std::uint8_t> out) {
  if (out.size() > kBufferedMax) {
    randombytes_buf(out.data(), out.size());
    return;
  }
  thread_local RandomBlock block;
  if (block.bytes.size() - block.used < out.size()) {
    randombytes_buf(block.bytes.data(), block.bytes.size());
    block.used = 0;
  }
  std::uint8_t* from = block.bytes.data() + block.used;
  std::memcpy(out.data(), from, out.size());
  sodium_memzero(from, out.size());
  block.used += out.size();
}

std::string new_uuid(Random& random) {
  std::array<std::uint8_t, 16> b{};
  random.fill(b);
  const auto ms = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::system_clock::now().time_since_epoch())
                                                 .count());
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (40 - 8 * i));
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x70);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[b[i] >> 4]);
    out.push_back(kHex[b[i] & 0xf]);
  }
  return out;
}

}  // namespace latchkey
