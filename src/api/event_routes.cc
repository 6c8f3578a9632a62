// The audit trail over the Platform API (docs/audit.md, checklist S57):
//   GET /account/events        the caller's events (subject or actor), global scope
//   GET /teams/{team}/events   a team's events, team admins (policy team.events_read)
//   GET /admin/events          every event, operators (accounts.is_admin), global scope
// Newest first, keyset-paged on seq with Range/Next-Range (event_query.h).
#include <boost/json.hpp>

#include "api/event_query.h"
#include "api/handlers.h"
#include "service/activity.h"

namespace latchkey::api {
namespace json = boost::json;
namespace {

json::value id_object(const std::string& id) {
  if (id.empty()) return nullptr;
  return json::object{{"id", id}};
}

Result<Reply> page_reply(const store::AuditQuery& q, Result<service::EventPage> page) {
  if (!page) return fail(page.error());
  json::array items;
  for (const auto& e : page->events) items.push_back(event_json(e));
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

json::object event_json(const model::AuditEvent& e) {
  json::value detail = json::object{};
  if (!e.detail.empty()) {
    boost::system::error_code ec;
    auto parsed = json::parse(e.detail, ec);
    if (!ec && parsed.is_object()) detail = std::move(parsed);
  }
  json::object o;
  o["id"] = e.id;
  o["seq"] = e.seq;
  o["created_at"] = format_time(e.created_at);
  o["action"] = e.action;
  o["outcome"] = e.outcome.empty() ? "success" : e.outcome;
  o["actor"] = id_object(e.actor_id);
  o["subject"] = id_object(e.account_id);
  o["ip"] = e.ip;
  o["user_agent"] = e.user_agent;
  o["request_id"] = e.request_id;
  o["authorization"] = id_object(e.authorization_id);
  o["token_prefix"] = e.token_prefix;
  o["app"] = id_object(e.app_id);
  o["team"] = id_object(e.team_id);
  o["detail"] = std::move(detail);
  return o;
}

Result<Reply> account_events(Services& s, Call& call) {
  auto req = parse_event_request(call.request.query, call.request.header("range"));
  if (!req) return fail(req.error());
  if (!req->account.empty()) return fail(invalid_params("account is for GET /admin/events only."));
  return page_reply(req->query, s.activity.account_events(*call.principal, req->query));
}

Result<Reply> team_events(Services& s, Call& call) {
  auto req = parse_event_request(call.request.query, call.request.header("range"));
  if (!req) return fail(req.error());
  if (!req->account.empty()) return fail(invalid_params("account is for GET /admin/events only."));
  return page_reply(req->query,
                    s.activity.team_events(*call.principal, call.params.at(0), req->query, call.info));
}

Result<Reply> admin_events(Services& s, Call& call) {
  auto req = parse_event_request(call.request.query, call.request.header("range"));
  if (!req) return fail(req.error());
  return page_reply(req->query, s.activity.all_events(*call.principal, req->account, req->query));
}

}  // namespace latchkey::api
