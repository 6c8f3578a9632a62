// The authorization endpoint's redirect_uri match (S37): raw string equality,
// except any port on a loopback IP literal (RFC 8252 §7.3).
#include <gtest/gtest.h>

#include "auth/redirect_uri.h"

namespace latchkey::auth {
namespace {

TEST(RedirectUriMatch, OnlyTheExactStringForWebClients) {
  const std::string reg = "https://app.example/cb";
  EXPECT_TRUE(redirect_uri_matches(reg, reg));
  for (const char* bad : {"https://app.example/cb/x", "https://app.example/cb/", "https://app.example/cb?x=1",
                          "https://app.example/cb#f", "https://app.example/CB", "https://APP.example/cb",
                          "https://app.example:443/cb", "http://app.example/cb",
                          "https://app.example.evil.com/cb", "https://app.example@evil.com/cb",
                          "https://app.example%2F@evil.com/cb", "https://app.example/cb/../evil",
                          "https:app.example/cb", "//evil.com/cb", "https://app.example/cb ", ""})
    EXPECT_FALSE(redirect_uri_matches(reg, bad)) << bad;
  EXPECT_FALSE(redirect_uri_matches(reg, std::string(reg) + '\0'));
}

TEST(RedirectUriMatch, LoopbackAllowsAnyPortAndNothingElse) {
  EXPECT_TRUE(redirect_uri_matches("http://127.0.0.1/cb", "http://127.0.0.1:51234/cb"));
  EXPECT_TRUE(redirect_uri_matches("http://127.0.0.1:8000/cb", "http://127.0.0.1:9/cb"));
  EXPECT_TRUE(redirect_uri_matches("http://[::1]/cb", "http://[::1]:4000/cb"));
  EXPECT_TRUE(redirect_uri_matches("http://127.0.0.1/cb", "http://127.0.0.1/cb"));
  for (const char* bad : {"http://127.0.0.1:0/cb", "http://127.0.0.1:65536/cb", "http://127.0.0.1:01/cb",
                          "http://127.0.0.1:80/cb/", "http://127.0.0.1:80/CB", "http://127.0.0.1.evil.com/cb",
                          "http://127.0.0.10/cb", "http://localhost:80/cb", "https://127.0.0.1:80/cb",
                          "http://[::1]:80/cb", "http://127.0.0.1:/cb", "http://127.0.0.1:80@evil/cb"})
    EXPECT_FALSE(redirect_uri_matches("http://127.0.0.1/cb", bad)) << bad;
  // localhost is a name, not a literal: no port freedom (RFC 8252 §8.3).
  EXPECT_FALSE(redirect_uri_matches("http://localhost/cb", "http://localhost:80/cb"));
}

}  // namespace
}  // namespace latchkey::auth
