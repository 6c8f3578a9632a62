// `latchkey login` without -i: a login approved in a signed-in browser.
//  - device_login: the OAuth 2.0 device authorization grant (RFC 8628) with
//    the built-in public client `latchkey-cli` — the default. Works on any
//    machine, also one without a browser: the user types a short code on
//    another device.
//  - browser_login: the Heroku CLI's browser login (compat spec B.2): POST
//    /auth, then a long poll on cli_url — `login --browser`.
// Both print what to open on stderr, open a browser only where this machine
// has one (system.h: browser_command), wait for the decision and return the
// new token (a CLI session: ended by `logout`). Storing it is the caller's job.
// Thread safety: uses the Context's transport, clock, sleeper and launcher; one thread.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "cli/commands/command.h"
#include "core/secret.h"

namespace latchkey::cli {

inline constexpr std::string_view kCliClientId = "latchkey-cli";
inline constexpr std::string_view kDeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";
// RFC 8628 §3.2: the polling interval when the server names none.
inline constexpr std::chrono::seconds kDefaultPollInterval{5};
// RFC 8628 §3.5: every slow_down adds 5 s to the interval, for good.
inline constexpr std::chrono::seconds kSlowDownStep{5};
// Connection failures and 5xx answers in a row before giving up.
inline constexpr int kMaxTransientFailures = 3;
// How long `--browser` waits in all (the server's request lifetime).
inline constexpr std::chrono::seconds kBrowserLoginWait{900};

// `app` opens the browser instead of $BROWSER / xdg-open (`--browser APP`).
Outcome<Secret> device_login(Context& ctx, ApiClient& anonymous, const std::optional<std::string>& app);
Outcome<Secret> browser_login(Context& ctx, ApiClient& anonymous, const std::optional<std::string>& app);

}  // namespace latchkey::cli
