// Dashboard: Sessions (/dashboard/sessions...) — where the account is signed
// in, with a sign-out per session and one for every session but this browser —
// and Activity (/dashboard/activity) — the account's security events, newest
// first, in plain words. Both call the same services as the API's
// /oauth/sessions (SessionService) and read the audit trail (ActivityService).
#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include <boost/json.hpp>

#include "web/page_context.h"

namespace latchkey::web {
namespace {

constexpr std::string_view kSessionsPath = "/dashboard/sessions";
constexpr std::string_view kActivityPath = "/dashboard/activity";
constexpr std::string_view kEndOthersBinding = "dash|end-other-sessions";
// The audit reason of sessions ended by "Sign out all other sessions".
constexpr std::string_view kEndOthersReason = "session.end_others";
constexpr std::size_t kMaxIdLength = 64;  // uuids are 36; anything longer names no session


using Words = std::pair<std::string_view, std::string_view>;

// --- formatting -----------------------------------------------------------------


// At most `max` bytes of `text`, never cutting a UTF-8 sequence, "…" if cut.
std::string shorten(std::string_view text, std::size_t max) {
  if (text.size() <= max) return std::string(text);
  std::size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + "…";
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

template <std::size_t N>
std::string_view first_match(std::string_view haystack, const std::array<Words, N>& table) {
  for (const auto& [needle, name] : table)
    if (haystack.find(needle) != std::string_view::npos) return name;
  return {};
}

// Order matters: Edge and Opera also say Chrome, Chrome also says Safari; the
// Heroku CLI also says node; Android also says Linux, iPhones also say Mac OS X.
constexpr auto kPrograms = std::to_array<Words>({{"edg/", "Edge"},
                                          {"opr/", "Opera"},
                                          {"firefox/", "Firefox"},
                                          {"chrome/", "Chrome"},
                                          {"safari/", "Safari"},
                                          {"heroku", "Heroku CLI"},
                                          {"latchkey", "Latchkey CLI"},
                                          {"curl/", "curl"},
                                          {"node", "Node.js"}});
constexpr auto kSystems = std::to_array<Words>({{"android", "Android"},
                                          {"iphone", "iPhone"},
                                          {"ipad", "iPad"},
                                          {"windows", "Windows"},
                                          {"win32", "Windows"},
                                          {"mac os x", "macOS"},
                                          {"darwin", "macOS"},
                                          {"cros", "ChromeOS"},
                                          {"linux", "Linux"},
                                          {"freebsd", "FreeBSD"}});

// "Firefox on Linux" from a User-Agent; an unknown program's own text, shortened.
std::string device_name(std::string_view user_agent) {
  if (user_agent.empty()) return "Unknown program";
  const std::string ua = lower(user_agent);
  const std::string_view program = first_match(ua, kPrograms);
  if (program.empty()) return shorten(user_agent, 40);
  const std::string_view system = first_match(ua, kSystems);
  return system.empty() ? std::string(program) : std::string(program) + " on " + std::string(system);
}

http::Response refused(PageContext& ctx) {
  return ctx.error_page(403, "Request refused", "This form expired or came from another site.");
}

http::Response not_allowed(PageContext& ctx) {
  return ctx.error_page(405, "Method not allowed", "This page does not accept that method.");
}

http::Response not_found(PageContext& ctx) {
  return ctx.error_page(404, "Not found", "There is no page at this address.");
}

bool is_post(const PageContext& ctx) { return ctx.request.method == "POST"; }
bool is_get(const PageContext& ctx) { return ctx.request.method == "GET" || ctx.request.method == "HEAD"; }

// --- Sessions -------------------------------------------------------------------

std::string end_binding(std::string_view id) { return "dash|end-session|" + std::string(id); }

bool is_current(const PageContext& ctx, const model::Session& s) { return s.id == ctx.signed_in_session().session.id; }

// This browser first, then the other browsers, then command-line logins; the
// newest sign-in first within each.
void sort_for_display(const PageContext& ctx, std::vector<model::Session>& sessions) {
  const auto rank = [&](const model::Session& s) {
    return std::pair(is_current(ctx, s) ? 0 : s.kind == "browser" ? 1 : 2, -s.created_at);
  };
  std::ranges::stable_sort(sessions, {}, rank);
}

void fill_session_row(PageContext& ctx, const model::Session& s, ctemplate::TemplateDictionary& row) {
  const bool browser = s.kind == "browser";
  const bool pending = browser && s.stage != "full";
  row.SetValue("ID", s.id);
  row.SetValue("KIND", browser ? "Browser" : "Command line");
  row.SetValue("DEVICE", device_name(s.user_agent));
  row.SetValue("USER_AGENT", s.user_agent);
  if (!browser && !s.description.empty())
    row.AddSectionDictionary("DESCRIPTION")->SetValue("DESCRIPTION_TEXT", s.description);
  row.SetValue("IP", s.created_ip.empty() ? std::string("—") : s.created_ip);
  row.SetValue("LOCATION", ctx.s.locator.describe(s.created_ip));
  row.SetValue("SIGNED_IN", pending ? std::string("Waiting for second factor") : display_time(s.created_at));
  row.SetValue("LAST_ACTIVITY", s.last_seen_at ? display_time(*s.last_seen_at) : std::string("Not recorded"));
  if (pending) row.ShowSection("PENDING");
  if (is_current(ctx, s)) {
    row.ShowSection("CURRENT");
    return;
  }
  auto* end = row.AddSectionDictionary("END");
  end->SetValue("ACTION", std::string(kSessionsPath) + "/" + s.id + "/end");
  end->SetValue("CSRF", ctx.csrf_token(end_binding(s.id)));
}

// The sessions page; `flash` (an error) replaces the carried one.
http::Response sessions_page(PageContext& ctx, int status, std::optional<Flash> flash = std::nullopt) {
  auto sessions = ctx.s.login_sessions.list(ctx.signed_in_session().account);
  if (!sessions) return ctx.service_error(sessions.error());
  // Timed-out sessions still have rows until their cookie comes back; they
  // are no longer signed in, so they are not listed.
  std::erase_if(*sessions, [&](const model::Session& s) { return ctx.s.sessions.timed_out(s); });
  sort_for_display(ctx, *sessions);
  ctemplate::TemplateDictionary d("dashboard_sessions");
  d.SetValue("END_OTHERS_CSRF", ctx.csrf_token(kEndOthersBinding));
  if (sessions->empty()) d.ShowSection("NO_SESSIONS");
  else d.ShowSection("SESSION_TABLE");
  for (const auto& s : *sessions) {
    fill_session_row(ctx, s, *d.AddSectionDictionary("SESSION"));
    if (!is_current(ctx, s)) d.ShowSection("HAS_OTHERS");
  }
  if (flash) ctx.carried_flash = std::move(flash);
  return ctx.dashboard_page(status, "sessions", "dashboard_sessions", d, "Sessions");
}

http::Response end_session(PageContext& ctx, const std::string& id) {
  // Found first, so that another account's (or no) session is a 404 whatever
  // the form carried; the CSRF token then guards the change itself.
  auto found = ctx.s.login_sessions.get(ctx.principal(), id);
  if (!found) return ctx.service_error(found.error());
  if (!ctx.csrf_ok(end_binding(found->id))) return refused(ctx);
  if (is_current(ctx, *found))
    return sessions_page(ctx, 400, Flash{Flash::Kind::kError, "That is the session you are using now. "
                                                              "Use Sign out at the top of the page."});
  auto removed = ctx.s.login_sessions.remove(ctx.principal(), found->id, ctx.info);
  if (!removed) return ctx.service_error(removed.error());
  return ctx.redirect_with(std::string(kSessionsPath), {Flash::Kind::kNotice, "Session ended."});
}

http::Response end_other_sessions(PageContext& ctx) {
  if (!ctx.csrf_ok(kEndOthersBinding)) return refused(ctx);
  const auto& account_id = ctx.signed_in_session().account.id;
  const std::optional<std::string> keep = ctx.signed_in_session().session.id;
  for (std::string_view kind : {"browser", "cli"})
    if (auto ok = ctx.s.login_sessions.end_others(account_id, keep, kind, kEndOthersReason, ctx.info); !ok)
      return ctx.service_error(ok.error());
  return ctx.redirect_with(std::string(kSessionsPath),
                           {Flash::Kind::kNotice, "Signed out of all other sessions."});
}

// "/{id}/end" → id; nullopt for anything else.
std::optional<std::string> end_target(std::string_view tail) {
  constexpr std::string_view kEnd = "/end";
  if (!tail.starts_with('/') || !tail.ends_with(kEnd) || tail.size() <= 1 + kEnd.size()) return std::nullopt;
  const std::string_view id = tail.substr(1, tail.size() - 1 - kEnd.size());
  if (id.size() > kMaxIdLength || id.find('/') != std::string_view::npos) return std::nullopt;
  return std::string(id);
}

// --- Activity -------------------------------------------------------------------

// Audit actions (service/*.cc, web/sign_in_pages.cc) and the values of their
// "reason" and "purpose" details, in plain words. Unknown ones show as they are.
constexpr auto kPlainWords = std::to_array<Words>({
    {"authz.denied", "Access refused (missing scope or permission)"},
    {"account.created", "Account created"},
    {"account.created_admin", "Administrator account created"},
    {"account.deleted", "Account deleted"},
    {"account.disabled", "Account disabled by an administrator"},
    {"account.enabled", "Account enabled by an administrator"},
    {"account.signup_duplicate", "Someone tried to sign up with your email address"},
    {"api_key.created", "API key created"},
    {"api_key.revealed", "API key revealed"},
    {"api_key.regenerated", "API key regenerated"},
    {"app.created", "App created"},
    {"app.updated", "App changed"},
    {"app.destroyed", "App deleted"},
    {"app.restarted", "App restarted"},
    {"authorization.created", "Authorization created"},
    {"authorization.revoked", "Authorization revoked"},
    {"authorization.rotated", "Authorization tokens regenerated"},
    {"client.created", "API client created"},
    {"client.updated", "API client updated"},
    {"client.rotated", "API client secret regenerated"},
    {"client.deleted", "API client deleted"},
    {"collaborator.added", "Collaborator added to an app"},
    {"collaborator.updated", "Collaborator permissions changed"},
    {"collaborator.removed", "Collaborator removed from an app"},
    {"config_vars.changed", "Config vars changed"},
    {"device.approved", "Device sign-in approved"},
    {"device.denied", "Device sign-in denied"},
    {"device.user_code_failed", "Wrong device code entered"},
    {"git.push", "Code pushed with git"},
    {"login.failed", "Sign-in failed (wrong password)"},
    {"login.succeeded", "Signed in (command line or API)"},
    {"login.throttled", "Sign-in refused (too many attempts)"},
    {"account.locked", "Account locked after too many failed sign-ins"},
    {"git.auth_failed", "git sign-in failed (bad or revoked token)"},
    {"token.new_ip", "Token used from a new address"},
    {"token.leaked_revoked", "Token found in public and revoked"},
    {"authorization.expiring", "Authorization expires soon"},
    {"mfa.enrolment_started", "Two-factor setup started"},
    {"mfa.enrolment_discarded", "Two-factor setup discarded (too many wrong codes)"},
    {"mfa.enabled", "Two-factor authentication turned on"},
    {"mfa.replaced", "Authenticator app replaced"},
    {"mfa.disabled", "Two-factor authentication turned off"},
    {"mfa.failed", "Wrong second-factor code"},
    {"mfa.throttled", "Second-factor attempts paused (too many wrong codes)"},
    {"mfa.recovery_code_used", "Recovery code used"},
    {"mfa.recovery_codes_regenerated", "Recovery codes regenerated"},
    {"mfa.reset_by_operator", "Two-factor authentication removed by an administrator"},
    {"oauth.consent_granted", "Application access approved"},
    {"oauth.token_issued", "Application token issued"},
    {"oauth.token_refreshed", "Application token refreshed"},
    {"oauth.token_revoked", "Application token revoked"},
    {"oauth.code_reuse_detected", "Authorization code used twice: access revoked"},
    {"oauth.refresh_reuse_detected", "Refresh token used twice: access revoked"},
    {"oauth.consent_withdrawn", "Application access revoked"},
    {"password.changed", "Password changed"},
    {"reauthentication.failed", "Password confirmation failed"},
    {"reauthentication.succeeded", "Password confirmed"},
    {"session.started", "Signed in (password)"},
    {"session.password_ok", "Password accepted, waiting for second factor"},
    {"session.reauthenticated", "Password confirmed"},
    {"session.cli_login", "Signed in (command line)"},
    {"session.ended", "Signed out"},
    {"session.expired", "Session expired"},
    {"session.idle_timeout", "Session timed out (inactive)"},
    {"session.revoked", "Session ended"},
    {"team.created", "Team created"},
    {"team.member_set", "Team member added or role changed"},
    {"team.member_removed", "Team member removed"},
    // reasons
    {"session.end_others", "All other sessions signed out"},
    {"hidden", "No access to it at all"},
    {"scope", "The token's scope does not allow it"},
    {"permission", "A permission is missing"},
    {"wrong_code", "Wrong code"},
    {"replay", "Code already used"},
    {"enrolment", "During setup"},
    // purposes
    {"reauth", "Sensitive action in the dashboard"},
    {"api_key.reveal", "Reveal the API key"},
    {"mfa.disable", "Turn off two-factor authentication"},
    {"password.change", "Change the password"},
    {"account.delete", "Delete the account"},
    // (the other reasons are actions above: "password.changed", "mfa.enabled", ...)
});

std::string plain_words(std::string_view key) {
  for (const auto& [k, text] : kPlainWords)
    if (k == key) return std::string(text);
  return std::string(key);
}

// Details worth showing: short, never sensitive; translated values are
// action-like names (a reason, a purpose).
struct DetailField {
  std::string_view key;
  std::string_view label;
  bool translate;
};
constexpr auto kDetailFields = std::to_array<DetailField>({{"description", "", false},
                                                     {"name", "", false},
                                                     {"scope", "Scope: ", false},
                                                     {"purpose", "For: ", true},
                                                     {"app", "App: ", false},
                                                     {"team", "Team: ", false},
                                                     {"user", "User: ", false},
                                                     {"action", "Action: ", false},
                                                     {"subject", "On: ", false},
                                                     {"missing", "Missing: ", false},
                                                     {"reason", "Reason: ", true}});

boost::json::object parse_detail(std::string_view detail) {
  boost::system::error_code ec;
  auto v = boost::json::parse(detail, ec);
  if (ec || !v.is_object()) return {};
  return std::move(v.as_object());
}

std::string details_text(const boost::json::object& detail) {
  std::string out;
  for (const auto& f : kDetailFields) {
    const auto* v = detail.if_contains(f.key);
    if (!v || !v->is_string() || v->as_string().empty()) continue;
    const std::string_view raw = v->as_string();
    const std::string value = f.translate ? plain_words(raw) : shorten(raw, 60);
    if (!out.empty()) out += " · ";
    out += std::string(f.label) + (f.label.empty() ? "“" + value + "”" : value);
  }
  return out;
}

std::string event_description(const model::AuditEvent& e, const boost::json::object& detail) {
  const auto* factor = detail.if_contains("second_factor");
  if (e.action == "session.started" && factor && factor->is_bool() && factor->as_bool())
    return "Signed in (password and second factor)";
  return plain_words(e.action);
}

void fill_event_row(PageContext& ctx, const model::AuditEvent& e, ctemplate::TemplateDictionary& row) {
  const auto detail = parse_detail(e.detail);
  row.SetValue("WHEN", display_time(e.created_at, true));
  row.SetValue("WHEN_ISO", format_time(e.created_at));
  row.SetValue("DESCRIPTION", event_description(e, detail));
  row.SetValue("IP", e.ip.empty() ? std::string("—") : e.ip);
  if (!e.ip.empty()) row.SetValueAndShowSection("LOCATION", ctx.s.locator.describe(e.ip), "LOCATED");
  row.SetValue("DETAILS", details_text(detail));
}

// ?page=N (1-based); anything else, including nothing, is page 1.
int requested_page(const PageContext& ctx) {
  const std::string_view text = ctx.query.get("page").value_or("");
  int page = 1;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), page);
  if (ec != std::errc() || end != text.data() + text.size() || page < 1) return 1;
  return page;
}

std::string activity_url(int page) {
  return page <= 1 ? std::string(kActivityPath) : std::string(kActivityPath) + "?page=" + std::to_string(page);
}

void fill_pager(const service::ActivityPage& p, ctemplate::TemplateDictionary& d) {
  if (p.page <= 1 && !p.has_next) return;
  auto* pager = d.AddSectionDictionary("PAGER");
  if (p.page > 1) pager->SetValueAndShowSection("NEWER_URL", activity_url(p.page - 1), "NEWER");
  if (p.has_next) pager->SetValueAndShowSection("OLDER_URL", activity_url(p.page + 1), "OLDER");
}

}  // namespace

