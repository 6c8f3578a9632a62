// Where the CLI's API URL and token come from, and where a login is stored.
//
// API URL: --api-url, else $LATCHKEY_API_URL, else $HEROKU_HOST when it starts
// with "http" (as the heroku CLI reads it), else http://127.0.0.1:5000.
// Token: $LATCHKEY_API_KEY, else $HEROKU_API_KEY, else the netrc entry of the
// API machine ($NETRC, else $HOME/.netrc). The netrc `default` entry is never
// used. Machine names follow the heroku CLI: "host:port" when the URL names a
// port, else "host"; $LATCHKEY_GIT_HOST / $HEROKU_GIT_HOST add a git machine.
// Thread safety: free functions over their arguments (and the netrc file).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/context.h"
#include "cli/failure.h"
#include "core/secret.h"

namespace latchkey::cli {

inline constexpr std::string_view kDefaultApiUrl = "http://127.0.0.1:5000";

enum class TokenSource { kNone, kLatchkeyApiKey, kHerokuApiKey, kNetrc };

struct Credentials {
  std::string api_url;   // without a trailing slash
  std::string machine;   // the API's netrc machine
  TokenSource source = TokenSource::kNone;
  Secret token;          // empty when source is kNone
  std::string email;     // netrc `login` of the API machine, if any
};

// The variable name for env sources ("LATCHKEY_API_KEY"), "netrc" otherwise.
std::string_view token_source_name(TokenSource source);

std::string resolve_api_url(const Environment& env, const std::optional<std::string>& flag);

// "host" or "host:port" (default ports dropped, host lower-cased).
Outcome<std::string> machine_for_url(std::string_view url);

// The API machine first, then a distinct git machine if configured.
Outcome<std::vector<std::string>> credential_machines(const Environment& env, std::string_view api_url);

Outcome<std::filesystem::path> netrc_path(const Environment& env);

// The netrc `login`/`password` of the API machine, if there is an entry.
struct StoredLogin {
  std::string email;
  Secret token;
};
Outcome<std::optional<StoredLogin>> stored_login(const Environment& env, std::string_view api_url);

Outcome<Credentials> resolve_credentials(const Environment& env, const std::optional<std::string>& flag);

// Writes `machine X / login / password` for every credential machine.
Outcome<void> store_login(const Environment& env, std::string_view api_url, std::string_view email,
                          const Secret& token);

// Removes the entries of every credential machine.
Outcome<void> remove_login(const Environment& env, std::string_view api_url);

}  // namespace latchkey::cli
