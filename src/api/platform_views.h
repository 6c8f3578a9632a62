// JSON shapes of the platform resources (apps, collaborators, releases,
// teams, members), as the stock CLI reads them (heroku-cli-compat.md C.7–C.11).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "model/app.h"
#include "service/apps.h"

namespace latchkey::api {

// The email a team app shows as its owner (the stock CLI hides it in `access`).
std::string team_owner_email(const std::string& team_name);

boost::json::object app_json(const model::App& a, const service::AppService& apps);
boost::json::array permissions_json(const std::vector<std::string>& names);
boost::json::object collaborator_json(const model::Collaborator& c, const model::App& app,
                                      std::string_view role);
// The owner of a personal app, listed first among its collaborators as on Heroku.
boost::json::object owner_collaborator_json(const model::App& app);
boost::json::object release_json(const model::Release& r, const model::App& app, bool current);
boost::json::object team_json(const model::Team& t);
boost::json::object member_json(const model::TeamMember& m);

}  // namespace latchkey::api
