// Reading the audit trail (docs/audit.md): the account's own security events
// (sign-ins, failures, MFA changes, tokens created and revoked, ...) for the
// dashboard's Activity page and GET /account/events, a team's events for its
// admins (GET /teams/{team}/events, policy team.events_read), every event for
// operators (GET /admin/events, `latchkeyd admin events`), and retention.
// Reads only (and pruning); events are written by the service that makes each
// change, in the same transaction (R1c).
// Thread safety: thread-safe.
#pragma once

#include <vector>

#include "model/account.h"
#include "model/audit_event.h"
#include "service/deps.h"
#include "service/principal.h"
#include "service/request_info.h"

namespace latchkey::service {

inline constexpr int kActivityPageSize = 25;
inline constexpr int kActivityMaxPages = 40;  // 1,000 events back

struct ActivityPage {
  std::vector<model::AuditEvent> events;  // newest first, at most kActivityPageSize
  int page = 1;                           // 1-based
  bool has_next = false;
};

// One keyset page of events and whether more follow in the same order.
struct EventPage {
  std::vector<model::AuditEvent> events;
  bool more = false;
};

inline constexpr int kRetentionBatch = 500;  // rows per prune transaction

class ActivityService {
 public:
  explicit ActivityService(Deps deps) : deps_(deps) {}
  // Page `page` (1-based; clamped to 1..kActivityMaxPages).
  Result<ActivityPage> page(const model::Account& account, int page);

  // The caller's events: those about it (subject) or done by it (actor).
  // `q.account_id`, `subject_id` and `team_id` are overwritten.
  Result<EventPage> account_events(const Principal& p, store::AuditQuery q);
  // A team's events (the team, its members, its apps), for its admins:
  // kNotFound("team") for non-members, kForbidden (audited) for others.
  Result<EventPage> team_events(const Principal& p, const std::string& team, store::AuditQuery q,
                                const RequestInfo& info);
  // Every event, for operators (accounts with is_admin); kForbidden for others.
  // `account` (an email or an account id, may be empty) narrows to that
  // account's events; an unknown one is kNotFound("user").
  Result<EventPage> all_events(const Principal& p, const std::string& account, store::AuditQuery q);
  // The same for the in-process `latchkeyd admin events` (no principal).
  Result<EventPage> operator_events(const std::string& account, store::AuditQuery q);

  // Retention: deletes events older than `days` days (0: keeps everything).
  Result<long> prune(int days);

 private:
  Deps deps_;
};

}  // namespace latchkey::service
