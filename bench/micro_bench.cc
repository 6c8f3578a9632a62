// Micro-benchmarks of the bearer hot path's pieces (Google Benchmark):
//   build/release/bench/micro_bench
#include <benchmark/benchmark.h>

#include "auth/token.h"
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

}  // namespace

BENCHMARK_MAIN();
