// Reading back the otpauth:// URI the server sends when an authenticator is
// enrolled ("Key Uri Format" of Google Authenticator, the de-facto spec):
//   otpauth://totp/<issuer>:<account>?secret=<B32>&issuer=<issuer>&...
// The CLI only needs the issuer and account names, to show next to the
// secret for people who type the key by hand.
//
// The URI comes from the server, so it is untrusted: the parser never fails
// (missing parts read as "") and its results carry no control characters,
// so printing them cannot drive the terminal. Fuzzed by
// fuzz/otpauth_label_fuzz.cc.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace latchkey::cli {

struct OtpauthAccount {
  std::string issuer;
  std::string account;
};

// The label "issuer:account" (percent-decoded; the issuer prefix and the
// spaces after its colon are optional) and the `issuer` parameter, which wins
// when both are present.
OtpauthAccount otpauth_account(std::string_view uri);

// `text` with every C0 control character and DEL replaced by '?'.
std::string printable(std::string_view text);

}  // namespace latchkey::cli
