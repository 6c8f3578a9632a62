// Argon2id hashing through libsodium's PHC-string API, and NFKC normalisation
// through libunistring. The policy lives in password_policy.cc.
#include "auth/password.h"

#include <sodium.h>
#include <unistr.h>
#include <uninorm.h>

#include <array>
#include <charconv>
#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

namespace latchkey::auth {
namespace {

constexpr std::string_view kArgon2idPrefix = "$argon2id$v=19$";

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; the static only saves the call.
  [[maybe_unused]] static const int init = sodium_init();
}

// Reads "<name>=<unsigned>" at the front of `s` and advances past it.
bool read_param(std::string_view& s, char name, unsigned long long& out) {
  if (s.size() < 3 || s[0] != name || s[1] != '=') return false;
  const char* begin = s.data() + 2;
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc() || ptr == begin) return false;
  s.remove_prefix(static_cast<std::size_t>(ptr - s.data()));
  return true;
}

struct PhcParams {
  unsigned long long memory_kib = 0;
  unsigned long long iterations = 0;
  unsigned long long parallelism = 0;
};

// Parses the parameter block of "$argon2id$v=19$m=..,t=..,p=..$...".
std::optional<PhcParams> parse_phc_params(std::string_view phc) {
  if (!phc.starts_with(kArgon2idPrefix)) return std::nullopt;
  phc.remove_prefix(kArgon2idPrefix.size());
  PhcParams p;
  if (!read_param(phc, 'm', p.memory_kib) || !phc.starts_with(',')) return std::nullopt;
  phc.remove_prefix(1);
  if (!read_param(phc, 't', p.iterations) || !phc.starts_with(',')) return std::nullopt;
  phc.remove_prefix(1);
  if (!read_param(phc, 'p', p.parallelism) || !phc.starts_with('$')) return std::nullopt;
  return p;
}

}  // namespace

Result<Secret> normalize_password(std::string_view utf8) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
  if (u8_check(bytes, utf8.size()) != nullptr) {
    return fail(invalid_params("The password is not valid UTF-8 text.", "invalid_password"));
  }
  // U+0000 is valid UTF-8 but truncates the password in C APIs and HTML forms.
  if (utf8.find('\0') != std::string_view::npos) {
    return fail(invalid_params("The password must not contain NUL characters.", "invalid_password"));
  }
  if (utf8.empty()) return Secret();
  std::size_t length = 0;
  std::uint8_t* normalized = u8_normalize(UNINORM_NFKC, bytes, utf8.size(), nullptr, &length);
  if (normalized == nullptr) return fail(internal("u8_normalize failed (out of memory?)"));
  Secret out(std::string(reinterpret_cast<const char*>(normalized), length));
  sodium_memzero(normalized, length);
  std::free(normalized);
  return out;
}

std::size_t code_points(std::string_view utf8) {
  // Invalid sequences count one per offending unit; normalised input has none.
  return u8_mbsnlen(reinterpret_cast<const std::uint8_t*>(utf8.data()), utf8.size());
}

Result<std::string> hash_password(const Secret& normalized, Argon2Params params) {
  ensure_sodium();
  const unsigned long long opslimit = params.iterations;
  const std::size_t memlimit = static_cast<std::size_t>(params.memory_kib) * 1024u;
  if (opslimit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      memlimit < crypto_pwhash_argon2id_MEMLIMIT_MIN ||
      opslimit > crypto_pwhash_argon2id_OPSLIMIT_MAX) {
    return fail(internal("argon2id parameters out of libsodium's range"));
  }
  std::array<char, crypto_pwhash_STRBYTES> out{};
  const std::string_view pw = normalized.reveal();
  if (crypto_pwhash_str_alg(out.data(), pw.data(), pw.size(), opslimit, memlimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    // libsodium fails here only when it cannot allocate the memory.
    return fail(unavailable("crypto_pwhash_str_alg failed (out of memory)"));
  }
  return std::string(out.data());
}

bool verify_password(std::string_view phc, const Secret& normalized) {
  ensure_sodium();
  // libsodium wants a NUL-terminated string; reject anything that is not ours
  // before it allocates the memory the string asks for.
  if (!parse_phc_params(phc) || phc.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string stored(phc);
  const std::string_view pw = normalized.reveal();
  return crypto_pwhash_str_verify(stored.c_str(), pw.data(), pw.size()) == 0;
}

bool needs_rehash(std::string_view phc, Argon2Params params) {
  const auto stored = parse_phc_params(phc);
  if (!stored) return true;  // another algorithm or version: upgrade on next login
  // Only weaker parameters trigger a rehash: lowering the configured cost must
  // not silently downgrade existing hashes (libsodium's own needs_rehash would).
  return stored->memory_kib < params.memory_kib || stored->iterations < params.iterations ||
         stored->parallelism != 1;
}

const std::string& dummy_password_hash(Argon2Params params) {
  static std::mutex mutex;
  static std::map<std::pair<unsigned, unsigned>, std::string> cache;  // stable references
  std::scoped_lock lock(mutex);
  const auto key = std::make_pair(params.memory_kib, params.iterations);
  if (auto it = cache.find(key); it != cache.end()) return it->second;

  ensure_sodium();
  std::array<unsigned char, 32> random_bytes{};
  randombytes_buf(random_bytes.data(), random_bytes.size());
  Secret password(std::string(reinterpret_cast<const char*>(random_bytes.data()),
                              random_bytes.size()));
  sodium_memzero(random_bytes.data(), random_bytes.size());
  auto hash = hash_password(password, params);
  if (!hash) {
    // Not cached, so the next call retries. An empty string makes verification
    // fail fast, which only matters while the server is out of memory.
    static const std::string kEmpty;
    return kEmpty;
  }
  return cache.emplace(key, std::move(*hash)).first->second;
}

}  // namespace latchkey::auth
