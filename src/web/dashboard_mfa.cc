// Dashboard: Security.
#include "web/page_context.h"

namespace latchkey::web {

http::Response WebHandler::dashboard_mfa(PageContext& ctx, std::string_view rest) {
  (void)rest;
  return ctx.error_page(404, "Not found", "There is no page at this address.");
}

}  // namespace latchkey::web
