// authorizations, authorizations:create|info|update|revoke|rotate
// (compat spec B.7–B.12, resource shape C.2).
#include <CLI/CLI.hpp>

#include <memory>

#include <boost/json.hpp>

#include "cli/commands/command.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

constexpr std::string_view kCollection = "/oauth/authorizations";

struct ShowOptions {
  std::string id;
  bool json = false;
  bool short_token = false;
};

struct CreateOptions {
  std::string description;
  std::string scopes;
  std::string expires_in;
  bool json = false;
  bool short_token = false;
};

struct UpdateOptions {
  std::string id;
  std::string description;
  bool json = false;
};

std::string join_scope(const json::value& auth) {
  std::string out;
  const json::value* scope = auth.is_object() ? auth.get_object().if_contains("scope") : nullptr;
  if (scope == nullptr || !scope->is_array()) return out;
  for (const json::value& s : scope->get_array()) {
    if (!s.is_string()) continue;
    if (!out.empty()) out += ',';
    out += s.get_string();
  }
  return out;
}

std::vector<std::string> split_scopes(std::string_view text) {
  std::vector<std::string> scopes;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view part = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) scopes.emplace_back(part);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return scopes;
}

// The heroku CLI's authorization "display" block.
void display(Context& ctx, const json::value& auth) {
  std::vector<std::pair<std::string, std::string>> fields;
  bool has_client = json_has_object(auth, "client");
  std::string client = json_string(auth, {"client", "name"});
  fields.emplace_back("Client", client.empty() ? "<none>" : client);
  if (has_client) fields.emplace_back("Redirect URI", json_string(auth, {"client", "redirect_uri"}));
  fields.emplace_back("ID", json_string(auth, {"id"}));
  fields.emplace_back("Description", json_string(auth, {"description"}));
  fields.emplace_back("Scope", join_scope(auth));
  fields.emplace_back("Token", json_string(auth, {"access_token", "token"}));
  if (auto expires = json_int(auth, {"access_token", "expires_in"})) {
    fields.emplace_back("Expires at", describe_expiry(ctx.clock.now(), *expires));
  }
  fields.emplace_back("Updated at", json_string(auth, {"updated_at"}));
  print_fields(ctx.out, fields);
}

void show(Context& ctx, const json::value& auth, bool as_json, bool short_token) {
  if (short_token) {
    ctx.out << json_string(auth, {"access_token", "token"}) << '\n';
  } else if (as_json) {
    print_json(ctx.out, auth);
  } else {
    display(ctx, auth);
  }
}

std::string member(std::string_view id) { return std::string(kCollection) + "/" + path_segment(id); }

Outcome<void> list(Context& ctx, bool as_json) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto items = api->list(kCollection);
  if (!items) return failed(std::move(items.error()));
  sort_by_field(*items, "description");
  if (as_json) {
    print_json(ctx.out, *items);
  } else if (items->empty()) {
    ctx.out << "No OAuth authorizations.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const json::value& a : *items) {
      rows.push_back({json_string(a, {"description"}), json_string(a, {"id"}), join_scope(a)});
    }
    print_table(ctx.out, {"Description", "ID", "Scope"}, rows);
  }
  return {};
}

Outcome<void> create(Context& ctx, const CreateOptions& o) {
  json::object body;
  if (!o.description.empty()) body["description"] = o.description;
  if (!o.scopes.empty()) {
    json::array scopes;
    for (std::string& s : split_scopes(o.scopes)) scopes.emplace_back(std::move(s));
    body["scope"] = std::move(scopes);
  }
  if (!o.expires_in.empty()) {
    auto seconds = parse_seconds(o.expires_in, "--expires-in");
    if (!seconds) return failed(std::move(seconds.error()));
    body["expires_in"] = *seconds;
  }
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto created = api->call("POST", kCollection, with_body(std::move(body)));
  if (!created) return failed(std::move(created.error()));
  show(ctx, *created, o.json, o.short_token);
  return {};
}

