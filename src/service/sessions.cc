#include "service/sessions.h"

#include "core/json_text.h"
#include "service/audit.h"

namespace latchkey::service {
namespace {

Error no_session() { return not_found("session", "Couldn't find that session."); }

}  // namespace

Result<std::vector<model::Session>> SessionService::list(const model::Account& account) {
  return deps_.store.sessions().list(account.id);
}

Result<std::string> SessionService::resolve_id(const Principal& caller, const std::string& id) {
  if (id != "~") return id;
  if (!caller.authorization.session_id) return fail(no_session());
  return *caller.authorization.session_id;
}

Result<model::Session> SessionService::get(const Principal& caller, const std::string& id) {
  auto sid = resolve_id(caller, id);
  if (!sid) return fail(sid.error());
  auto s = deps_.store.sessions().find(caller.account.id, *sid);
  if (!s && s.error().code == ErrorCode::kNotFound) return fail(no_session());
  return s;
}

Result<model::Session> SessionService::remove(const Principal& caller, const std::string& id,
                                              const RequestInfo& info) {
  auto sid = resolve_id(caller, id);
  if (!sid) return fail(sid.error());
  auto event = audit_event(deps_, caller.account.id, "session.revoked", info,
                           "{\"session_id\":" + json_quote(*sid) + "}");
  auto removed = deps_.store.sessions().remove(caller.account.id, *sid, event);
  if (!removed) {
    if (removed.error().code == ErrorCode::kNotFound) return fail(no_session());
    return fail(removed.error());
  }
  for (const auto& h : removed->token_hashes) deps_.cache.invalidate(h);
  return std::move(removed->session);
}

Status SessionService::end_others(const std::string& account_id,
                                  const std::optional<std::string>& keep, std::string_view kind,
                                  std::string_view reason, const RequestInfo& info) {
  auto sessions = deps_.store.sessions().list(account_id);
  if (!sessions) return fail(sessions.error());
  for (const auto& s : *sessions) {
    if (s.kind != kind || s.id == keep) continue;
    auto event = audit_event(deps_, account_id, "session.revoked", info,
                             "{\"session_id\":" + json_quote(s.id) + ",\"reason\":" +
                                 json_quote(reason) + "}");
    auto removed = deps_.store.sessions().remove(account_id, s.id, event);
    if (!removed && removed.error().code != ErrorCode::kNotFound) return fail(removed.error());
    if (removed)
      for (const auto& h : removed->token_hashes) deps_.cache.invalidate(h);
  }
  return {};
}

}  // namespace latchkey::service
