// sessions, sessions:destroy (compat spec B.19, resource shape C.6).
#include <CLI/CLI.hpp>

#include <memory>

#include <boost/json.hpp>

#include "cli/commands/command.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

struct DestroyOptions {
  std::string id;
  bool json = false;
};

Outcome<void> list(Context& ctx, bool as_json) {
  auto creds = require_login(ctx);
  if (!creds) return failed(std::move(creds.error()));
  ApiClient api(ctx.transport, creds->api_url, std::move(creds->token));
  auto items = api.list("/oauth/sessions");
  if (!items) return failed(std::move(items.error()));
  sort_by_field(*items, "description");
  if (as_json) {
    print_json(ctx.out, *items);
  } else if (items->empty()) {
    ctx.out << "No OAuth sessions.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const json::value& s : *items) {
      auto expires = json_int(s, {"access_token", "expires_in"});
      rows.push_back({json_string(s, {"description"}), json_string(s, {"id"}),
                      expires ? describe_expiry(ctx.clock.now(), *expires) : std::string()});
    }
    print_table(ctx.out, {"Description", "ID", "Expires at"}, rows);
  }
  return {};
}

Outcome<void> destroy(Context& ctx, const DestroyOptions& o) {
  auto creds = require_login(ctx);
  if (!creds) return failed(std::move(creds.error()));
  ApiClient api(ctx.transport, creds->api_url, std::move(creds->token));
  auto deleted = api.call("DELETE", "/oauth/sessions/" + path_segment(o.id));
  if (!deleted) return failed(std::move(deleted.error()));
  ctx.err << "Destroying " << o.id << "... done\n";
  if (o.json) print_json(ctx.out, *deleted);
  return {};
}

}  // namespace

void add_session_commands(std::vector<CommandSpec>& table) {
  table.push_back({"sessions", {"sessions:list"}, "list your sessions (CLI logins and others)",
                   [](CLI::App& app) -> Action {
                     auto as_json = std::make_shared<bool>(false);
                     app.add_flag("-j,--json", *as_json, "print the list as JSON");
                     return [as_json](Context& ctx) { return list(ctx, *as_json); };
                   }});
  table.push_back({"sessions:destroy", {}, "end a session and revoke its tokens", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<DestroyOptions>();
                     app.add_option("id", o->id, "the session's ID")->required();
                     app.add_flag("-j,--json", o->json, "print the ended session as JSON");
                     return [o](Context& ctx) { return destroy(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
