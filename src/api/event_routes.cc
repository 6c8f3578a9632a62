// The audit trail over the Platform API (docs/audit.md, checklist S57):
//   GET /account/events        the caller's events (subject or actor), global scope
//   GET /teams/{team}/events   a team's events, team admins (policy team.events_read)
//   GET /admin/events          every event, operators (accounts.is_admin), global scope
// Newest first, keyset-paged on seq with Range/Next-Range (event_query.h).
#include <boost/json.hpp>

#include "api/event_query.h"
#include "api/handlers.h"
#include "model/audit_event_json.h"
#include "service/activity.h"

namespace latchkey::api {
namespace json = boost::json;
namespace {

Result<Reply> page_reply(const store::AuditQuery& q, Result<service::EventPage> page) {
  if (!page) return fail(page.error());
  json::array items;
  for (const auto& e : page->events) items.push_back(model::audit_event_json(e));
  const bool any = !page->events.empty();
  auto h = event_range_headers(q, any, any ? page->events.front().seq : 0,
                               any ? page->events.back().seq : 0, page->more);
  Reply r = json_reply(page->more ? 206 : 200, items);
  r.headers.emplace_back("Accept-Ranges", "seq");
  if (h.content_range) r.headers.emplace_back("Content-Range", *h.content_range);
  if (h.next_range) r.headers.emplace_back("Next-Range", *h.next_range);
  return r;
}

}  // namespace


Result<Reply> account_events(Services& s, Call& call) {
  auto req = parse_event_request(call.request.query, call.request.header("range"));
  if (!req) return fail(req.error());
  if (!req->account.empty()) return fail(invalid_params("account is for GET /admin/events only."));
  return page_reply(req->query, s.activity.account_events(call.caller(), req->query));
}

Result<Reply> team_events(Services& s, Call& call) {
  auto req = parse_event_request(call.request.query, call.request.header("range"));
  if (!req) return fail(req.error());
  if (!req->account.empty()) return fail(invalid_params("account is for GET /admin/events only."));
  return page_reply(req->query,
                    s.activity.team_events(call.caller(), call.params.at(0), req->query, call.info));
}

Result<Reply> admin_events(Services& s, Call& call) {
  auto req = parse_event_request(call.request.query, call.request.header("range"));
  if (!req) return fail(req.error());
  return page_reply(req->query, s.activity.all_events(call.caller(), req->account, req->query));
}

}  // namespace latchkey::api
