// Dashboard: Applications — three pages under one navigation entry:
//  /dashboard/authorizations            the account's API tokens: create, rotate, revoke
//  /dashboard/authorized-applications   third-party clients it approved: revoke access
//  /dashboard/clients                   OAuth clients it registered: register, rotate secret, delete
// Object actions live at /dashboard/<page>/<id>/<action>; destructive ones
// (revoke, delete) show a confirmation page on GET and act on POST. Every POST
// carries a CSRF token bound to the action and the object. The services are
// the API's: same rules, same errors.
#include <algorithm>
#include <array>
#include <charconv>

#include "core/clock.h"
#include "web/dashboard_pages.h"
#include "web/page_context.h"

namespace latchkey::web {
namespace {

constexpr std::string_view kSection = "authorizations";
constexpr std::string_view kAuthzUrl = "/dashboard/authorizations";
constexpr std::string_view kAppsUrl = "/dashboard/authorized-applications";
constexpr std::string_view kClientsUrl = "/dashboard/clients";

// Kinds of the one-time secrets these pages show (PageContext::stash_secret).
constexpr std::string_view kTokenSecret = "authorization-token";
constexpr std::string_view kClientSecret = "client-secret";

// --- small helpers --------------------------------------------------------------


std::string when_or_never(const std::optional<UnixTime>& t) { return t ? display_time(*t) : "Never"; }

std::string scope_text(const std::vector<std::string>& scope) {
  std::string out;
  for (const auto& s : scope) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Ids in paths are uuids; anything else (too long, "~", odd characters) is
// refused before it reaches a service.
bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
  });
}

std::string object_url(std::string_view base, std::string_view id, std::string_view action) {
  return std::string(base) + "/" + std::string(id) + "/" + std::string(action);
}

// What a form's CSRF token is bound to: the action and the object it acts on.
std::string binding(std::string_view action, std::string_view id = {}) {
  return "dash|" + std::string(action) + (id.empty() ? "" : "|" + std::string(id));
}

http::Response refused(PageContext& ctx) {
  return ctx.error_page(403, "Request refused", "This form expired or came from another site.");
}

http::Response no_page(PageContext& ctx) {
  return ctx.error_page(404, "Not found", "There is no page at this address.");
}

void add_tabs(ctemplate::TemplateDictionary& d, std::string_view current) {
  static constexpr std::pair<std::string_view, std::string_view> kTabs[] = {
      {kAuthzUrl, "Authorizations"}, {kAppsUrl, "Authorized applications"}, {kClientsUrl, "API clients"}};
  auto* tabs = d.AddIncludeDictionary("TABS");
  tabs->SetFilename("dashboard_app_tabs");
  for (const auto& [url, label] : kTabs) {
    auto* tab = tabs->AddSectionDictionary("TAB");
    tab->SetValue("TAB_URL", std::string(url));
    tab->SetValue("TAB_LABEL", std::string(label));
    if (url == current) tab->ShowSection("TAB_CURRENT");
  }
}



// Bad input, nothing changed: the page again with 422, the form as sent and
// the error as a flash.
template <typename Page, typename Form>
http::Response rejected(PageContext& ctx, Page page, const Form& form, std::string message) {
  ctx.carried_flash = Flash{Flash::Kind::kError, std::move(message)};
  return page(ctx, 422, form);
}

// --- Authorizations ---------------------------------------------------------------

struct AuthzForm {
  std::string description;
  std::vector<std::string> scopes;
  std::string expires_in;
};

constexpr std::pair<std::string_view, std::string_view> kExpiries[] = {
    {"", "Never"},           {"3600", "1 hour"},     {"86400", "1 day"},     {"604800", "7 days"},
    {"2592000", "30 days"},  {"7776000", "90 days"}, {"31536000", "1 year"}};

// The tokens this page manages: not the API key (the Account page has it) and
// not third-party grants (Authorized applications has them).
bool personal(const model::Authorization& a) { return !a.is_api_key && !a.client_id; }

