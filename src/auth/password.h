// Password hashing (Argon2id via libsodium, PHC strings) and the password
// policy (ARCHITECTURE.md §7, security checklist S01–S04).
// Thread safety: pure functions; hashing is CPU-heavy (run it on a WorkerPool).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/secret.h"

namespace latchkey::auth {

struct Argon2Params {
  unsigned memory_kib = 19456;
  unsigned iterations = 2;
};

// NFKC-normalised copy of a UTF-8 password (NIST 800-63B §3.1.1.2). Invalid
// UTF-8, and U+0000 (which C APIs and HTML forms truncate at), yield an error
// (kInvalidParams, id "invalid_password").
Result<Secret> normalize_password(std::string_view utf8);

// Number of Unicode code points (after normalisation, the length the policy counts).
std::size_t code_points(std::string_view utf8);

// "$argon2id$v=19$m=...,t=...,p=1$<salt>$<hash>" with a fresh 16-byte salt.
Result<std::string> hash_password(const Secret& normalized, Argon2Params params);

// Constant-time verification against a stored PHC string.
bool verify_password(std::string_view phc, const Secret& normalized);

// True when the stored hash uses weaker parameters than `params` (upgrade on login),
// or is not an argon2id v=19, p=1 PHC string. Stronger stored parameters are kept:
// lowering the configured cost never downgrades existing hashes.
bool needs_rehash(std::string_view phc, Argon2Params params);

// A valid PHC string for a password nobody knows: verifying against it costs the
// same as a real verification, so unknown accounts are timing-equal (S08).
const std::string& dummy_password_hash(Argon2Params params);

struct PasswordPolicy {
  int min_length = 12;
  int max_length = 1024;
};

// Context words a password must not be built from (service name, email local part).
struct PasswordContext {
  std::vector<std::string> words;
};

// Checks a normalised password. Errors are kInvalidParams with ids
// password_too_short | password_too_long | password_blocklisted | password_weak
// and a message that states the reason (S03).
Status check_password(const Secret& normalized, const PasswordPolicy& policy,
                      const PasswordContext& context);

}  // namespace latchkey::auth
