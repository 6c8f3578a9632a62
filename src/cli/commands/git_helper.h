// git's credential helper for the git host, as `latchkey login` installs it
// and `latchkey logout` removes it (the heroku CLI's form, compat spec A.4):
//   git config --global credential.https://<git host>.helper '!<latchkey> git:credentials'
// where <latchkey> is the absolute path of the running binary.
// Thread safety: used by one thread.
#pragma once

#include <string_view>

#include "cli/context.h"

namespace latchkey::cli {

enum class HelperChoice {
  kAsk,      // ask on a terminal, do nothing otherwise
  kInstall,  // --git-credentials
  kSkip,     // --no-git-credentials
};

// After a successful login. Problems only warn: the login stands.
void offer_credential_helper(Context& ctx, std::string_view api_url, HelperChoice choice);

// On logout: removes the helper key for the git host when it holds our (or
// the heroku CLI's) helper, which served the credentials just removed.
void remove_credential_helper(Context& ctx, std::string_view api_url);

}  // namespace latchkey::cli