void add_authorization_row(PageContext& ctx, ctemplate::TemplateDictionary& table,
                           const model::Authorization& a) {
  auto* row = table.AddSectionDictionary("AUTHZ");
  row->SetValue("ID", a.id);
  row->SetValue("DESCRIPTION", a.description);
  row->SetValue("SCOPE", scope_text(a.scope));
  row->SetValue("CREATED", display_time(a.created_at));
  row->SetValue("EXPIRES", when_or_never(a.expires_at));
  row->SetValue("LAST_USED", when_or_never(a.last_used_at));
  if (a.last_used_at && !a.last_used_ip.empty())
    row->AddSectionDictionary("LAST_USED_IP")->SetValue("IP", a.last_used_ip);
  row->SetValue("ROTATE_ACTION", object_url(kAuthzUrl, a.id, "rotate"));
  row->SetValue("ROTATE_CSRF", ctx.csrf_token(binding("authz-rotate", a.id)));
  row->SetValue("REVOKE_URL", object_url(kAuthzUrl, a.id, "revoke"));
}

void add_authorization_form(PageContext& ctx, ctemplate::TemplateDictionary& d, const AuthzForm& form) {
  d.SetValue("CREATE_CSRF", ctx.csrf_token(binding("authz-create")));
  d.SetValue("DESCRIPTION", form.description);
  for (const char* scope : service::kScopes) {
    auto* option = d.AddSectionDictionary("SCOPE_OPTION");
    option->SetValue("SCOPE_NAME", scope);
    option->SetValue("SCOPE_DESCRIPTION", std::string(service::describe_scope(scope)));
    if (std::find(form.scopes.begin(), form.scopes.end(), scope) != form.scopes.end())
      option->ShowSection("CHECKED");
  }
  for (const auto& [value, label] : kExpiries) {
    auto* option = d.AddSectionDictionary("EXPIRY");
    option->SetValue("EXPIRY_VALUE", std::string(value));
    option->SetValue("EXPIRY_LABEL", std::string(label));
    if (value == form.expires_in) option->ShowSection("SELECTED");
  }
}

http::Response authorizations_page(PageContext& ctx, int status, const AuthzForm& form) {
  auto list = ctx.s.authorizations.list(ctx.signed_in_session().account);
  if (!list) return ctx.service_error(list.error());
  std::erase_if(*list, [](const model::Authorization& a) { return !personal(a); });
  ctemplate::TemplateDictionary d("dashboard_authorizations");
  add_tabs(d, kAuthzUrl);
  if (auto token = ctx.take_secret(kTokenSecret)) d.AddSectionDictionary("NEW_TOKEN")->SetValue("TOKEN", *token);
  if (list->empty()) d.ShowSection("NO_AUTHZ");
  else {
    auto* table = d.AddSectionDictionary("HAS_AUTHZ");
    for (const auto& a : *list) add_authorization_row(ctx, *table, a);
  }
  add_authorization_form(ctx, d, form);
  return ctx.dashboard_page(status, kSection, "dashboard_authorizations", d, "Authorizations");
}

AuthzForm read_authorization_form(const http::Form& form) {
  AuthzForm f;
  f.description = std::string(form.get("description").value_or(""));
  f.expires_in = std::string(form.get("expires_in").value_or(""));
  for (const auto& [name, value] : form.pairs())
    if (name == "scope") f.scopes.push_back(value);
  return f;
}

// The service's parameters from the form; nullopt for an expiry that is not a number.
std::optional<service::CreateAuthorization> authorization_params(const AuthzForm& f) {
  service::CreateAuthorization params;
  if (!f.description.empty()) params.description = f.description;
  if (!f.scopes.empty()) params.scope = f.scopes;  // none checked: global
  if (!f.expires_in.empty()) {
    long long seconds = 0;
    const char* end = f.expires_in.data() + f.expires_in.size();
    auto [ptr, ec] = std::from_chars(f.expires_in.data(), end, seconds);
    if (ec != std::errc() || ptr != end) return std::nullopt;
    params.expires_in = seconds;
  }
  return params;
}

http::Response create_authorization(PageContext& ctx, const std::string&) {
  if (!ctx.csrf_ok(binding("authz-create"))) return refused(ctx);
  const AuthzForm form = read_authorization_form(ctx.form);
  auto params = authorization_params(form);
  if (!params) return rejected(ctx, authorizations_page, form, "Choose when the authorization expires.");
  auto issued = ctx.s.authorizations.create(ctx.signed_in_session().account, *params, ctx.info, /*cli_session=*/false);
  if (!issued) {
    if (issued.error().code != ErrorCode::kInvalidParams) return ctx.service_error(issued.error());
    return rejected(ctx, authorizations_page, form, issued.error().message);
  }
  ctx.stash_secret(kTokenSecret, issued->token.reveal());
  return ctx.redirect_with(std::string(kAuthzUrl), {Flash::Kind::kNotice, "Authorization created."});
}

