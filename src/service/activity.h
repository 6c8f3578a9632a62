// The account's own security events (sign-ins, failures, MFA changes, tokens
// created and revoked, ...), newest first, a page at a time: what the
// dashboard's Activity page shows. Reads only; events are written by the
// service that makes each change, in the same transaction (R1c).
// Thread safety: thread-safe.
#pragma once

#include <vector>

#include "model/account.h"
#include "model/audit_event.h"
#include "service/deps.h"

namespace latchkey::service {

inline constexpr int kActivityPageSize = 25;
inline constexpr int kActivityMaxPages = 40;  // 1,000 events back

struct ActivityPage {
  std::vector<model::AuditEvent> events;  // newest first, at most kActivityPageSize
  int page = 1;                           // 1-based
  bool has_next = false;
};

class ActivityService {
 public:
  explicit ActivityService(Deps deps) : deps_(deps) {}
  // Page `page` (1-based; clamped to 1..kActivityMaxPages).
  Result<ActivityPage> page(const model::Account& account, int page);

 private:
  Deps deps_;
};

}  // namespace latchkey::service
