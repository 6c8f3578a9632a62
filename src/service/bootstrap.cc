#include "service/bootstrap.h"

#include "auth/token.h"

namespace latchkey::service {
namespace {

constexpr const char* kPurpose = "bootstrap";

Error gone() {
  return Error(ErrorCode::kGone, "This bootstrap secret was already used or has expired. "
                                 "Restart the server with an empty database for a new one, or "
                                 "use `latchkeyd admin create-user --admin`.");
}

}  // namespace

Result<std::optional<std::string>> BootstrapService::issue_if_empty() {
  auto n = deps_.store.accounts().count();
  if (!n) return fail(n.error());
  if (*n > 0) return std::optional<std::string>();
  std::string secret = auth::generate_token(auth::TokenKind::kSession, deps_.random);
  model::OneTimeSecret s;
  s.hash = auth::hash_token(secret);
  s.purpose = kPurpose;
  s.created_at = deps_.clock.now();
  s.expires_at = s.created_at + ttl_seconds_;
  if (auto ok = deps_.store.one_time_secrets().put(s); !ok) return fail(ok.error());
  return std::optional<std::string>(std::move(secret));
}

Result<model::Account> BootstrapService::redeem(const std::string& secret, const SignUp& admin,
                                                const RequestInfo& info) {
  if (!auth::parse_token(secret))
    return fail(Error(ErrorCode::kUnauthorized, "That is not a valid bootstrap secret."));
  auto n = deps_.store.accounts().count();
  if (!n) return fail(n.error());
  if (*n > 0) return fail(gone());
  // Validate before consuming, so a typo in the password does not burn the secret.
  const std::string email = AccountService::normalize_email(admin.email);
  if (!AccountService::valid_email(email))
    return fail(invalid_params("Please enter a valid email address.", "invalid_email"));
  if (auto ok = accounts_.acceptable_password(admin.password, email); !ok) return fail(ok.error());
  auto used = deps_.store.one_time_secrets().consume(auth::hash_token(secret), kPurpose,
                                                     deps_.clock.now());
  if (!used) {
    if (used.error().code == ErrorCode::kGone) return fail(gone());
    if (used.error().code == ErrorCode::kNotFound)
      return fail(Error(ErrorCode::kUnauthorized, "That is not a valid bootstrap secret."));
    return fail(used.error());
  }
  return accounts_.create_user(admin, true, info);
}

}  // namespace latchkey::service
