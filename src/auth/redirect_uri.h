// Registration rules for OAuth redirect URIs (security checklist S37, RFC 9700
// §2.6, RFC 8252 §7.3): an absolute https URI with a host, or http only on a
// loopback host (127.0.0.1, [::1], localhost) for native apps; never userinfo
// or a fragment; no whitespace or control characters; at most 2000 bytes.
// The authorization endpoint later matches the registered string exactly
// (loopback: any port), so nothing is normalised here.
// Thread safety: pure functions.
#pragma once

#include <string_view>

#include "core/result.h"

namespace latchkey::auth {

inline constexpr std::size_t kMaxRedirectUri = 2000;

// Ok, or kInvalidParams with a message naming the rule that failed.
Status validate_redirect_uri(std::string_view uri);

// True for the hosts a native app's loopback redirect may use.
bool is_loopback_host(std::string_view host);

// The authorization endpoint's match (S37): the raw strings are equal, byte for
// byte, with one exception (RFC 8252 §7.3): when `registered` is an http URI on
// a loopback IP literal (127.0.0.1 or [::1]), `requested` may name any port
// 1-65535 and must otherwise be equal. Nothing is decoded or normalised.
bool redirect_uri_matches(std::string_view registered, std::string_view requested);

}  // namespace latchkey::auth
