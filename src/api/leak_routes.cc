// POST /token-leaks (docs/api.md "Token leaks"): leaked-token reports from an
// operator (an admin account's token with global scope) or a secret-scanning
// partner (Latchkey-Leak-Signature: sha256=<hex HMAC-SHA256(leaks.partner_secret,
// body)>). The route authenticates itself (auth kNone in the table) because a
// partner has no token; each entry is then handled by service::TokenLeakService.
#include <boost/json.hpp>

#include "api/handlers.h"
#include "api/leak_report.h"
#include "auth/hmac.h"
#include "core/secret.h"
#include "http/credentials.h"

namespace latchkey::api {
namespace {

constexpr std::string_view kSignatureHeader = "latchkey-leak-signature";

Error unauthorized(std::string message) { return Error(ErrorCode::kUnauthorized, std::move(message)); }

// Who reports: "partner" (signature) or "operator" (admin token). Fills the
// caller into call.info for the audit trail.
Result<std::string> authenticate_reporter(Services& s, Call& call) {
  if (auto sig = call.request.header(kSignatureHeader)) {
    const std::string& secret = s.config.leaks.partner_secret;
    if (secret.empty() || !sig->starts_with("sha256="))
      return fail(unauthorized("Invalid signature."));
    const std::string expected = auth::hmac_sha256_hex(secret, call.request.body);
    if (!constant_time_equal(expected, sig->substr(7))) return fail(unauthorized("Invalid signature."));
    return std::string("partner");
  }
  const auto credentials = http::parse_authorization(call.request.header("authorization"));
  using K = http::Credentials::Kind;
  if (credentials.kind != K::kBearer && credentials.kind != K::kBasic)
    return fail(unauthorized(std::string(service::kInvalidCredentials)));
  auto principal = s.authenticator.authenticate(credentials.secret, call.info);
  if (!principal) return fail(principal.error());
  if (!principal->account.is_admin || !principal->has_scope("global"))
    return fail(Error(ErrorCode::kForbidden,
                      "Only operators (admin accounts, global scope) or signed partner reports "
                      "may report leaked tokens."));
  call.info.actor_id = principal->account.id;
  call.info.authorization_id = principal->authorization.id;
  call.info.token_prefix = principal->authorization.token_hash.substr(0, 8);
  call.principal = std::move(*principal);
  return std::string("operator");
}

}  // namespace

Result<Reply> token_leaks_report(Services& s, Call& call) {
  auto reporter = authenticate_reporter(s, call);
  if (!reporter) return fail(reporter.error());
  auto reports = parse_leak_report(call.request.body, static_cast<std::size_t>(s.config.leaks.max_entries));
  if (!reports) return fail(reports.error());
  auto outcomes = s.leaks.report(*reports, call.info, *reporter);
  if (!outcomes) return fail(outcomes.error());
  boost::json::array items;
  for (const auto& o : *outcomes) {
    boost::json::object item{{"token", o.label}, {"type", o.kind}, {"status", o.status}};
    if (o.status == "invalid") item["message"] = "not a Latchkey token";
    items.push_back(std::move(item));
  }
  return json_reply(200, items);
}

}  // namespace latchkey::api
