#include "cli/commands/device_login.h"

#include <algorithm>

#include <boost/json.hpp>

#include "cli/output.h"
#include "cli/system.h"
#include "core/text.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

// A server-chosen interval is honoured, within sane bounds.
constexpr std::int64_t kMaxPollIntervalSeconds = 300;
// Pause after a failed or refused poll that the server did not hold.
constexpr std::chrono::seconds kRetryPause{2};

json::value parse_body(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  return ec ? json::value(nullptr) : v;
}

// An OAuth error answer ({"error","error_description"}, RFC 6749 §5.2) as a
// Failure; anything else as the usual "HTTP Error" line.
Failure oauth_failure(const HttpResponse& r, std::string_view what) {
  json::value body = parse_body(r.body);
  std::string error = json_string(body, {"error"});
  if (error.empty()) {
    Failure f = Failure::local("HTTP Error " + std::to_string(r.status) + " for " + std::string(what));
    f.status = r.status;
    return f;
  }
  std::string description = json_string(body, {"error_description"});
  return Failure{Failure::Kind::kApi, description.empty() ? error : description, error, {}, r.status};
}

Failure api_failure(std::string message, std::string id) {
  return Failure{Failure::Kind::kApi, std::move(message), std::move(id), {}, 0};
}

bool is_http_url(std::string_view url) { return url.starts_with("https://") || url.starts_with("http://"); }

// browser_url and cli_url must be paths on the API host (compat spec B.2).
bool is_path(std::string_view p) { return p.starts_with('/') && !p.starts_with("//") && p.find('\\') == p.npos; }

void open_browser(Context& ctx, std::string_view url, const std::optional<std::string>& app) {
  auto command = browser_command(ctx.env, url, app);
  if (!command) return;
  if (!ctx.launcher.launch(*command)) ctx.err << "Warning: could not start " << command->front() << '\n';
}

struct DeviceStart {
  Secret device_code;
  std::string user_code;
  std::string verification_uri;
  std::string verification_uri_complete;
  std::chrono::seconds expires_in{0};
  std::chrono::seconds interval{kDefaultPollInterval};
};

// POST /oauth/device_authorization (RFC 8628 §3.1–3.2).
Outcome<DeviceStart> start_device_login(ApiClient& api) {
  CallOptions options;
  options.form = "client_id=" + std::string(kCliClientId);
  auto r = api.exchange("POST", "/oauth/device_authorization", options);
  if (!r) return failed(std::move(r.error()));
  if (r->status != 200) return failed(oauth_failure(*r, "POST " + api.base_url() + "/oauth/device_authorization"));
  json::value body = parse_body(r->body);
  DeviceStart s;
  s.device_code = Secret(json_string(body, {"device_code"}));
  s.user_code = json_string(body, {"user_code"});
  s.verification_uri = json_string(body, {"verification_uri"});
  s.verification_uri_complete = json_string(body, {"verification_uri_complete"});
  if (s.device_code.empty() || s.user_code.empty() || !is_http_url(s.verification_uri))
    return failed_local("the server's device authorization reply is incomplete");
  if (!is_http_url(s.verification_uri_complete)) s.verification_uri_complete.clear();
  s.expires_in = std::chrono::seconds(std::max<std::int64_t>(json_int(body, {"expires_in"}).value_or(900), 1));
  if (auto interval = json_int(body, {"interval"}))
    s.interval = std::chrono::seconds(std::clamp<std::int64_t>(*interval, 1, kMaxPollIntervalSeconds));
  return s;
}

