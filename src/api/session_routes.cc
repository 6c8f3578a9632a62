// /oauth/sessions: sign-in sessions; "~" is the session behind the calling token.
#include <boost/json.hpp>

#include "api/handlers.h"
#include "api/views.h"

namespace latchkey::api {

Result<Reply> session_list(Services& s, Call& call) {
  const auto& account = call.caller().account;
  auto list = s.sessions.list(account);
  if (!list) return fail(list.error());
  const UnixTime now = s.clock.now();
  std::vector<boost::json::object> items;
  for (const auto& x : *list) items.push_back(session_json(x, account, now));
  return list_reply(call, std::move(items), {"id", "created_at"});
}

Result<Reply> session_info(Services& s, Call& call) {
  auto x = s.sessions.get(call.caller(), call.params.at(0));
  if (!x) return fail(x.error());
  return json_reply(200, session_json(*x, call.caller().account, s.clock.now()));
}

Result<Reply> session_delete(Services& s, Call& call) {
  auto x = s.sessions.remove(call.caller(), call.params.at(0), call.info);
  if (!x) return fail(x.error());
  return json_reply(200, session_json(*x, call.caller().account, s.clock.now()));
}

}  // namespace latchkey::api
