#include "web/web_handler.h"

#include <algorithm>
#include <memory>

#include "core/text.h"
#include "http/client_ip.h"
#include "http/cookie.h"
#include "web/assets.h"
#include "web/page_context.h"

namespace latchkey::web {
namespace {


bool keep_query_char(unsigned char c) { return is_unreserved(c); }

// Over plain HTTP when the public URL is https (and no trusted proxy says
// the browser used https): the page must not be served, nor a cookie set (S19).
bool needs_https(const http::Request& req, const config::Config& c) {
  if (req.secure || !c.server.public_url.starts_with("https://")) return false;
  const auto& trusted = c.server.trusted_proxies;
  if (std::find(trusted.begin(), trusted.end(), req.remote_addr) != trusted.end())
    return req.header("x-forwarded-proto") != "https";
  return true;
}

}  // namespace

// --- PageContext -----------------------------------------------------------

void PageContext::set_session_cookie(const service::BrowserSession& bs) {
  http::CookieOptions o;
  o.secure = tls;
  o.same_site = "Lax";
  set_cookies.push_back(http::set_cookie_header(session_cookie_name(), bs.cookie.reveal(), o));
}

void PageContext::clear_session_cookie() {
  set_cookies.push_back(http::clear_cookie_header(session_cookie_name(), tls));
}

void PageContext::ensure_pre_cookie() {
  if (!pre_cookie.empty()) return;
  std::uint8_t raw[24];
  s.random.fill(raw);
  static constexpr char kHex[] = "0123456789abcdef";
  for (auto b : raw) {
    pre_cookie += kHex[b >> 4];
    pre_cookie += kHex[b & 15];
  }
  http::CookieOptions o;
  o.secure = tls;
  o.same_site = "Lax";
  set_cookies.push_back(http::set_cookie_header(pre_cookie_name(), pre_cookie, o));
}

std::string PageContext::csrf_token(std::string_view binding) const {
  std::string key;
  if (session) key = "session|" + session->session.token_hash.value_or("");
  else key = "pre|" + pre_cookie;
  if (key.size() <= 6) return {};
  return s.box.keyed_hash("csrf", key + "|" + std::string(binding)).substr(0, 43);
}

bool PageContext::csrf_ok(std::string_view binding) const {
  if (!same_origin_post(request, origin)) return false;
  auto presented = form.get("csrf");
  const std::string expected = csrf_token(binding);
  if (!presented || expected.empty() || presented->size() != expected.size()) return false;
  return Secret(expected).equals(*presented);
}

std::string PageContext::safe_next(std::string_view next) {
  if (next.empty() || next.size() > 2048 || next.front() != '/') return "/";
  if (next.size() > 1 && (next[1] == '/' || next[1] == '\\')) return "/";
  for (unsigned char c : next)
    if (c < 0x21 || c > 0x7e || c == '\\') return "/";
  return std::string(next);
}

std::string PageContext::next_param() const {
  auto n = form.get("next");
  if (!n) n = query.get("next");
  return safe_next(n.value_or("/"));
}

http::Response PageContext::finish(http::Response r) {
  for (auto& c : set_cookies) r.headers.emplace_back("Set-Cookie", c);
  set_cookies.clear();
  return r;
}

http::Response PageContext::page(int status, std::string_view name, const ctemplate::TemplateDictionary& dict,
                                 std::string title, std::optional<Flash> flash) {
  Frame frame;
  frame.title = std::move(title);
  if (signed_in()) {
    frame.account = signed_in_session().account.email;
    frame.csrf = csrf_token("logout");
  }
  frame.flash = flash ? std::move(flash) : std::move(carried_flash);
  carried_flash.reset();
  frame.nav = nav;
  PageSecurity sec{tls, form_action_origins};
  return finish(html_response(status, templates.render_page(name, dict, frame), sec));
}

http::Response PageContext::error_page(int status, const std::string& heading, const std::string& message) {
  ctemplate::TemplateDictionary d("error");
  d.SetIntValue("STATUS", status);
  d.SetValue("HEADING", heading);
  d.SetValue("MESSAGE", message);
  return page(status, "error", d, heading);
}

http::Response PageContext::message_page(const std::string& heading, const std::string& message) {
  ctemplate::TemplateDictionary d("message");
  d.SetValue("HEADING", heading);
  d.SetValue("MESSAGE", message);
  return page(200, "message", d, heading);
}

http::Response PageContext::redirect(std::string location) {
  return finish(redirect_response(std::move(location), 303, PageSecurity{tls, form_action_origins}));
}

http::Response PageContext::to_login() {
  std::string here = request.path;
  if (!request.query.empty()) here += "?" + request.query;
  return redirect("/login?next=" + percent_encode(here, keep_query_char));
}

// --- WebHandler ----------------------------------------------------------------

bool WebHandler::serves(std::string_view path) {
  return path == "/" || path == "/login" || path == "/login/second-factor" || path == "/logout" ||
         path == "/signup" || path == "/reauth" || path == "/oauth/authorize" || path == "/device" ||
         path == "/device/decision" || path.starts_with(service::kCliBrowserPrefix) || path.starts_with(kAssetPrefix) ||
         path == "/dashboard" || path.starts_with("/dashboard/");
}

void WebHandler::handle(http::Request request, http::Respond respond) {
  if (needs_https(request, s_.config)) {
    std::string base = s_.config.server.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return respond(redirect_response(base + request.target, 301, PageSecurity{true, {}}));
  }
  if (request.path.starts_with(kAssetPrefix)) {
    if (auto asset = serve_asset(request.path)) return respond(std::move(*asset));
  }
  struct Job {
    http::Request request;
    http::Respond respond;
  };
  auto job = std::make_shared<Job>(Job{std::move(request), std::move(respond)});
  auto run = [this, job] {
    const auto& req = job->request;
    PageContext ctx{req, s_, templates_};
    ctx.info.ip = http::client_ip(req, s_.config.server.trusted_proxies);
    ctx.info.user_agent = std::string(req.header("user-agent").value_or("")).substr(0, 255);
    ctx.info.request_id = req.id;
    ctx.tls = req.secure || s_.oauth.issuer().starts_with("https://");
    ctx.origin = std::string(ctx.tls ? "https://" : "http://") +
                 std::string(req.header("host").value_or("")).substr(0, 255);
    job->respond(dispatch(ctx));
  };
  // Password checks (Argon2id) run on the hashing pool; everything else here.
  const auto& req = job->request;
  const bool hashing = req.method == "POST" &&
                       (req.path == "/login" || req.path == "/signup" || req.path == "/reauth" ||
                        req.path == "/dashboard/account/password");
  if (!hashing) return run();
  if (!s_.hash_pool.try_submit(run)) {
    http::Response r = html_response(
        503, "<!doctype html><title>Busy</title><p>The server is busy. Please try again in a moment.</p>", {});
    r.set("Retry-After", "1");
    job->respond(std::move(r));
  }
}

http::Response WebHandler::dispatch(PageContext& ctx) {
  const auto& req = ctx.request;
  auto query = http::Form::parse(req.query);
  if (!query) return ctx.error_page(400, "Bad request", "The address is malformed.");
  ctx.query = std::move(*query);
  const bool get = req.method == "GET" || req.method == "HEAD";
  const bool post = req.method == "POST";
  if (post) {
    auto type = req.header("content-type").value_or("");
    if (type.substr(0, type.find(';')) != "application/x-www-form-urlencoded")
      return ctx.error_page(415, "Unsupported form", "Forms must be sent as application/x-www-form-urlencoded.");
    auto form = http::Form::parse(req.body);
    if (!form) return ctx.error_page(400, "Bad request", "The form is malformed.");
    ctx.form = std::move(*form);
  }
  if (auto c = http::cookie_value(req, ctx.pre_cookie_name()); c && c->size() == 48) ctx.pre_cookie = *c;
  if (auto c = http::cookie_value(req, ctx.session_cookie_name())) {
    auto bs = s_.sessions.resolve(*c);
    if (bs) {
      ctx.session = std::move(*bs);
      if (ctx.session->complete()) ctx.info.actor_id = ctx.session->account.id;
    } else if (bs.error().code == ErrorCode::kUnavailable)
      return ctx.error_page(503, "Service unavailable", "Please try again in a moment.");
    else ctx.clear_session_cookie();
  }
  const std::string_view path = req.path;
  auto method_not_allowed = [&] { return ctx.error_page(405, "Method not allowed", "This page does not accept that method."); };

  if (path == "/") return get ? home(ctx) : method_not_allowed();
  if (path == "/dashboard" || path.starts_with("/dashboard/")) return dashboard(ctx);
  if (path == "/login") return get ? login_form(ctx) : post ? login_submit(ctx) : method_not_allowed();
  if (path == "/login/second-factor")
    return get ? second_factor_form(ctx) : post ? second_factor_submit(ctx) : method_not_allowed();
  if (path == "/logout") return post ? logout(ctx) : method_not_allowed();
  if (path == "/signup") return get ? signup_form(ctx) : post ? signup_submit(ctx) : method_not_allowed();
  if (path == "/reauth") return get ? reauth_form(ctx) : post ? reauth_submit(ctx) : method_not_allowed();
  if (path == "/oauth/authorize") return get ? authorize(ctx) : post ? authorize_decision(ctx) : method_not_allowed();
  if (path == "/device") return get ? device_form(ctx) : post ? device_lookup(ctx) : method_not_allowed();
  if (path == "/device/decision") return post ? device_decision(ctx) : method_not_allowed();
  if (path.starts_with(service::kCliBrowserPrefix))
    return get ? cli_login_page(ctx) : post ? cli_login_decision(ctx) : method_not_allowed();
  return ctx.error_page(404, "Not found", "There is no page at this address.");
}

}  // namespace latchkey::web
