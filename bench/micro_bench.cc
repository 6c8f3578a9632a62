// Micro-benchmarks of the bearer hot path's pieces and of what a second factor
// adds to a password login (Google Benchmark):
//   build/release/bench/micro_bench
//   build/release/bench/micro_bench --benchmark_filter='Totp|Recovery|SecretBox|Argon2'
#include <benchmark/benchmark.h>

#include "auth/jws.h"
#include "auth/password.h"
#include "auth/recovery_codes.h"
#include "auth/secret_box.h"
#include "auth/token.h"
#include "auth/totp.h"
#include "core/random.h"
#include "service/token_cache.h"

namespace {

using namespace latchkey;

void BM_ParseToken(benchmark::State& state) {
  SodiumRandom random;
  const std::string token = auth::generate_token(auth::TokenKind::kAccess, random);
  for (auto _ : state) benchmark::DoNotOptimize(auth::parse_token(token));
}
BENCHMARK(BM_ParseToken);

void BM_HashToken(benchmark::State& state) {
  SodiumRandom random;
  const std::string token = auth::generate_token(auth::TokenKind::kAccess, random);
  for (auto _ : state) benchmark::DoNotOptimize(auth::hash_token(token));
}
BENCHMARK(BM_HashToken);

void BM_GenerateToken(benchmark::State& state) {
  SodiumRandom random;
  for (auto _ : state) benchmark::DoNotOptimize(auth::generate_token(auth::TokenKind::kAccess, random));
}
BENCHMARK(BM_GenerateToken);

void BM_CacheHit(benchmark::State& state) {
  service::TokenCache cache(100000, 3600);
  service::Principal p;
  p.account.id = "a";
  p.authorization.scope = {"global"};
  cache.put("hash", p, 0);
  for (auto _ : state) benchmark::DoNotOptimize(cache.get("hash", 1));
}
BENCHMARK(BM_CacheHit);

// The CPU side of one TOTP check: open the sealed secret, then compare the
// codes of T and T-1 (the store's conditional UPDATE comes on top).
void BM_OpenSecretAndVerifyTotp(benchmark::State& state) {
  SodiumRandom random;
  auth::SecretBox box(auth::SecretBox::Key{1});
  const Secret secret = auth::generate_totp_secret(random);
  const std::string sealed = box.seal(secret.reveal(), "totp:a", random);
  const std::int64_t now = 1'800'000'000;
  const std::string code = auth::totp_code(secret.reveal(), now);
  for (auto _ : state) {
    auto opened = box.open(sealed, "totp:a");
    benchmark::DoNotOptimize(auth::verify_totp(*opened, code, now, auth::kTotpNoStepUsed));
  }
}
BENCHMARK(BM_OpenSecretAndVerifyTotp);

void BM_RecoveryCodeHash(benchmark::State& state) {
  SodiumRandom random;
  auth::SecretBox box(auth::SecretBox::Key{1});
  const std::string code = auth::generate_recovery_codes(random, 1).front();
  for (auto _ : state)
    benchmark::DoNotOptimize(auth::hash_recovery_code(box, *auth::normalize_recovery_code(code)));
}
BENCHMARK(BM_RecoveryCodeHash);

// What an OIDC token response adds: one ES256 signature over a typical ID token.
void BM_SignIdToken(benchmark::State& state) {
  const auto key = auth::SigningKey::generate().value();
  const std::string claims = R"({"iss":"https://id.example.com","sub":"01890a5d-ac96-774b-b9aa-7f8f3b1f6b1e",)"
                             R"("aud":"heroku-cli","exp":1800003600,"iat":1800000000,"nonce":"n-0S6_WzA2Mj"})";
  for (auto _ : state) benchmark::DoNotOptimize(key.sign_jwt(claims));
}
BENCHMARK(BM_SignIdToken)->Unit(benchmark::kMicrosecond);

// For scale: the password check every password login pays anyway (default
// parameters m=19 MiB, t=2).
void BM_Argon2idVerify(benchmark::State& state) {
  const Secret password("correct horse battery staple");
  const std::string phc = *auth::hash_password(password, {19456, 2});
  for (auto _ : state) benchmark::DoNotOptimize(auth::verify_password(phc, password));
}
BENCHMARK(BM_Argon2idVerify)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
