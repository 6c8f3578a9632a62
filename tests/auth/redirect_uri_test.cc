// Registration rules for redirect URIs (S37 registration rows, RFC 8252 §7.3).
#include <gtest/gtest.h>

#include "auth/redirect_uri.h"

namespace latchkey::auth {
namespace {

TEST(RedirectUri, HttpsAndLoopbackHttpAreAccepted) {
  for (const char* ok : {"https://app.example/cb", "https://app.example:8443/cb?x=1",
                         "http://127.0.0.1/cb", "http://127.0.0.1:53117/callback", "http://[::1]:8080/cb",
                         "http://localhost:3000/auth/callback", "https://app.example"}) {
    EXPECT_TRUE(validate_redirect_uri(ok).has_value()) << ok;
  }
}

TEST(RedirectUri, EverythingElseIsRefusedWithAReason) {
  for (const char* bad : {"", "http://app.example/cb", "http://127.0.0.2.evil.com/cb", "http://127.0.0.1.evil.com/cb", "http://127.0.0.1@evil.com/cb", "http://localhost.evil.com/cb",
                          "https://user@app.example/cb", "https://app.example@evil.com/cb",
                          "https://app.example/cb#frag", "https://app.example/cb ", " https://app.example/cb",
                          "https://app.example/c b", "javascript:alert(1)", "data:text/html,x", "ftp://app.example/cb",
                          "//evil.com/cb", "/cb", "https:app.example/cb", "https:///cb", "custom.scheme:/cb",
                          "https://app.example/\x01", "https://app.exämple/cb"}) {
    auto r = validate_redirect_uri(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidParams);
    EXPECT_EQ(r.error().id, "invalid_redirect_uri");
    EXPECT_NE(r.error().message.find("redirect_uri"), std::string::npos);
  }
  EXPECT_FALSE(validate_redirect_uri("https://app.example/" + std::string(2000, 'a')).has_value());
}

TEST(RedirectUri, LoopbackHostsAreExactlyThree) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.nip.io"));
  EXPECT_FALSE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
}

}  // namespace
}  // namespace latchkey::auth
