// The one JSON shape of an audit event (docs/audit.md): served by the events
// API, exported by `latchkeyd admin events`, carried in alert webhooks.
#pragma once

#include <boost/json/object.hpp>

#include "model/audit_event.h"

namespace latchkey::model {

// {"id","seq","created_at","action","outcome","actor","subject","ip",
//  "user_agent","request_id","authorization","token_prefix","app","team",
//  "detail"}; references are {"id": …} or null, detail is an object.
boost::json::object audit_event_json(const AuditEvent& e);

}  // namespace latchkey::model