// The account's authorization `id` if this page manages it; else kNotFound,
// as for someone else's.
Result<model::Authorization> managed_authorization(PageContext& ctx, const std::string& id) {
  auto a = ctx.s.authorizations.get(ctx.signed_in_session().account, id);
  if (a && !personal(*a)) return fail(not_found("authorization", "Couldn't find that authorization."));
  return a;
}

http::Response rotate_authorization(PageContext& ctx, const std::string& id) {
  if (!ctx.csrf_ok(binding("authz-rotate", id))) return refused(ctx);
  if (auto a = managed_authorization(ctx, id); !a) return ctx.service_error(a.error());
  auto issued = ctx.s.authorizations.regenerate(ctx.signed_in_session().account, id, ctx.info);
  if (!issued) return ctx.service_error(issued.error());
  ctx.stash_secret(kTokenSecret, issued->token.reveal());
  return ctx.redirect_with(std::string(kAuthzUrl),
                           {Flash::Kind::kNotice, "Token rotated. The old token no longer works."});
}

http::Response confirm_revoke_authorization(PageContext& ctx, const std::string& id) {
  auto a = managed_authorization(ctx, id);
  if (!a) return ctx.service_error(a.error());
  return confirm_page(ctx,
                      {"Revoke authorization?",
                       "Anything using this token stops working at once. This cannot be undone.", "Revoke",
                       std::string(kAuthzUrl), {{"Description", a->description}, {"Scope", scope_text(a->scope)}}},
                      binding("authz-revoke", id), kSection);
}

http::Response revoke_authorization(PageContext& ctx, const std::string& id) {
  if (!ctx.csrf_ok(binding("authz-revoke", id))) return refused(ctx);
  if (auto a = managed_authorization(ctx, id); !a) return ctx.service_error(a.error());
  if (auto ok = ctx.s.authorizations.revoke(ctx.signed_in_session().account, id, ctx.info); !ok)
    return ctx.service_error(ok.error());
  return ctx.redirect_with(std::string(kAuthzUrl), {Flash::Kind::kNotice, "Authorization revoked."});
}

// --- Authorized applications ------------------------------------------------------

// One client the account approved, summed over its grants.
struct App {
  std::string client_id, name;
  std::vector<std::string> scope;
  UnixTime authorized = 0;
  std::optional<UnixTime> last_used;
};

void add_grant(App& app, const model::Authorization& a) {
  for (const auto& s : a.scope)
    if (std::find(app.scope.begin(), app.scope.end(), s) == app.scope.end()) app.scope.push_back(s);
  app.authorized = std::min(app.authorized, a.created_at);
  if (a.last_used_at && (!app.last_used || *a.last_used_at > *app.last_used)) app.last_used = a.last_used_at;
}

Result<std::vector<App>> authorized_apps(PageContext& ctx) {
  auto list = ctx.s.authorizations.list(ctx.signed_in_session().account);
  if (!list) return fail(list.error());
  std::vector<App> apps;
  for (const auto& a : *list) {
    if (!a.client_id) continue;
    auto app = std::find_if(apps.begin(), apps.end(), [&](const App& x) { return x.client_id == *a.client_id; });
    if (app == apps.end()) {
      auto client = ctx.s.devices.client(*a.client_id);
      // The grant's description is the client's name when it was granted.
      apps.push_back({*a.client_id, client ? client->name : a.description, {}, a.created_at, std::nullopt});
      app = apps.end() - 1;
    }
    add_grant(*app, a);
  }
  return apps;
}

http::Response apps_page(PageContext& ctx, const std::string&) {
  auto apps = authorized_apps(ctx);
  if (!apps) return ctx.service_error(apps.error());
  ctemplate::TemplateDictionary d("dashboard_authorized_apps");
  add_tabs(d, kAppsUrl);
  if (apps->empty()) d.ShowSection("NO_APPS");
  else {
    auto* table = d.AddSectionDictionary("HAS_APPS");
    for (const auto& app : *apps) {
      auto* row = table->AddSectionDictionary("APP");
      row->SetValue("ID", app.client_id);
      row->SetValue("NAME", app.name);
      row->SetValue("SCOPE", scope_text(app.scope));
      row->SetValue("AUTHORIZED", display_time(app.authorized));
      row->SetValue("LAST_USED", when_or_never(app.last_used));
      row->SetValue("REVOKE_URL", object_url(kAppsUrl, app.client_id, "revoke"));
    }
  }
  return ctx.dashboard_page(200, kSection, "dashboard_authorized_apps", d, "Authorized applications");
}

