// What the dashboard's page groups (dashboard_*.cc) share: a routing table,
// where each path (after "/dashboard") has a GET handler and/or a POST
// handler (another method answers 405, another path 404), and small form
// helpers. Internal to src/web.
// Thread safety: the tables are constant; these are pure functions of the request.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "web/page_context.h"

namespace latchkey::web {

struct DashboardRoute {
  std::string_view path;                    // "/account", "/account/name", ...
  http::Response (*get)(PageContext&);      // nullptr: no GET (HEAD too)
  http::Response (*post)(PageContext&);     // nullptr: no POST
};

inline http::Response route_dashboard(PageContext& ctx, std::string_view rest, std::span<const DashboardRoute> routes) {
  const std::string_view method = ctx.request.method;
  for (const auto& r : routes) {
    if (r.path != rest) continue;
    if ((method == "GET" || method == "HEAD") && r.get) return r.get(ctx);
    if (method == "POST" && r.post) return r.post(ctx);
    return ctx.error_page(405, "Method not allowed", "This page does not accept that method.");
  }
  return ctx.error_page(404, "Not found", "There is no page at this address.");
}

// Splits "/a/b/c" into its segments, at most parts.size() of them: the number
// of segments, or 0 when there are more.
inline std::size_t split_path(std::string_view rest, std::span<std::string_view> parts) {
  std::size_t n = 0;
  rest.remove_prefix(1);  // the leading '/'
  for (;;) {
    if (n == parts.size()) return 0;
    const auto slash = rest.find('/');
    parts[n++] = rest.substr(0, slash);
    if (slash == std::string_view::npos) return n;
    rest.remove_prefix(slash + 1);
  }
}

// A posted field, "" when absent.
inline std::string form_text(const PageContext& ctx, std::string_view name) {
  return std::string(ctx.form.get(name).value_or(""));
}

// The confirmation page in front of a destructive action (dashboard.cc): its
// form POSTs to the same URL with a token for `csrf_binding`; `section` is the
// navigation entry it belongs to.
struct Confirm {
  std::string heading, message, button, cancel_url;
  std::vector<std::pair<std::string, std::string>> details;
};
http::Response confirm_page(PageContext& ctx, const Confirm& c, std::string_view csrf_binding,
                            std::string_view section);

// The answer to a POST whose CSRF token (or origin) is wrong: nothing done.
inline http::Response csrf_refused(PageContext& ctx) {
  return ctx.error_page(403, "Request refused", "This form expired or came from another site.");
}

}  // namespace latchkey::web
