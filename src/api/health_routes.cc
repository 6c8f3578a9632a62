// /livez: the process is up. /readyz: it can serve (database reachable, not
// draining). Neither needs credentials or the Heroku Accept header.
#include <boost/json.hpp>

#include "api/handlers.h"

namespace latchkey::api {

Result<Reply> livez(Services&, Call&) { return json_reply(200, {{"status", "ok"}}); }

Result<Reply> readyz(Services& s, Call&) {
  if (s.shutting_down.load()) {
    Error e(ErrorCode::kUnavailable, "shutting_down", "The server is shutting down.");
    e.retry_after = 1;
    return fail(std::move(e));
  }
  if (auto ok = s.store.ping(); !ok) return fail(ok.error());
  return json_reply(200, {{"status", "ok"}});
}

}  // namespace latchkey::api
