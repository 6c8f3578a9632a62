// What the dashboard's Apps section shares between its two files:
// dashboard_apps.cc (the routing, the apps list, one app and its
// collaborators) and dashboard_teams.cc (one team and its members). Internal
// to src/web.
// Thread safety: pure functions of the request.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/page_context.h"

namespace latchkey::web::apps_pages {

inline constexpr std::string_view kSection = "apps";  // the navigation entry
inline constexpr std::string_view kAppsUrl = "/dashboard/apps";
inline constexpr std::string_view kTeamsUrl = "/dashboard/teams";

// A parsed address below /dashboard/apps or /dashboard/teams:
// "/<object>", "/<object>/<sub>", "/<object>/<sub>/<id>/<action>"
// (object: an app or team name; id: an account id).
struct Target {
  std::string object, sub, id, action;
};

// What a form's CSRF token is bound to: the action and the objects it acts on
// (ids, not names: a token stays bound to its app when the name passes to
// another one).
std::string binding(std::string_view action, std::string_view object = {}, std::string_view id = {});

// "view, deploy"
std::string join(const std::vector<std::string>& items);


// Bad input or a refused change (a taken name, the last admin): the page
// again with `status` and the service's message as an error; nothing changed.
inline void show_error(PageContext& ctx, std::string message) {
  ctx.carried_flash = Flash{Flash::Kind::kError, std::move(message)};
}

// dashboard_teams.cc
http::Response team_page(PageContext& ctx, const Target& t);
http::Response add_member(PageContext& ctx, const Target& t);
http::Response change_role(PageContext& ctx, const Target& t);
http::Response confirm_remove_member(PageContext& ctx, const Target& t);
http::Response remove_member(PageContext& ctx, const Target& t);

}  // namespace latchkey::web::apps_pages
