// What an alert says: the webhook body (JSON) and the e-mail (plain text), both
// built from the audit event that raised it. Neither ever holds a secret: an
// audit event holds none (only a token's hash prefix), and nothing else is added.
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "model/account.h"
#include "model/audit_event.h"

namespace latchkey::alerts {

// {"id","kind","title","created_at","account":{"id","email"},"event":{…}}.
std::string webhook_body(std::string_view kind, const model::AuditEvent& event,
                         const model::Account* account);

// {"to","subject","text"}, stored as an e-mail delivery's payload.
std::string email_payload(std::string_view kind, const model::AuditEvent& event,
                          const model::Account& account);

// RFC 5322 message (CRLF line ends, dot-safe is left to the transport) from an
// email_payload; empty if the payload is malformed.
std::string email_message(std::string_view payload, std::string_view from,
                          std::string_view message_id, long long unix_now);
// The recipient of an email_payload ("" if malformed).
std::string email_recipient(std::string_view payload);

}  // namespace latchkey::alerts
