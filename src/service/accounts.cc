#include "service/accounts.h"

#include <algorithm>
#include <cctype>

#include "core/json_text.h"
#include "service/audit.h"

namespace latchkey::service {
namespace {

Error bad_login() { return Error(ErrorCode::kUnauthorized, std::string(kBadLogin)); }

}  // namespace

AccountService::AccountService(Deps deps, const config::Config& config, LoginThrottle& throttle,
                               AuthorizationService& authorizations, SessionService& sessions)
    : deps_(deps), config_(config), throttle_(throttle), authorizations_(authorizations),
      sessions_(sessions) {}

auth::Argon2Params AccountService::params() const {
  return {static_cast<unsigned>(config_.passwords.argon2_memory_kib),
          static_cast<unsigned>(config_.passwords.argon2_iterations)};
}

std::string AccountService::normalize_email(std::string_view email) {
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.front()))) email.remove_prefix(1);
  while (!email.empty() && std::isspace(static_cast<unsigned char>(email.back()))) email.remove_suffix(1);
  std::string out(email);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool AccountService::valid_email(std::string_view e) {
  if (e.size() < 3 || e.size() > 254) return false;
  const auto at = e.find('@');
  if (at == std::string_view::npos || at == 0 || at != e.rfind('@')) return false;
  const auto domain = e.substr(at + 1);
  if (domain.empty() || domain.front() == '.' || domain.back() == '.') return false;
  for (unsigned char c : e)
    if (c <= 0x20 || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' || c == ',')
      return false;
  return true;
}

void AccountService::warm_up() const { (void)auth::dummy_password_hash(params()); }

Result<Secret> AccountService::acceptable_password(const std::string& password,
                                                   const std::string& email) {
  // Bound the work before normalising (a 4-byte code point per character at most).
  if (password.size() > static_cast<std::size_t>(config_.passwords.max_length) * 4)
    return fail(invalid_params("Password must be at most " +
                                   std::to_string(config_.passwords.max_length) + " characters.",
                               "password_too_long"));
  auto normalized = auth::normalize_password(password);
  if (!normalized) return normalized;
  auth::PasswordPolicy policy{config_.password_min_length(), config_.passwords.max_length};
  auth::PasswordContext context;
  context.words.push_back(email.substr(0, email.find('@')));
  if (auto ok = auth::check_password(*normalized, policy, context); !ok) return fail(ok.error());
  return normalized;
}

Result<model::Account> AccountService::create_user(const SignUp& request, bool is_admin,
                                                   const RequestInfo& info) {
  const std::string email = normalize_email(request.email);
  if (!valid_email(email)) return fail(invalid_params("Please enter a valid email address.", "invalid_email"));
  if (request.name.size() > 255) return fail(invalid_params("Name must be at most 255 characters."));
  auto password = acceptable_password(request.password, email);
  if (!password) return fail(password.error());
  auto hash = auth::hash_password(*password, params());
  if (!hash) return fail(hash.error());
  const UnixTime now = deps_.clock.now();
  model::Account a;
  a.id = new_uuid(deps_.random);
  a.email = email;
  a.name = request.name;
  a.password_hash = std::move(*hash);
  a.is_admin = is_admin;
  a.created_at = a.updated_at = now;
  const auto event = audit_event(deps_, a.id, is_admin ? "account.created_admin" : "account.created",
                                 info, "{\"email\":" + json_quote(email) + "}");
  if (auto ok = deps_.store.accounts().create(a, event); !ok) {
    if (ok.error().code == ErrorCode::kConflict)
      return fail(invalid_params("That email address is already registered.", "email_taken"));
    return fail(ok.error());
  }
  // The API key; if this fails it is created on first use (ensure_api_key).
  (void)authorizations_.ensure_api_key(a, info);
  return a;
}

Result<std::optional<model::Account>> AccountService::sign_up(const SignUp& request,
                                                             const RequestInfo& info) {
  if (config_.accounts.signup != "open")
    return fail(Error(ErrorCode::kForbidden, "signup_closed",
                      "Sign-up is not open on this server. Ask an administrator for an account."));
  auto created = create_user(request, false, info);
  if (created) return std::optional<model::Account>(std::move(*created));
  if (created.error().id != "email_taken") return fail(created.error());
  auto owner = deps_.store.accounts().find_by_email(normalize_email(request.email));
  if (owner)
    (void)deps_.store.audit().append(
        audit_event(deps_, owner->id, "account.signup_duplicate", info));
  return std::optional<model::Account>();
}

Result<model::Account> AccountService::verify_password(const std::string& email_in,
                                                       const std::string& password,
                                                       const RequestInfo& info) {
  const std::string email = normalize_email(email_in);
  if (auto ok = throttle_.check(email, info.ip); !ok) {
    if (ok.error().code == ErrorCode::kThrottled) {
      note(deps_.metrics, LoginOutcome::kThrottled);
      // The account's owner (and operators) see the refused attempts.
      if (auto owner = deps_.store.accounts().find_by_email(email))
        (void)deps_.store.audit().append(audit_event(deps_, owner->id, "login.throttled", info));
    }
    return fail(ok.error());
  }
  auto account = deps_.store.accounts().find_by_email(email);
  if (!account && account.error().code != ErrorCode::kNotFound) return fail(account.error());
  const bool too_long = password.size() > static_cast<std::size_t>(config_.passwords.max_length) * 4;
  auto normalized = too_long ? Result<Secret>(fail(bad_login())) : auth::normalize_password(password);
  // Always pay for one verification, against a dummy hash for unknown accounts,
  // so the response time does not tell whether the email exists (S08).
  const std::string& phc = account ? account->password_hash : auth::dummy_password_hash(params());
  const bool match = auth::verify_password(phc, normalized ? *normalized : Secret("\x01"));
  if (!account || !normalized || !match || account->disabled) {
    auto locked = throttle_.record_failure(email, info.ip);
    if (!locked) return fail(locked.error());
    if (account) {
      const char* reason = account->disabled && match ? "disabled" : "wrong_password";
      (void)deps_.store.audit().append(audit_event(deps_, account->id, "login.failed", info,
                                                   std::string("{\"reason\":\"") + reason + "\"}"));
      if (*locked) (void)deps_.store.audit().append(audit_event(deps_, account->id, "account.locked", info));
    } else {
      // No subject: operators see it (credential stuffing shows up here). The
      // address is kept only when it looks like one, in case a password was
      // typed into the email field.
      (void)deps_.store.audit().append(audit_event(
          deps_, "", "login.failed", info,
          "{\"reason\":\"unknown_account\",\"email\":" +
              json_quote(valid_email(email) ? email : "(not an email address)") + "}"));
    }
    note(deps_.metrics, !account ? LoginOutcome::kUnknownAccount : account->disabled ? LoginOutcome::kDisabled : LoginOutcome::kBadPassword);
    return fail(bad_login());
  }
  if (auto ok = throttle_.record_success(email); !ok) return fail(ok.error());
  const std::string verified_hash = account->password_hash;
  const UnixTime now = deps_.clock.now();
  account->last_login = now;
  if (auth::needs_rehash(account->password_hash, params())) {
    if (auto rehashed = auth::hash_password(*normalized, params())) account->password_hash = *rehashed;
  }
  // Only while the row still holds the hash just verified and is enabled: a
  // password change or a disable that committed during the check wins.
  if (auto ok = deps_.store.accounts().record_login(account->id, now, verified_hash,
                                                   account->password_hash);
      !ok) {
    if (ok.error().code != ErrorCode::kConflict && ok.error().code != ErrorCode::kNotFound)
      return fail(ok.error());
    note(deps_.metrics, LoginOutcome::kBadPassword);
    return fail(bad_login());
  }
  note(deps_.metrics, LoginOutcome::kSuccess);
  return account;
}

void AccountService::record_login(const model::Account& account, std::string_view method,
                                  const RequestInfo& info) {
  (void)deps_.store.audit().append(audit_event(deps_, account.id, "login.succeeded", info,
                                               "{\"method\":" + json_quote(method) + "}"));
}

void AccountService::record_reauthentication(const model::Account& account, std::string_view purpose,
                                             const RequestInfo& info) {
  (void)deps_.store.audit().append(audit_event(deps_, account.id, "reauthentication.succeeded", info,
                                               "{\"purpose\":" + json_quote(purpose) + "}"));
}

Result<model::Account> AccountService::update_name(const model::Account& account,
                                                   const std::string& name) {
  if (name.size() > 255) return fail(invalid_params("Name must be at most 255 characters."));
  for (unsigned char c : name)
    if (c < 0x20 || c == 0x7f) return fail(invalid_params("Name must not contain control characters."));
  model::Account updated = account;
  updated.name = name;
  updated.updated_at = deps_.clock.now();
  if (auto ok = deps_.store.accounts().set_name(account.id, name, updated.updated_at); !ok) return fail(ok.error());
  deps_.cache.invalidate_account(account.id);
  return updated;
}

Status AccountService::confirm_password(const model::Account& account, const std::string& password,
                                        std::string_view purpose, const RequestInfo& info) {
  if (auto ok = throttle_.check(account.email, info.ip); !ok) return ok;
  auto normalized = password.size() > static_cast<std::size_t>(config_.passwords.max_length) * 4
                        ? Result<Secret>(fail(bad_login()))
                        : auth::normalize_password(password);
  if (!normalized || !auth::verify_password(account.password_hash, *normalized)) {
    auto locked = throttle_.record_failure(account.email, info.ip);
    if (!locked) return fail(locked.error());
    (void)deps_.store.audit().append(audit_event(deps_, account.id, "reauthentication.failed", info,
                                                 "{\"purpose\":" + json_quote(purpose) + "}"));
    if (*locked) (void)deps_.store.audit().append(audit_event(deps_, account.id, "account.locked", info));
    return fail(Error(ErrorCode::kForbidden, "The current password is not correct."));
  }
  return throttle_.record_success(account.email);
}

Status AccountService::change_password(const model::Account& account, const std::string& current,
                                       const std::string& replacement, const RequestInfo& info) {
  if (auto ok = confirm_password(account, current, "password.change", info); !ok) return ok;
  auto password = acceptable_password(replacement, account.email);
  if (!password) return fail(password.error());
  auto hash = auth::hash_password(*password, params());
  if (!hash) return fail(hash.error());
  const UnixTime now = deps_.clock.now();
  // Only over the hash the current password was just checked against: of two
  // concurrent changes, the second gets 409 instead of silently winning.
  if (auto ok = deps_.store.accounts().set_password(account.id, account.password_hash, *hash, now,
                                                   audit_event(deps_, account.id, "password.changed", info));
      !ok) {
    if (ok.error().code == ErrorCode::kConflict)
      return fail(Error(ErrorCode::kConflict, "password_changed",
                        "The password was changed meanwhile. Sign in again and retry."));
    return ok;
  }
  deps_.cache.invalidate_account(account.id);
  model::Account updated = account;
  updated.password_hash = std::move(*hash);
  updated.updated_at = now;
  if (config_.accounts.rotate_api_key_on_password_change) {
    if (auto r = authorizations_.regenerate(updated, std::string(kApiKeyId), info); !r)
      return fail(r.error());
  }
  // A new password signs out every browser and ends every third-party grant
  // (their refresh families die too; RFC 9700 §4.14.2), so a thief who knew
  // the old password keeps nothing. The caller's own CLI/API tokens stay.
  if (auto ok = sessions_.end_others(account.id, std::nullopt, "browser", "password.changed", info); !ok)
    return ok;
  auto grants = deps_.store.authorizations().list(account.id);
  if (!grants) return fail(grants.error());
  for (const auto& a : *grants)
    if (a.client_id)
      if (auto r = authorizations_.revoke(updated, a.id, info); !r && r.error().code != ErrorCode::kNotFound)
        return fail(r.error());
  return {};
}

Status AccountService::delete_account(const model::Account& account, const RequestInfo& info) {
  const auto event = audit_event(deps_, account.id, "account.deleted", info,
                                 "{\"email\":" + json_quote(account.email) + "}");
  if (auto ok = deps_.store.accounts().remove(account.id, event); !ok) return ok;
  deps_.cache.invalidate_account(account.id);
  return {};
}

Result<model::Account> AccountService::set_disabled(const std::string& email, bool disabled) {
  auto account = deps_.store.accounts().find_by_email(normalize_email(email));
  if (!account) return account;
  account->disabled = disabled;
  account->updated_at = deps_.clock.now();
  if (auto ok = deps_.store.accounts().set_disabled(
          account->id, disabled, account->updated_at,
          audit_event(deps_, account->id, disabled ? "account.disabled" : "account.enabled", {}));
      !ok)
    return fail(ok.error());
  deps_.cache.invalidate_account(account->id);
  return account;
}

Status AccountService::unlock(const std::string& email_in) {
  const std::string email = normalize_email(email_in);
  if (auto ok = throttle_.unlock(email); !ok) return ok;
  auto account = deps_.store.accounts().find_by_email(email);
  if (!account) return account.error().code == ErrorCode::kNotFound ? Status() : fail(account.error());
  return throttle_.record_second_factor_success(account->id);
}

}  // namespace latchkey::service