http::Response confirm_revoke_app(PageContext& ctx, const std::string& client_id) {
  auto apps = authorized_apps(ctx);
  if (!apps) return ctx.service_error(apps.error());
  auto app = std::find_if(apps->begin(), apps->end(), [&](const App& x) { return x.client_id == client_id; });
  if (app == apps->end()) return ctx.error_page(404, "Not found", "You have not authorized that application.");
  return confirm_page(ctx,
                      {"Revoke access?",
                       app->name + " can no longer use your account, and has to ask again if you want to "
                                   "use it later.",
                       "Revoke access", std::string(kAppsUrl),
                       {{"Application", app->name}, {"Scope", scope_text(app->scope)}}},
                      binding("app-revoke", client_id), kSection);
}

http::Response revoke_app(PageContext& ctx, const std::string& client_id) {
  if (!ctx.csrf_ok(binding("app-revoke", client_id))) return refused(ctx);
  if (auto ok = ctx.s.oauth.withdraw(ctx.signed_in_session().account, client_id, ctx.info); !ok)
    return ctx.service_error(ok.error());
  return ctx.redirect_with(std::string(kAppsUrl), {Flash::Kind::kNotice, "Access revoked."});
}

// --- API clients ------------------------------------------------------------------

struct ClientForm {
  std::string name, redirect_uri;
};

void add_client_row(PageContext& ctx, ctemplate::TemplateDictionary& table, const model::OAuthClient& c) {
  auto* row = table.AddSectionDictionary("CLIENT");
  row->SetValue("ID", c.id);
  row->SetValue("NAME", c.name);
  row->SetValue("REDIRECT_URI", c.redirect_uri);
  row->SetValue("CREATED", display_time(c.created_at));
  if (!c.is_public) {  // a public client has no secret to rotate
    auto* rotate = row->AddSectionDictionary("ROTATE");
    rotate->SetValue("ROTATE_ACTION", object_url(kClientsUrl, c.id, "rotate"));
    rotate->SetValue("ROTATE_CSRF", ctx.csrf_token(binding("client-rotate", c.id)));
  }
  row->SetValue("DELETE_URL", object_url(kClientsUrl, c.id, "delete"));
}

// The stashed "<client id>\n<secret>" of a client just registered or rotated.
void add_new_secret(PageContext& ctx, ctemplate::TemplateDictionary& d) {
  auto stashed = ctx.take_secret(kClientSecret);
  if (!stashed) return;
  const auto newline = stashed->find('\n');
  if (newline == std::string::npos) return;
  auto* shown = d.AddSectionDictionary("NEW_SECRET");
  shown->SetValue("CLIENT_ID", stashed->substr(0, newline));
  shown->SetValue("CLIENT_SECRET", stashed->substr(newline + 1));
}

http::Response clients_page(PageContext& ctx, int status, const ClientForm& form) {
  auto list = ctx.s.clients.list(ctx.signed_in_session().account);
  if (!list) return ctx.service_error(list.error());
  ctemplate::TemplateDictionary d("dashboard_clients");
  add_tabs(d, kClientsUrl);
  add_new_secret(ctx, d);
  if (list->empty()) d.ShowSection("NO_CLIENTS");
  else {
    auto* table = d.AddSectionDictionary("HAS_CLIENTS");
    for (const auto& c : *list) add_client_row(ctx, *table, c);
  }
  d.SetValue("CREATE_CSRF", ctx.csrf_token(binding("client-create")));
  d.SetValue("NAME", form.name);
  d.SetValue("REDIRECT_URI", form.redirect_uri);
  return ctx.dashboard_page(status, kSection, "dashboard_clients", d, "API clients");
}

http::Response clients_list(PageContext& ctx, const std::string&) { return clients_page(ctx, 200, {}); }

void stash_client_secret(PageContext& ctx, const service::IssuedClient& issued) {
  ctx.stash_secret(kClientSecret, issued.client.id + "\n" + std::string(issued.secret.reveal()));
}

http::Response register_client(PageContext& ctx, const std::string&) {
  if (!ctx.csrf_ok(binding("client-create"))) return refused(ctx);
  ClientForm form{std::string(ctx.form.get("name").value_or("")),
                  std::string(ctx.form.get("redirect_uri").value_or(""))};
  service::RegisterClient params;
  params.name = form.name;
  params.redirect_uri = form.redirect_uri;
  auto issued = ctx.s.clients.create(ctx.signed_in_session().account, params, ctx.info);
  if (!issued) {
    if (issued.error().code != ErrorCode::kInvalidParams) return ctx.service_error(issued.error());
    return rejected(ctx, clients_page, form, issued.error().message);
  }
  stash_client_secret(ctx, *issued);
  return ctx.redirect_with(std::string(kClientsUrl), {Flash::Kind::kNotice, "Client registered."});
}

