// login (device flow by default, --browser, -i), logout, auth:token, auth:whoami.
// After a login, git's credential helper for the git host may be installed
// (asked on a terminal, or --git-credentials / --no-git-credentials); logout
// removes it again (commands/git_helper.h).
#include <CLI/CLI.hpp>

#include <memory>

#include <boost/json.hpp>

#include "cli/commands/command.h"
#include "cli/commands/device_login.h"
#include "cli/commands/git_helper.h"
#include "cli/commands/second_factor.h"
#include "cli/output.h"
#include "core/text.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

constexpr std::int64_t kMaxLoginSeconds = std::int64_t{30} * 24 * 3600;  // 2592000, as the heroku CLI
struct LoginOptions {
  bool interactive = false;
  std::string expires_in;
  bool browser = false;             // --browser given
  std::optional<std::string> app;   // --browser APP
  HelperChoice git_credentials = HelperChoice::kAsk;
};

Outcome<std::string> ask_email(Context& ctx, const std::string& stored) {
  auto email = ctx.prompter.ask(stored.empty() ? "Email: " : "Email [" + stored + "]: ", false);
  if (!email) return failed(std::move(email.error()));
  std::string value = std::string(trim_blanks(*email));
  if (value.empty()) value = stored;
  if (value.empty()) return failed_local("an email address is required");
  return value;
}

// POST /oauth/authorizations with Basic email:password; one retry with the
// second factor when the server answers 403 two_factor (compat spec B.1). A
// token typed as the password is accepted without a second factor.
Outcome<json::value> create_login_authorization(Context& ctx, ApiClient& api, std::string_view email,
                                                const Secret& password, std::int64_t expires_in) {
  CallOptions options;
  options.body = json::object{{"description", "Latchkey CLI login from " + ctx.hostname},
                              {"expires_in", expires_in},
                              {"scope", json::array{"global"}}};
  options.headers.push_back({std::string(kLoginSessionHeader), "true"});
  options.authorization = basic_authorization(email, password.reveal());
  return call_with_second_factor(ctx, api, "POST", "/oauth/authorizations", std::move(options));
}

// After a login without a second factor on a server that requires one, say
// what to do next (the stock CLI shows the server's Warning-Message instead).
void warn_if_mfa_missing(Context& ctx, ApiClient& api, const json::value& account) {
  const json::value* enabled = account.is_object() ? account.get_object().if_contains("two_factor_authentication") : nullptr;
  if (enabled == nullptr || !enabled->is_bool() || enabled->get_bool()) return;
  auto mfa = api.call("GET", "/account/mfa");
  if (!mfa || !mfa->is_object()) return;
  const json::value* required = mfa->get_object().if_contains("required");
  if (required == nullptr || !required->is_bool() || !required->get_bool()) return;
  ctx.err << "Warning: this server requires multi-factor authentication; until you set it up, "
             "other commands are refused. Run: latchkey mfa:enable\n";
}

// A token a login produced, with the email the server named along with it
// (used when GET /account shows none).
struct NewLogin {
  Secret token;
  std::string email_hint;
};

// The password login (compat spec B.1).
Outcome<NewLogin> password_login(Context& ctx, const Credentials& creds, const LoginOptions& o) {
  std::int64_t expires_in = kMaxLoginSeconds;
  if (!o.expires_in.empty()) {
    auto parsed = parse_seconds(o.expires_in, "--expires-in");
    if (!parsed) return failed(std::move(parsed.error()));
    if (*parsed > kMaxLoginSeconds) return failed_local("Cannot set an expiration longer than thirty days");
    expires_in = *parsed;
  }

  ctx.err << "latchkey: Enter your login credentials\n";
  auto email = ask_email(ctx, creds.email);
  if (!email) return failed(std::move(email.error()));
  auto typed = ctx.prompter.ask("Password: ", true);
  if (!typed) return failed(std::move(typed.error()));
  Secret password(std::move(*typed));
  if (password.empty()) return failed_local("a password is required");

  ApiClient anonymous(ctx.transport, creds.api_url, Secret());
  auto created = create_login_authorization(ctx, anonymous, *email, password, expires_in);
  if (!created) return failed(std::move(created.error()));
  Secret token(json_string(*created, {"access_token", "token"}));
  if (token.empty()) return failed_local("the server's reply has no access token");
  return NewLogin{std::move(token), json_string(*created, {"user", "email"})};
}

// Every login ends alike: GET /account for the email, store the token in the
// netrc, say who is logged in.
Outcome<void> finish_login(Context& ctx, const Credentials& creds, const NewLogin& login) {
  const Secret& token = login.token;
  ApiClient api(ctx.transport, creds.api_url, token);
  auto account = api.call("GET", "/account");
  if (!account) return failed(std::move(account.error()));
  std::string account_email = json_string(*account, {"email"});
  if (account_email.empty()) account_email = login.email_hint;
  if (account_email.empty()) return failed_local("the server's account reply has no email");

  if (auto stored = store_login(ctx.env, creds.api_url, account_email, token); !stored) {
    (void)api.call("DELETE", "/oauth/sessions/~");  // do not leave an unstored token alive
    return failed(std::move(stored.error()));
  }
  ctx.out << "Logged in as " << account_email << '\n';
  warn_if_mfa_missing(ctx, api, *account);
  return {};
}