http::Response WebHandler::dashboard_sessions(PageContext& ctx, std::string_view rest) {
  const std::string_view tail = rest.substr(std::string_view("/sessions").size());
  if (tail.empty()) return is_get(ctx) ? sessions_page(ctx, 200) : not_allowed(ctx);
  if (tail == "/end-others") return is_post(ctx) ? end_other_sessions(ctx) : not_allowed(ctx);
  if (auto id = end_target(tail)) return is_post(ctx) ? end_session(ctx, *id) : not_allowed(ctx);
  return not_found(ctx);
}

http::Response WebHandler::dashboard_activity(PageContext& ctx, std::string_view rest) {
  if (rest != "/activity") return not_found(ctx);
  if (!is_get(ctx)) return not_allowed(ctx);
  auto page = s_.activity.page(ctx.signed_in_session().account, requested_page(ctx));
  if (!page) return ctx.service_error(page.error());
  ctemplate::TemplateDictionary d("dashboard_activity");
  d.SetIntValue("PAGE", page->page);
  if (page->events.empty())
    d.SetValueAndShowSection("NO_EVENTS_TEXT", page->page == 1 ? "No activity yet." : "No older activity.",
                             "NO_EVENTS");
  else d.ShowSection("EVENT_TABLE");
  for (const auto& e : page->events) fill_event_row(ctx, e, *d.AddSectionDictionary("EVENT"));
  fill_pager(*page, d);
  return ctx.dashboard_page(200, "activity", "dashboard_activity", d, "Activity");
}

}  // namespace latchkey::web
