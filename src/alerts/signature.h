// The Latchkey-Signature header of alert webhooks (docs/alerts.md), Stripe-
// style: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. The
// timestamp inside the MAC lets receivers refuse replays (e.g. older than 5 min).
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/clock.h"

namespace latchkey::alerts {

inline constexpr std::string_view kSignatureHeader = "Latchkey-Signature";

std::string sign_webhook(std::string_view secret, UnixTime t, std::string_view body);

// True if `header` carries a v1 MAC of `body` under `secret` whose t is within
// `tolerance_s` of `now` (constant-time MAC comparison).
bool verify_webhook(std::string_view secret, std::string_view header, std::string_view body,
                    UnixTime now, UnixTime tolerance_s = 300);

}  // namespace latchkey::alerts