// The token request of RFC 8628 §3.4, repeated until the user decides (§3.5).
Outcome<Secret> poll_device_token(Context& ctx, ApiClient& api, const DeviceStart& s) {
  CallOptions options;
  options.form = "grant_type=" + percent_encode(kDeviceCodeGrant, is_unreserved) +
                 "&device_code=" + percent_encode(s.device_code.reveal(), is_unreserved) +
                 "&client_id=" + std::string(kCliClientId);
  const UnixTime deadline = ctx.clock.now() + s.expires_in.count();
  std::chrono::seconds interval = s.interval;
  int transient = 0;
  for (;;) {
    if (ctx.clock.now() >= deadline)
      return failed(api_failure("The code expired before it was approved. Run `latchkey login` again.", "expired_token"));
    ctx.sleeper.sleep(interval);
    auto r = api.exchange("POST", "/oauth/token", options);
    if (!r || r->status >= 500) {
      if (++transient > kMaxTransientFailures)
        return failed(r ? oauth_failure(*r, "POST " + api.base_url() + "/oauth/token") : std::move(r.error()));
      continue;
    }
    transient = 0;
    if (r->status == 200) {
      Secret token(json_string(parse_body(r->body), {"access_token"}));
      if (token.empty()) return failed_local("the server's reply has no access token");
      return token;
    }
    Failure f = oauth_failure(*r, "POST " + api.base_url() + "/oauth/token");
    if (f.id == "authorization_pending") continue;
    if (f.id == "slow_down") {
      interval += kSlowDownStep;
      continue;
    }
    if (f.id == "access_denied") return failed(api_failure("The login was denied in the browser.", f.id));
    if (f.id == "expired_token")
      return failed(api_failure("The code expired before it was approved. Run `latchkey login` again.", f.id));
    return failed(std::move(f));
  }
}

}  // namespace

Outcome<Secret> device_login(Context& ctx, ApiClient& anonymous, const std::optional<std::string>& app) {
  auto started = start_device_login(anonymous);
  if (!started) return failed(std::move(started.error()));
  ctx.err << "Open " << started->verification_uri << " and enter the code " << started->user_code << '\n';
  if (!started->verification_uri_complete.empty()) {
    ctx.err << "or open " << started->verification_uri_complete
            << " (the code is filled in: check that the page shows " << started->user_code << ")\n";
  }
  const std::string& page =
      started->verification_uri_complete.empty() ? started->verification_uri : started->verification_uri_complete;
  open_browser(ctx, page, app);
  ctx.err << "Waiting for you to approve the login in the browser...\n";
  return poll_device_token(ctx, anonymous, *started);
}

Outcome<Secret> browser_login(Context& ctx, ApiClient& anonymous, const std::optional<std::string>& app) {
  CallOptions start;
  start.body = json::object{{"description", "Latchkey CLI login from " + ctx.hostname}};
  auto started = anonymous.call("POST", "/auth", start);
  if (!started) return failed(std::move(started.error()));
  const std::string browser_url = json_string(*started, {"browser_url"});
  const std::string cli_url = json_string(*started, {"cli_url"});
  Secret poll_secret(json_string(*started, {"token"}));
  if (!is_path(browser_url) || !is_path(cli_url) || poll_secret.empty())
    return failed_local("the server's login reply is incomplete");
  const std::string page = anonymous.base_url() + browser_url;
  ctx.err << "Open " << page << " to log in\n";
  open_browser(ctx, page, app);
  ctx.err << "Waiting for you to log in in the browser...\n";

  // One long poll at a time: the server holds each for up to ~45 s and then
  // answers 504; 502/503/504 mean "ask again" (compat spec B.2, step 4).
  CallOptions poll;
  poll.authorization = Secret("Bearer " + std::string(poll_secret.reveal()));
  const UnixTime deadline = ctx.clock.now() + kBrowserLoginWait.count();
  int transient = 0;
  for (;;) {
    if (ctx.clock.now() >= deadline) return failed(api_failure("The login timed out. Run `latchkey login` again.", "timeout"));
    auto r = anonymous.call("GET", cli_url, poll);
    if (r) {
      if (std::string token = json_string(*r, {"access_token"}); !token.empty()) return Secret(std::move(token));
      if (std::string error = json_string(*r, {"error"}); !error.empty()) return failed(api_failure(error, "login_failed"));
      return failed_local("the server's login reply has neither a token nor an error");
    }
    const Failure& f = r.error();
    if (f.status == 504) {
      transient = 0;  // held and still pending: the normal case
      continue;
    }
    if (f.status != 0 && f.status <= 500) return failed(std::move(r.error()));
    if (++transient > kMaxTransientFailures) return failed(std::move(r.error()));
    ctx.sleeper.sleep(kRetryPause);
  }
}

}  // namespace latchkey::cli
