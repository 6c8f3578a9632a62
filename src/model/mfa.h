// Multi-factor authentication state of one account: its TOTP factor (active
// and/or an enrolment awaiting confirmation) and a summary of its recovery
// codes. Plain data; see service/mfa.h for the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"

namespace latchkey::model {

struct TotpFactor {
  std::string account_id;
  // The active secret sealed with the server key (auth::SecretBox, context
  // "totp:<account id>"); empty while no factor is active.
  std::string secret_sealed;
  std::int64_t last_used_step = -1;  // the newest accepted time step (S13)
  std::optional<UnixTime> confirmed_at;
  // An enrolment awaiting its proof code; empty if none.
  std::string pending_sealed;
  int pending_failures = 0;  // wrong confirmation codes for the pending secret
  UnixTime pending_created_at = 0;

  bool active() const { return !secret_sealed.empty(); }
  bool pending() const { return !pending_sealed.empty(); }
};

struct RecoveryCodeSummary {
  int total = 0;
  int remaining = 0;
  std::optional<UnixTime> created_at;  // when the current set was issued
};

}  // namespace latchkey::model
