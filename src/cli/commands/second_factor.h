// Requests the server may refuse until they carry the account's current
// second factor: the server answers 403 {"id":"two_factor"} and the client
// repeats the request once with `Heroku-Two-Factor-Code: <code>` (compat spec
// B.1). Login, mfa:enable (replacing an authenticator), mfa:disable and
// mfa:recovery-codes all go through here, so the prompt and the retry rule
// live in one place.
// Thread safety: uses the Context's prompter and transport; one thread.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "cli/commands/command.h"

namespace latchkey::cli {

inline constexpr std::string_view kTwoFactorPrompt = "Two-factor code: ";

// Performs the call. If the answer is 403 with id "two_factor", asks
// kTwoFactorPrompt (hidden) and repeats the call exactly once with the code
// in kTwoFactorHeader; whatever the second answer is, it is returned. An
// empty code fails locally without a second request.
Outcome<boost::json::value> call_with_second_factor(Context& ctx, ApiClient& api, std::string_view method,
                                                    std::string_view path, CallOptions options);

// A one-time code as typed: spaces and tabs are dropped anywhere, so
// "123 456" (as authenticator apps display it) reads as "123456".
std::string normalize_code(std::string_view typed);

}  // namespace latchkey::cli