Outcome<void> login(Context& ctx, const LoginOptions& o) {
  const bool interactive = o.interactive || !o.expires_in.empty();  // -e implies -i, as in the heroku CLI
  if (interactive && o.browser) return failed_local("--browser and -i/--expires-in cannot be combined");
  auto creds = resolve_credentials(ctx.env, ctx.api_url_flag);
  if (!creds) return failed(std::move(creds.error()));
  if (creds->source == TokenSource::kLatchkeyApiKey || creds->source == TokenSource::kHerokuApiKey) {
    return failed_local("Cannot log in with " + std::string(token_source_name(creds->source)) + " set");
  }
  ApiClient anonymous(ctx.transport, creds->api_url, Secret());
  Outcome<NewLogin> made = failed_local("no login");
  if (interactive) {
    made = password_login(ctx, *creds, o);
  } else {
    auto token = o.browser ? browser_login(ctx, anonymous, o.app) : device_login(ctx, anonymous, o.app);
    if (token) made = NewLogin{std::move(*token), {}};
    else made = failed(std::move(token.error()));
  }
  if (!made) return failed(std::move(made.error()));
  if (auto done = finish_login(ctx, *creds, *made); !done) return done;
  offer_credential_helper(ctx, creds->api_url, o.git_credentials);
  return {};
}

// Revokes the authorization behind `token` when it has no session, as the
// heroku CLI does (compat spec B.3) — never the account's API key.
void revoke_sessionless_token(ApiClient& api, const Secret& token) {
  auto key = api.call("GET", "/oauth/authorizations/~");
  if (key && token_matches(json_string(*key, {"access_token", "token"}), token)) return;
  auto all = api.list("/oauth/authorizations");
  if (!all) return;
  for (const json::value& a : *all) {
    if (token_matches(json_string(a, {"access_token", "token"}), token)) {
      (void)api.call("DELETE", "/oauth/authorizations/" + path_segment(json_string(a, {"id"})));
    }
  }
}

// Ends the stored token's session on the server; errors only warn, local
// credentials are removed regardless.
void end_server_session(Context& ctx, const std::string& api_url, const Secret& token) {
  ApiClient api(ctx.transport, api_url, token);
  auto ended = api.call("DELETE", "/oauth/sessions/~");
  if (ended) return;
  const Failure& f = ended.error();
  if (f.status == 401) return;  // the token is already dead
  if (f.status == 404 && f.id == "not_found" && f.resource == "session") {
    revoke_sessionless_token(api, token);
    return;
  }
  ctx.err << "Warning: could not end the session on the server: " << f.message << '\n';
}

Outcome<void> logout(Context& ctx) {
  std::string api_url = resolve_api_url(ctx.env, ctx.api_url_flag);
  auto stored = stored_login(ctx.env, api_url);
  if (!stored) return failed(std::move(stored.error()));
  if (const auto& login = *stored; login && !login->token.empty()) end_server_session(ctx, api_url, login->token);
  if (auto removed = remove_login(ctx.env, api_url); !removed) return failed(std::move(removed.error()));
  remove_credential_helper(ctx, api_url);
  ctx.err << "Logging out... done\n";
  return {};
}

Outcome<void> print_token(Context& ctx) {
  auto creds = require_login(ctx);
  if (!creds) return failed(std::move(creds.error()));
  ctx.err << "Warning: this token is a secret: anyone holding it can act as you. Do not share it.\n";
  ctx.out << creds->token.reveal() << '\n';
  return {};
}

Outcome<void> whoami(Context& ctx) {
  auto creds = require_login(ctx);
  if (!creds) return failed(std::move(creds.error()));
  if (creds->source != TokenSource::kNetrc) {
    ctx.err << "Warning: " << token_source_name(creds->source) << " is set\n";
  }
  ApiClient api(ctx.transport, creds->api_url, std::move(creds->token));
  auto account = api.call("GET", "/account");
  if (!account) return failed(std::move(account.error()));
  ctx.out << json_string(*account, {"email"}) << '\n';
  return {};
}

}  // namespace

void add_auth_commands(std::vector<CommandSpec>& table) {
  table.push_back({"login", {}, "log in: approve a code in the browser (or -i: email and password)",
                   [](CLI::App& app) -> Action {
                     auto o = std::make_shared<LoginOptions>();
                     auto app_name = std::make_shared<std::string>();
                     app.add_flag("-i,--interactive", o->interactive, "log in with email and password");
                     app.add_option("-e,--expires-in", o->expires_in,
                                    "seconds until the token expires (at most 2592000 = 30 days; implies -i)");
                     CLI::Option* browser =
                         app.add_option("--browser", *app_name,
                                        "log in through a browser page instead of a code (opened with APP if given)")
                             ->option_text("[APP]")
                             ->expected(0, 1);
                     auto install = std::make_shared<bool>(false);
                     auto skip = std::make_shared<bool>(false);
                     CLI::Option* yes = app.add_flag("--git-credentials", *install,
                                                     "make latchkey git's credential helper for the git host");
                     app.add_flag("--no-git-credentials", *skip, "do not offer to set up git's credential helper")
                         ->excludes(yes);
                     return [o, app_name, browser, install, skip](Context& ctx) {
                       o->browser = browser->count() > 0;
                       if (*install) o->git_credentials = HelperChoice::kInstall;
                       if (*skip) o->git_credentials = HelperChoice::kSkip;
                       if (!app_name->empty()) o->app = *app_name;
                       return login(ctx, *o);
                     };
                   }});
  table.push_back({"logout", {}, "end the CLI session and remove the stored credentials",
                   [](CLI::App&) -> Action { return logout; }});
  table.push_back({"auth:token", {}, "print the stored API token",
                   [](CLI::App&) -> Action { return print_token; }});
  table.push_back({"auth:whoami", {"whoami"}, "print the email of the logged-in account",
                   [](CLI::App&) -> Action { return whoami; }});
}

}  // namespace latchkey::cli
