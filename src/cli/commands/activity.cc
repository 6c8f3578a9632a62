// activity: the account's security events (GET /account/events, docs/audit.md),
// newest first, as a table like `heroku releases` or as JSON. One page:
// `Range: seq ..; max=N` (the API's largest page is 1000).
#include <CLI/CLI.hpp>

#include <memory>

#include <boost/json.hpp>

#include "cli/commands/command.h"
#include "cli/otpauth.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

constexpr int kDefaultLimit = 25;
constexpr int kMaxLimit = 1000;

struct ActivityOptions {
  int limit = kDefaultLimit;
  bool json = false;
};

// "app web-1", "team ops", "user a@example.com", … : what the event was about,
// from its detail (never a secret: the server writes no secret into events).
std::string about(const json::value& e) {
  std::string out;
  for (const char* key : {"app", "team", "user", "purpose", "reason", "description"}) {
    std::string v = json_string(e, {"detail", key});
    if (v.empty()) continue;
    if (!out.empty()) out += ", ";
    out += std::string(key) + " " + v;
  }
  return out;
}

Outcome<void> list(Context& ctx, const ActivityOptions& o) {
  if (o.limit < 1 || o.limit > kMaxLimit)
    return failed_local("-n/--limit must be between 1 and " + std::to_string(kMaxLimit));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  CallOptions page;
  page.headers.push_back({"Range", "seq ..; max=" + std::to_string(o.limit)});
  auto events = api->call("GET", "/account/events", page);
  if (!events) return failed(std::move(events.error()));
  if (!events->is_array()) return failed_local("the server sent a list that is not a JSON array");
  const json::array& items = events->get_array();
  if (o.json) {
    print_json(ctx.out, items);
    return {};
  }
  if (items.empty()) {
    ctx.out << "No activity yet.\n";
    return {};
  }
  std::vector<std::vector<std::string>> rows;
  for (const json::value& e : items) {
    rows.push_back({printable(json_string(e, {"created_at"})), printable(json_string(e, {"action"})),
                    printable(json_string(e, {"outcome"})), printable(json_string(e, {"ip"})),
                    printable(about(e))});
  }
  ctx.out << "=== Security activity (newest first)\n\n";
  print_table(ctx.out, {"Time (UTC)", "Event", "Outcome", "IP", "About"}, rows);
  return {};
}

}  // namespace

void add_activity_commands(std::vector<CommandSpec>& table) {
  table.push_back({"activity", {"events"}, "list your account's security events, newest first",
                   [](CLI::App& app) -> Action {
                     auto o = std::make_shared<ActivityOptions>();
                     app.add_option("-n,--limit", o->limit, "how many events to show (default 25, at most 1000)");
                     app.add_flag("-j,--json", o->json, "print the events as JSON");
                     return [o](Context& ctx) { return list(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
