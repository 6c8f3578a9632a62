#include "http/cookie.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

TEST(CookieValue, FindsFirstMatch) {
  EXPECT_EQ(cookie_value("a=b; c=d", "c"), "d");
  EXPECT_EQ(cookie_value("a=b; c=d", "a"), "b");
  EXPECT_EQ(cookie_value("x=1; x=2", "x"), "1");
  EXPECT_FALSE(cookie_value("a=b; c=d", "e"));
  EXPECT_FALSE(cookie_value("a=b", "A"));  // names are case-sensitive
  EXPECT_FALSE(cookie_value("ab=1", "a"));
}

TEST(CookieValue, ToleratesSpacingAndJunk) {
  EXPECT_EQ(cookie_value("  a = b ;c=d;;  e=f  ", "a"), "b");
  EXPECT_EQ(cookie_value("a=b;c=d", "c"), "d");
  EXPECT_EQ(cookie_value("\ta=b\t; e=f", "e"), "f");
  EXPECT_EQ(cookie_value("flag; a=b", "a"), "b");  // pieces without '=' are skipped
  EXPECT_FALSE(cookie_value("flag", "flag"));
  EXPECT_EQ(cookie_value("a=", "a"), "");
  EXPECT_EQ(cookie_value("a=x=y", "a"), "x=y");
  EXPECT_FALSE(cookie_value("", "a"));
  EXPECT_FALSE(cookie_value(";;;", "a"));
  EXPECT_FALSE(cookie_value("=b", ""));
}

TEST(CookieValue, ValueIsRaw) {
  EXPECT_EQ(cookie_value("a=%41%20", "a"), "%41%20");
  EXPECT_EQ(cookie_value("a=\"quoted\"", "a"), "\"quoted\"");
}

TEST(CookieValue, SearchesEveryCookieHeader) {
  Request request;
  request.headers = {{"cookie", "a=1"}, {"x-other", "b=9"}, {"cookie", "b=2; c=3"}};
  EXPECT_EQ(cookie_value(request, "a"), "1");
  EXPECT_EQ(cookie_value(request, "b"), "2");
  EXPECT_EQ(cookie_value(request, "c"), "3");
  EXPECT_FALSE(cookie_value(request, "d"));
  EXPECT_FALSE(cookie_value(Request{}, "a"));
}

TEST(SetCookie, SecureDefaults) {
  EXPECT_EQ(set_cookie_header("__Host-session", "lks_abc", {}),
            "__Host-session=lks_abc; Path=/; HttpOnly; Secure; SameSite=Lax");
  CookieOptions options;
  options.max_age = 3600;
  options.same_site = "strict";
  EXPECT_EQ(set_cookie_header("__Host-csrf", "t", options),
            "__Host-csrf=t; Path=/; Max-Age=3600; HttpOnly; Secure; SameSite=Strict");
}

TEST(SetCookie, DevelopmentOptionsAndNeverDomain) {
  CookieOptions options;
  options.secure = false;
  options.http_only = false;
  options.same_site = "";
  options.max_age = -5;
  const std::string header = set_cookie_header("latchkey_session", "v", options);
  EXPECT_EQ(header, "latchkey_session=v; Path=/; Max-Age=0");
  EXPECT_EQ(header.find("Domain"), std::string::npos);
  options.same_site = "bogus";
  EXPECT_EQ(set_cookie_header("n", "v", options), "n=v; Path=/; Max-Age=0; SameSite=Lax");
}

TEST(SetCookie, CannotInjectAttributes) {
  const std::string header = set_cookie_header("a b;", "x; Domain=evil.example\r\n", {});
  EXPECT_EQ(header,
            "a%20b%3B=x%3B%20Domain=evil.example%0D%0A; Path=/; HttpOnly; Secure; SameSite=Lax");
  EXPECT_EQ(header.find("; Domain"), std::string::npos);
}

TEST(SetCookie, Clear) {
  EXPECT_EQ(clear_cookie_header("__Host-session", true),
            "__Host-session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax");
  EXPECT_EQ(clear_cookie_header("latchkey_session", false),
            "latchkey_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
}

}  // namespace
}  // namespace latchkey::http
