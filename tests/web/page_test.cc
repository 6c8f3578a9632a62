#include "web/page.h"

#include <gtest/gtest.h>

#include "web/assets.h"

namespace latchkey::web {
namespace {

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

void expect_page_headers(const http::Response& r) {
  EXPECT_EQ(r.get("X-Frame-Options"), "DENY");
  EXPECT_EQ(r.get("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(r.get("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(r.get("Cross-Origin-Opener-Policy"), "same-origin");
  EXPECT_EQ(r.get("Cache-Control"), "no-store");
  const auto csp = r.get("Content-Security-Policy");
  ASSERT_TRUE(csp);
  for (std::string_view directive :
       {"default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'",
        "script-src 'self'", "style-src 'self'", "form-action 'self'"})
    EXPECT_TRUE(contains(*csp, directive)) << directive;
}

TEST(Page, HtmlResponseHeaders) {
  const auto r = html_response(404, "<p>x</p>", {});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, "<p>x</p>");
  EXPECT_EQ(r.get("Content-Type"), "text/html; charset=utf-8");
  expect_page_headers(r);
  EXPECT_FALSE(r.get("Strict-Transport-Security"));
  EXPECT_EQ(*r.get("Content-Security-Policy"),
            "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
            "form-action 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:");
}

TEST(Page, HstsOnlyOverTls) {
  const auto r = html_response(200, "", PageSecurity{.tls = true});
  EXPECT_EQ(r.get("Strict-Transport-Security"), "max-age=31536000; includeSubDomains");
}

TEST(Page, FormActionExtraOrigins) {
  PageSecurity security;
  security.form_action_origins = {"https://Client.Example",
                                  "http://127.0.0.1:8123",
                                  "https://x.example; script-src *",
                                  "https://a.example/path",
                                  "javascript:alert(1)",
                                  "https://u@evil.example",
                                  ""};
  const std::string csp = content_security_policy(security);
  EXPECT_TRUE(
      contains(csp, "form-action 'self' https://client.example http://127.0.0.1:8123; script-src"));
  EXPECT_FALSE(contains(csp, "x.example"));
  EXPECT_FALSE(contains(csp, "a.example"));
  EXPECT_FALSE(contains(csp, "javascript"));
  EXPECT_FALSE(contains(csp, "evil"));
  EXPECT_EQ(html_response(200, "", security).get("Content-Security-Policy"), csp);
}

TEST(Page, FormActionOrigin) {
  EXPECT_EQ(form_action_origin("https://App.Example.com/cb?x=1"), "https://app.example.com");
  EXPECT_EQ(form_action_origin("http://127.0.0.1:4567/callback"), "http://127.0.0.1:4567");
  EXPECT_EQ(form_action_origin("http://[::1]:80"), "http://[::1]:80");
  EXPECT_FALSE(form_action_origin("/relative"));
  EXPECT_FALSE(form_action_origin("com.example.app:/cb"));
  EXPECT_FALSE(form_action_origin("https://user@host.example/"));
  EXPECT_FALSE(form_action_origin("https:///path"));
  EXPECT_FALSE(form_action_origin("https://a'b.example/"));
}

TEST(Page, RedirectResponse) {
  const auto r = redirect_response("/dashboard");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.get("Location"), "/dashboard");
  EXPECT_TRUE(r.body.empty());
  expect_page_headers(r);
  EXPECT_EQ(redirect_response("https://app.example/cb?code=x", 302).status, 302);
  EXPECT_EQ(redirect_response("/x\r\nSet-Cookie: a=b").get("Location"), "/");
  EXPECT_EQ(redirect_response("").get("Location"), "/");
  EXPECT_TRUE(
      redirect_response("/", 303, PageSecurity{.tls = true}).get("Strict-Transport-Security"));
}

http::Request post(std::vector<std::pair<std::string, std::string>> headers) {
  http::Request r;
  r.method = "POST";
  r.headers = std::move(headers);
  return r;
}

TEST(Page, SameOriginPost) {
  constexpr std::string_view kOrigin = "https://auth.example";
  EXPECT_TRUE(same_origin_post(post({}), kOrigin));
  EXPECT_TRUE(same_origin_post(post({{"origin", "https://auth.example"}}), kOrigin));
  EXPECT_TRUE(
      same_origin_post(post({{"origin", "https://AUTH.example"}}), "https://auth.example/"));
  EXPECT_TRUE(same_origin_post(post({{"sec-fetch-site", "same-origin"}}), kOrigin));
  EXPECT_TRUE(same_origin_post(post({{"sec-fetch-site", "none"}}), kOrigin));
  EXPECT_TRUE(same_origin_post(
      post({{"sec-fetch-site", "same-origin"}, {"origin", "https://auth.example"}}), kOrigin));

  EXPECT_FALSE(same_origin_post(post({{"origin", "https://evil.example"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(post({{"origin", "null"}}), kOrigin));
  // Chrome's same-origin form POST from a no-referrer page: Origin null, but
  // the unforgeable Sec-Fetch-Site says same-origin.
  EXPECT_TRUE(same_origin_post(post({{"origin", "null"}, {"sec-fetch-site", "same-origin"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(post({{"origin", "null"}, {"sec-fetch-site", "cross-site"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(post({{"origin", "null"}, {"sec-fetch-site", "none"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(post({{"origin", "https://auth.example:8443"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(post({{"origin", "http://auth.example"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(post({{"sec-fetch-site", "cross-site"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(post({{"sec-fetch-site", "same-site"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(
      post({{"sec-fetch-site", "cross-site"}, {"origin", "https://auth.example"}}), kOrigin));
  EXPECT_FALSE(same_origin_post(
      post({{"origin", "https://auth.example"}, {"origin", "https://evil.example"}}), kOrigin));
}

TEST(Assets, ServesStylesheet) {
  const auto r = serve_asset("/assets/style.css");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(r->get("Cache-Control"), "public, max-age=3600");
  EXPECT_EQ(r->get("X-Content-Type-Options"), "nosniff");
  EXPECT_TRUE(contains(r->body, ":focus-visible"));

  const auto js = serve_asset("/assets/copy.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->get("Content-Type"), "text/javascript; charset=utf-8");
}

TEST(Assets, UnknownOrTraversalIsNullopt) {
  EXPECT_FALSE(serve_asset("/assets/missing.css"));
  EXPECT_FALSE(serve_asset("/assets/"));
  EXPECT_FALSE(serve_asset("/assets/../templates/login.tpl"));
  EXPECT_FALSE(serve_asset("/assets/%2e%2e/templates/login.tpl"));
  EXPECT_FALSE(serve_asset("/templates/login.tpl"));
  EXPECT_FALSE(serve_asset("/style.css"));
  EXPECT_FALSE(serve_asset("/assets/style.css/"));
}

}  // namespace
}  // namespace latchkey::web
