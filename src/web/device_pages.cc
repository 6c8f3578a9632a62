// Approving a login for another device (S49–S51): the RFC 8628 verification
// page (/device: enter the code, see who asks, approve or deny) and the Heroku
// CLI's browser-login page (/auth/cli/browser/{id}). Nothing is issued until an
// explicit Approve POST from a fully signed-in session; the page shows the
// requesting IP and its approximate location (country), program and time, with a warning against phishing.
#include "auth/user_code.h"
#include "web/page_context.h"

namespace latchkey::web {
namespace {



std::optional<http::Response> mfa_missing(PageContext& ctx, const config::Config& c) {
  if (c.mfa.required && !ctx.signed_in_session().account.two_factor_enabled)
    return ctx.error_page(403, "Multi-factor authentication required",
                          "Set up multi-factor authentication before you approve logins.");
  return std::nullopt;
}

// What the CSRF token of an approve/deny form is bound to: the kind of request
// and its id, so a token for one request never answers another.
std::string decision_binding(std::string_view kind, std::string_view id) {
  return "decide|" + std::string(kind) + "|" + std::string(id);
}

http::Response enter_form(PageContext& ctx, int status, std::string_view code, std::optional<Flash> flash) {
  ctemplate::TemplateDictionary d("device");
  d.SetValue("ACTION", "/device");
  d.SetValue("CSRF", ctx.csrf_token("device"));
  // Not SetValueAndShowSection: it hides the section when the value is empty,
  // and the form must show without a prefilled code too.
  d.AddSectionDictionary("ENTER")->SetValue("USER_CODE", std::string(code));
  return ctx.page(status, "device", d, "Connect a device", std::move(flash));
}

}  // namespace

http::Response WebHandler::device_form(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.to_login();
  std::string code(ctx.query.get("user_code").value_or(""));
  if (code.size() > 16) code.clear();
  return enter_form(ctx, 200, code, std::nullopt);
}

http::Response WebHandler::device_lookup(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.to_login();
  if (!ctx.csrf_ok("device")) return ctx.error_page(403, "Request refused", "This form expired or came from another site.");
  const std::string typed(ctx.form.get("user_code").value_or(""));
  auto grant = s_.devices.lookup_user_code(typed, ctx.signed_in_session().account, ctx.signed_in_session().session.id, ctx.info);
  if (!grant) {
    const auto& e = grant.error();
    if (e.code == ErrorCode::kRateLimited) {
      auto r = ctx.error_page(429, "Too many wrong codes", e.message);
      r.set("Retry-After", std::to_string(e.retry_after));
      return r;
    }
    if (e.code == ErrorCode::kNotFound)
      return enter_form(ctx, 400, "", Flash{Flash::Kind::kError, "That code is not valid. Check it and try again."});
    return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
  }
  auto client = s_.devices.client(grant->client_id);
  ctemplate::TemplateDictionary d("device");
  d.SetValue("ACTION", "/device/decision");
  d.SetValue("CSRF", ctx.csrf_token(decision_binding("device", grant->id)));
  auto* c = d.AddSectionDictionary("CONFIRM");
  c->SetValue("USER_CODE", auth::format_user_code(grant->user_code.value_or("")));
  c->SetValue("REQUEST_ID", grant->id);
  c->SetValue("CLIENT_NAME", client ? client->name : std::string("Unknown application"));
  for (const auto& scope : grant->scope) {
    auto* row = c->AddSectionDictionary("SCOPE");
    row->SetValue("SCOPE_NAME", scope);
    row->SetValue("SCOPE_DESCRIPTION", std::string(service::describe_scope(scope)));
  }
  c->SetValue("REMOTE_ADDR", grant->requester_ip);
  c->SetValue("LOCATION", s_.locator.describe(grant->requester_ip));
  c->SetValue("USER_AGENT", grant->requester_ua.empty() ? std::string("(not given)") : grant->requester_ua);
  c->SetValue("REQUESTED_AT", display_time(grant->created_at));
  return ctx.page(200, "device", d, "Approve device sign-in?");
}

http::Response WebHandler::device_decision(PageContext& ctx) {
  const std::string id(ctx.form.get("request_id").value_or(""));
  return decide_page(ctx, "device", id, {"Device connected", "You can return to your device now."},
                     {"Request denied", "Nothing was shared. You can close this window."});
}

http::Response WebHandler::cli_login_page(PageContext& ctx) {
  if (!ctx.signed_in()) return ctx.to_login();
  const std::string id(std::string_view(ctx.request.path).substr(service::kCliBrowserPrefix.size()));
  auto grant = s_.devices.find_pending(id, "browser");
  if (!grant) return ctx.error_page(404, "Login request not found", "It was already answered or has expired. Run the login command again.");
  ctemplate::TemplateDictionary d("cli_login");
  d.SetValue("ACTION", ctx.request.path);
  d.SetValue("CSRF", ctx.csrf_token(decision_binding("browser", grant->id)));
  d.SetValue("REQUEST_ID", grant->id);
  d.SetValue("CLIENT", "Command-line login");
  d.SetValue("HOST", grant->description);
  d.SetValue("REMOTE_ADDR", grant->requester_ip);
  d.SetValue("LOCATION", s_.locator.describe(grant->requester_ip));
  d.SetValue("USER_AGENT", grant->requester_ua.empty() ? std::string("(not given)") : grant->requester_ua);
  d.SetValue("REQUESTED_AT", display_time(grant->created_at));
  d.SetValue("LIFETIME", "The login lasts one year, until you log out.");
  return ctx.page(200, "cli_login", d, "Approve command-line login?");
}

http::Response WebHandler::cli_login_decision(PageContext& ctx) {
  const std::string id(std::string_view(ctx.request.path).substr(service::kCliBrowserPrefix.size()));
  return decide_page(ctx, "browser", id, {"Logged in", "You can close this window and return to your terminal."},
                     {"Login denied", "The command line was not logged in. You can close this window."});
}

http::Response WebHandler::decide_page(PageContext& ctx, std::string_view kind, const std::string& id,
                                       const Outcome& approved, const Outcome& denied) {
  if (!ctx.signed_in()) return ctx.to_login();
  if (!ctx.csrf_ok(decision_binding(kind, id)))
    return ctx.error_page(403, "Request refused", "This form expired or came from another site.");
  auto grant = s_.devices.find_pending(id, kind);
  if (!grant) return ctx.error_page(410, "Request expired", "This request was already answered or has expired.");
  const bool approve = ctx.form.get("decision") == "approve";
  if (approve)
    if (auto page = mfa_missing(ctx, s_.config)) return *page;
  if (auto ok = s_.devices.decide(*grant, approve, ctx.signed_in_session().account, ctx.info); !ok) {
    if (ok.error().code == ErrorCode::kGone) return ctx.error_page(410, "Request expired", ok.error().message);
    return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
  }
  const Outcome& shown = approve ? approved : denied;
  return ctx.message_page(shown.heading, shown.message);
}

}  // namespace latchkey::web
