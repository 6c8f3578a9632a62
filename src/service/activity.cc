#include "service/activity.h"

#include <algorithm>

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

}  // namespace latchkey::service