Outcome<void> info(Context& ctx, const ShowOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto auth = api->call("GET", member(o.id));
  if (!auth) return failed(std::move(auth.error()));
  show(ctx, *auth, o.json, false);
  return {};
}

Outcome<void> update(Context& ctx, const UpdateOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto auth = api->call("PATCH", member(o.id), with_body(json::object{{"description", o.description}}));
  if (!auth) return failed(std::move(auth.error()));
  show(ctx, *auth, o.json, false);
  return {};
}

Outcome<void> revoke(Context& ctx, const ShowOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto deleted = api->call("DELETE", member(o.id));
  if (!deleted) return failed(std::move(deleted.error()));
  std::string description = json_string(*deleted, {"description"});
  ctx.err << "Revoking OAuth Authorization " << (description.empty() ? o.id : description) << "... done\n";
  if (o.json) print_json(ctx.out, *deleted);
  return {};
}

Outcome<void> rotate(Context& ctx, const ShowOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto rotated = api->call("POST", member(o.id) + "/actions/regenerate-tokens");
  if (!rotated) return failed(std::move(rotated.error()));
  show(ctx, *rotated, o.json, o.short_token);
  return {};
}

// Adds the ID argument and --json (and --short if asked) to `app`.
std::shared_ptr<ShowOptions> show_options(CLI::App& app, bool with_short) {
  auto o = std::make_shared<ShowOptions>();
  app.add_option("id", o->id, "the authorization's ID")->required();
  app.add_flag("-j,--json", o->json, "print the authorization as JSON");
  if (with_short) app.add_flag("-S,--short", o->short_token, "print only the token");
  return o;
}

}  // namespace

void add_authorization_commands(std::vector<CommandSpec>& table) {
  table.push_back({"authorizations", {"authorizations:list"}, "list OAuth authorizations", [](CLI::App& app) -> Action {
                     auto as_json = std::make_shared<bool>(false);
                     app.add_flag("-j,--json", *as_json, "print the list as JSON");
                     return [as_json](Context& ctx) { return list(ctx, *as_json); };
                   }});
  table.push_back({"authorizations:create", {}, "create a new OAuth authorization", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<CreateOptions>();
                     app.add_option("-d,--description", o->description, "what the authorization is for");
                     app.add_option("-s,--scope", o->scopes, "comma-separated scopes (default: global)");
                     app.add_option("-e,--expires-in", o->expires_in, "seconds until the token expires");
                     app.add_flag("-S,--short", o->short_token, "print only the token");
                     app.add_flag("-j,--json", o->json, "print the authorization as JSON");
                     return [o](Context& ctx) { return create(ctx, *o); };
                   }});
  table.push_back({"authorizations:info", {}, "show an OAuth authorization", [](CLI::App& app) -> Action {
                     auto o = show_options(app, false);
                     return [o](Context& ctx) { return info(ctx, *o); };
                   }});
  table.push_back({"authorizations:update", {}, "change an OAuth authorization's description",
                   [](CLI::App& app) -> Action {
                     auto o = std::make_shared<UpdateOptions>();
                     app.add_option("id", o->id, "the authorization's ID")->required();
                     app.add_option("-d,--description", o->description, "the new description")->required();
                     app.add_flag("-j,--json", o->json, "print the authorization as JSON");
                     return [o](Context& ctx) { return update(ctx, *o); };
                   }});
  table.push_back({"authorizations:revoke", {"authorizations:destroy"}, "revoke an OAuth authorization",
                   [](CLI::App& app) -> Action {
                     auto o = show_options(app, false);
                     return [o](Context& ctx) { return revoke(ctx, *o); };
                   }});
  table.push_back({"authorizations:rotate", {}, "regenerate an OAuth authorization's token",
                   [](CLI::App& app) -> Action {
                     auto o = show_options(app, true);
                     return [o](Context& ctx) { return rotate(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
