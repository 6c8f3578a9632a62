#include "alerts/payload.h"

#include <ctime>

#include <boost/json.hpp>

#include "alerts/kinds.h"
#include "model/audit_event_json.h"
#include "core/clock.h"

namespace latchkey::alerts {
namespace {

namespace json = boost::json;

// Header values come from our own data, but never let one break a header line.
std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\r' || c == '\n') ? ' ' : c;
  return out;
}

}  // namespace

std::string webhook_body(std::string_view kind, const model::AuditEvent& event,
                         const model::Account* account) {
  json::object o;
  o["id"] = event.id;
  o["kind"] = kind;
  o["title"] = kind_title(kind);
  o["created_at"] = format_time(event.created_at);
  o["account"] = json::object{{"id", event.account_id},
                              {"email", account ? account->email : std::string()}};
  o["event"] = model::audit_event_json(event);
  return json::serialize(o);
}

std::string email_payload(std::string_view kind, const model::AuditEvent& e,
                          const model::Account& account) {
  std::string text = "Hello,\n\n" + std::string(kind_title(kind)) + ".\n\n";
  text += "What:        " + e.action + "\n";
  text += "When:        " + format_time(e.created_at) + "\n";
  if (!e.ip.empty()) text += "IP address:  " + e.ip + "\n";
  if (!e.user_agent.empty()) text += "Device:      " + one_line(e.user_agent) + "\n";
  if (!e.authorization_id.empty()) text += "Authorization: " + e.authorization_id + "\n";
  if (!e.request_id.empty()) text += "Request id:  " + e.request_id + "\n";
  text +=
      "\nIf this was you, no action is needed. If not, change your password, review your "
      "authorizations and sessions, and regenerate your API key.\n\n"
      "-- Latchkey (alert " + std::string(kind) + ", event " + e.id + ")\n";
  json::object o{{"to", account.email},
                 {"subject", "[Latchkey] " + std::string(kind_title(kind))},
                 {"text", text}};
  return json::serialize(o);
}

std::string email_recipient(std::string_view payload) {
  boost::system::error_code ec;
  const json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return {};
  const auto* to = v.as_object().if_contains("to");
  return to && to->is_string() ? one_line(to->as_string()) : std::string();
}

std::string email_message(std::string_view payload, std::string_view from,
                          std::string_view message_id, long long unix_now) {
  boost::system::error_code ec;
  const json::value v = json::parse(payload, ec);
  if (ec || !v.is_object()) return {};
  const auto& o = v.as_object();
  const auto* to = o.if_contains("to");
  const auto* subject = o.if_contains("subject");
  const auto* text = o.if_contains("text");
  if (!to || !subject || !text || !to->is_string() || !subject->is_string() || !text->is_string())
    return {};
  std::time_t t = static_cast<std::time_t>(unix_now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char date[64];
  (void)std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  std::string m;
  m += "Date: " + std::string(date) + "\r\n";
  m += "From: " + one_line(from) + "\r\n";
  m += "To: " + one_line(to->as_string()) + "\r\n";
  m += "Subject: " + one_line(subject->as_string()) + "\r\n";
  m += "Message-ID: <" + one_line(message_id) + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=utf-8\r\n";
  m += "Content-Transfer-Encoding: 8bit\r\n\r\n";
  const std::string_view body = text->as_string();
  for (char c : body) {
    if (c == '\n') m += "\r\n";
    else if (c != '\r') m += c;
  }
  return m;
}

}  // namespace latchkey::alerts