// Rotating a client secret is sensitive, as in the API (S22): it needs a
// recent sign-in or re-authentication.
http::Response rotate_client(PageContext& ctx, const std::string& id) {
  if (!ctx.csrf_ok(binding("client-rotate", id))) return refused(ctx);
  if (auto c = ctx.s.clients.get(ctx.signed_in_session().account, id); !c) return ctx.service_error(c.error());
  if (!ctx.recently_authenticated()) return ctx.to_reauth(kClientsUrl);
  auto issued = ctx.s.clients.rotate(ctx.signed_in_session().account, id, ctx.info);
  if (!issued) return ctx.service_error(issued.error());
  stash_client_secret(ctx, *issued);
  return ctx.redirect_with(std::string(kClientsUrl),
                           {Flash::Kind::kNotice, "Secret rotated. The old secret no longer works."});
}

http::Response confirm_delete_client(PageContext& ctx, const std::string& id) {
  auto c = ctx.s.clients.get(ctx.signed_in_session().account, id);
  if (!c) return ctx.service_error(c.error());
  return confirm_page(ctx,
                      {"Delete client?",
                       "Everyone who authorized it loses access at once, and its credentials stop working. "
                       "This cannot be undone.",
                       "Delete", std::string(kClientsUrl), {{"Name", c->name}, {"Client ID", c->id}}},
                      binding("client-delete", id), kSection);
}

http::Response delete_client(PageContext& ctx, const std::string& id) {
  if (!ctx.csrf_ok(binding("client-delete", id))) return refused(ctx);
  if (auto ok = ctx.s.clients.remove(ctx.signed_in_session().account, id, ctx.info); !ok) return ctx.service_error(ok.error());
  return ctx.redirect_with(std::string(kClientsUrl), {Flash::Kind::kNotice, "Client deleted."});
}

// --- routing ----------------------------------------------------------------------

http::Response authorizations_list(PageContext& ctx, const std::string&) {
  return authorizations_page(ctx, 200, {});
}

using PageAction = http::Response (*)(PageContext&, const std::string&);

// A page (action "") or an object action of one of the three pages; a null
// handler means the method is not allowed.
struct Route {
  std::string_view page, action;
  PageAction get, post;
};

constexpr Route kRoutes[] = {
    {"authorizations", "", authorizations_list, create_authorization},
    {"authorizations", "rotate", nullptr, rotate_authorization},
    {"authorizations", "revoke", confirm_revoke_authorization, revoke_authorization},
    {"authorized-applications", "", apps_page, nullptr},
    {"authorized-applications", "revoke", confirm_revoke_app, revoke_app},
    {"clients", "", clients_list, register_client},
    {"clients", "rotate", nullptr, rotate_client},
    {"clients", "delete", confirm_delete_client, delete_client},
};

// "/page" or "/page/<id>/<action>" split into its parts; nullopt for any other shape.
struct Target {
  std::string_view page, id, action;
};

std::optional<Target> parse_target(std::string_view rest) {
  std::array<std::string_view, 3> parts;
  const std::size_t n = split_path(rest, parts);
  if (n == 0) return std::nullopt;
  if (n == 1) return Target{parts[0], {}, {}};
  if (n == 3 && !parts[2].empty()) return Target{parts[0], parts[1], parts[2]};
  return std::nullopt;
}

}  // namespace

http::Response WebHandler::dashboard_applications(PageContext& ctx, std::string_view rest) {
  const auto target = parse_target(rest);
  if (!target || (!target->action.empty() && !valid_id(target->id))) return no_page(ctx);
  const auto route = std::find_if(std::begin(kRoutes), std::end(kRoutes), [&](const Route& r) {
    return r.page == target->page && r.action == target->action;
  });
  if (route == std::end(kRoutes)) return no_page(ctx);
  const auto& method = ctx.request.method;
  const PageAction handler = method == "GET" || method == "HEAD" ? route->get : method == "POST" ? route->post : nullptr;
  if (!handler) return ctx.error_page(405, "Method not allowed", "This page does not accept that method.");
  return handler(ctx, std::string(target->id));
}

}  // namespace latchkey::web
