// Dashboard: account settings (/dashboard/account...).
#include "web/page_context.h"

namespace latchkey::web {

http::Response WebHandler::dashboard_account(PageContext& ctx, std::string_view rest) {
  (void)rest;
  ctemplate::TemplateDictionary d("message");
  d.SetValue("HEADING", "Account");
  d.SetValue("MESSAGE", "Signed in as " + ctx.session->account.email + ".");
  return ctx.dashboard_page(200, "account", "message", d, "Account");
}

}  // namespace latchkey::web
