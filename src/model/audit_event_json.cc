#include "model/audit_event_json.h"

#include <boost/json.hpp>

namespace latchkey::model {
namespace {

namespace json = boost::json;

json::value id_object(const std::string& id) {
  if (id.empty()) return nullptr;
  return json::object{{"id", id}};
}

}  // namespace

json::object audit_event_json(const AuditEvent& e) {
  // The detail is a JSON object written by the server; anything else reads as {}.
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

}  // namespace latchkey::model
