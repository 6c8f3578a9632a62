// JSON representations of our resources, in the Heroku Platform API shapes the
// stock CLI reads (reference/heroku-cli-compat.md §(c)).
#pragma once

#include <optional>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/clock.h"
#include "model/account.h"
#include "model/authorization.h"
#include "model/oauth_client.h"
#include "model/session.h"

namespace latchkey::api {

// RFC 3339 UTC time, or JSON null.
boost::json::value time_or_null(const std::optional<UnixTime>& t);

boost::json::object account_json(const model::Account& a);
// `token` is the plaintext when just issued; otherwise the redacted hint is shown.
boost::json::object authorization_json(const model::Authorization& a, const model::Account& owner,
                                       UnixTime now, std::string_view token = {});
// `secret` is the plaintext when just issued; otherwise the redacted hint (null
// for public clients).
boost::json::object client_json(const model::OAuthClient& c, std::string_view secret = {});
boost::json::object session_json(const model::Session& s, const model::Account& owner, UnixTime now);

}  // namespace latchkey::api
