// ActivityService (activity.h): audit-trail reads and retention.
#include "service/activity.h"

#include <algorithm>

#include "service/accounts.h"
#include "service/platform_common.h"

namespace latchkey::service {

Result<ActivityPage> ActivityService::page(const model::Account& account, int page) {
  ActivityPage out;
  out.page = std::clamp(page, 1, kActivityMaxPages);
  const int skip = (out.page - 1) * kActivityPageSize;
  auto events = deps_.store.audit().list(account.id, skip + kActivityPageSize + 1);
  if (!events) return fail(events.error());
  const int have = static_cast<int>(events->size());
  out.has_next = have > skip + kActivityPageSize && out.page < kActivityMaxPages;
  for (int i = skip; i < std::min(have, skip + kActivityPageSize); ++i) out.events.push_back(std::move((*events)[i]));
  return out;
}

namespace {

constexpr int kMaxEventPage = 1000;
constexpr UnixTime kSecondsPerDay = 86'400;

// Reads one more than asked to tell whether another page follows.
Result<EventPage> read_page(Deps& deps, store::AuditQuery q) {
  q.limit = std::clamp(q.limit, 1, kMaxEventPage);
  const int want = q.limit;
  q.limit = want + 1;
  auto events = deps.store.audit().query(q);
  if (!events) return fail(events.error());
  EventPage page;
  page.more = static_cast<int>(events->size()) > want;
  if (page.more) events->resize(want);
  page.events = std::move(*events);
  return page;
}

}  // namespace

Result<EventPage> ActivityService::account_events(const Principal& p, store::AuditQuery q) {
  q.account_id = p.account.id;
  q.subject_id.clear();
  q.team_id.clear();
  return read_page(deps_, std::move(q));
}

Result<EventPage> ActivityService::team_events(const Principal& p, const std::string& team,
                                               store::AuditQuery q, const RequestInfo& info) {
  auto g = detail::team_gate(deps_, p, team, policy::Action::kTeamEventsRead, info);
  if (!g) return fail(g.error());
  q.account_id.clear();
  q.subject_id.clear();
  q.team_id = g->team.id;
  return read_page(deps_, std::move(q));
}

Result<EventPage> ActivityService::all_events(const Principal& p, const std::string& account,
                                              store::AuditQuery q) {
  if (!p.account.is_admin)
    return fail(Error(ErrorCode::kForbidden, "Only operators can read every account's events."));
  return operator_events(account, std::move(q));
}

Result<EventPage> ActivityService::operator_events(const std::string& account, store::AuditQuery q) {
  q.subject_id.clear();
  q.account_id.clear();
  if (!account.empty()) {
    auto found = account.find('@') != std::string::npos
                     ? deps_.store.accounts().find_by_email(AccountService::normalize_email(account))
                     : deps_.store.accounts().find_by_id(account);
    // A deleted account's trail stays: an id that no longer resolves is still searched.
    if (found) q.account_id = found->id;
    else if (found.error().code != ErrorCode::kNotFound) return fail(found.error());
    else if (account.find('@') == std::string::npos) q.account_id = account;
    else return fail(not_found("user", "Couldn't find that user."));
  }
  return read_page(deps_, std::move(q));
}

Result<long> ActivityService::prune(int days) {
  if (days <= 0) return 0L;
  return deps_.store.audit().prune(deps_.clock.now() - days * kSecondsPerDay, kRetentionBatch);
}

}  // namespace latchkey::service
