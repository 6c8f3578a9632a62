// Registers the service counters with their fixed label values.
#include "service/service_metrics.h"

namespace latchkey::service {
namespace {

constexpr const char* kLogin[] = {"success", "bad_password", "unknown_account", "disabled", "throttled"};
constexpr const char* kMfa[] = {"accepted", "missing", "wrong", "replayed", "throttled"};
constexpr const char* kIssued[] = {"authorization", "regenerated", "oauth_access", "refresh"};

}  // namespace

ServiceMetrics::ServiceMetrics(metrics::Registry& r) {
  for (std::size_t i = 0; i < logins_.size(); ++i)
    logins_[i] = &r.counter("latchkey_logins_total", "Password sign-in attempts by outcome.",
                            {{"outcome", kLogin[i]}});
  for (std::size_t i = 0; i < mfa_.size(); ++i)
    mfa_[i] = &r.counter("latchkey_mfa_challenges_total", "Second-factor checks by outcome.",
                         {{"outcome", kMfa[i]}});
  for (std::size_t i = 0; i < issued_.size(); ++i)
    issued_[i] = &r.counter("latchkey_tokens_issued_total", "Tokens issued by kind.",
                            {{"kind", kIssued[i]}});
  revoked_ = &r.counter("latchkey_tokens_revoked_total",
                        "Authorizations and OAuth tokens revoked (API, RFC 7009 revocation).");
}

}  // namespace latchkey::service
