#include "cli/otpauth.h"

#include <gtest/gtest.h>

namespace latchkey::cli {
namespace {

TEST(Otpauth, IssuerAndAccountFromLabelAndParameter) {
  auto a = otpauth_account("otpauth://totp/Latchkey:me%40example.com?secret=JBSW&issuer=Latchkey&digits=6");
  EXPECT_EQ(a.issuer, "Latchkey");
  EXPECT_EQ(a.account, "me@example.com");
  auto b = otpauth_account("otpauth://totp/ACME%20Co:%20%20john@example.com?issuer=ACME%20Co");
  EXPECT_EQ(b.issuer, "ACME Co");
  EXPECT_EQ(b.account, "john@example.com");
}

TEST(Otpauth, ParameterWinsAndPartsAreOptional) {
  EXPECT_EQ(otpauth_account("otpauth://totp/Old:me?issuer=New").issuer, "New");
  auto plain = otpauth_account("otpauth://totp/me@example.com?secret=X");
  EXPECT_EQ(plain.issuer, "");
  EXPECT_EQ(plain.account, "me@example.com");
  auto no_query = otpauth_account("OTPAUTH://totp/Iss:acc#frag");
  EXPECT_EQ(no_query.issuer, "Iss");
  EXPECT_EQ(no_query.account, "acc");
}

TEST(Otpauth, UntrustedInputNeverFailsAndNeverCarriesControls) {
  auto a = otpauth_account("otpauth://totp/%1B%5B2J:x%0Ay?issuer=%07bell%");
  EXPECT_EQ(a.issuer, "?bell%");
  EXPECT_EQ(a.account, "x?y");
  for (std::string_view junk : {"", "otpauth:", "otpauth://", "otpauth://totp", "https://x/a:b", "otpauth://totp/?",
                                "otpauth://totp/:?issuer"}) {
    auto r = otpauth_account(junk);
    EXPECT_EQ(r.account, "") << junk;
  }
  EXPECT_EQ(printable("a\tb\x7f"), "a?b?");
}

}  // namespace
}  // namespace latchkey::cli
