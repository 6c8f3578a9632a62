// clients, clients:create|info|update|rotate|destroy: the OAuth clients the
// user has registered (compat spec B.13–B.18, resource shape C.3). A client's
// secret is shown once, when it is created or rotated; afterwards the server
// answers with it redacted. Public clients (PKCE only) have no secret at all.
#include <CLI/CLI.hpp>

#include <charconv>
#include <memory>
#include <optional>
#include <utility>

#include <boost/json.hpp>

#include "cli/commands/command.h"
#include "cli/netrc.h"
#include "cli/otpauth.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

constexpr std::string_view kCollection = "/oauth/clients";
constexpr std::string_view kUnsupportedUrl =
    "Unsupported callback URL. Clients have to use HTTPS for non-local addresses.";
constexpr std::string_view kIdVariable = "LATCHKEY_OAUTH_ID=";
constexpr std::string_view kSecretVariable = "LATCHKEY_OAUTH_SECRET=";

struct ShowOptions {
  std::string id;
  bool json = false;
  bool shell = false;
};

struct CreateOptions {
  std::string name;
  std::string redirect_uri;
  bool is_public = false;
  bool json = false;
  bool shell = false;  // the default output; accepted as the heroku CLI does
};

struct UpdateOptions {
  std::string id;
  std::optional<std::string> name;
  std::optional<std::string> url;
  bool json = false;
};

// 127.a.b.c as a dotted quad (each part 1-3 digits, at most 255): the IPv4
// loopback block, and not a host name such as 127.example.com.
bool is_ipv4_loopback(std::string_view host) {
  if (!host.starts_with("127.")) return false;
  int parts = 0;
  while (true) {
    std::size_t dot = host.find('.');
    std::string_view part = host.substr(0, dot);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || part.size() > 3 || ec != std::errc() || end != part.data() + part.size() || value > 255) {
      return false;
    }
    ++parts;
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
  }
  return parts == 4;
}

// The heroku CLI's local check of a callback URL (compat spec B.14), narrowed
// to loopback hosts: https anywhere, http only to this machine (the loopback
// redirects of RFC 8252 §7.3). The server validates again; this saves a round
// trip and keeps a typo from registering a cleartext callback. Anything odd in
// an http authority (a backslash, a non-numeric port) counts as not local.
bool allowed_redirect_uri(std::string_view uri) {
  std::size_t separator = uri.find("://");
  if (separator == std::string_view::npos) return false;
  std::string_view scheme = uri.substr(0, separator);
  if (equals_ignore_case(scheme, "https")) return true;
  if (!equals_ignore_case(scheme, "http")) return false;
  std::string_view authority = uri.substr(separator + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (authority.find('\\') != std::string_view::npos) return false;
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::size_t host_end = authority.starts_with('[') ? authority.find(']') : authority.find(':');
  if (authority.starts_with('[')) {
    if (host_end == std::string_view::npos) return false;
    ++host_end;
  }
  std::string_view host = authority.substr(0, host_end);
  std::string_view port = host_end < authority.size() ? authority.substr(host_end) : std::string_view();
  if (!port.empty() && (port.front() != ':' || port.find_first_not_of("0123456789", 1) != std::string_view::npos)) {
    return false;
  }
  return equals_ignore_case(host, "localhost") || host == "[::1]" || is_ipv4_loopback(host);
}

std::string member(std::string_view id) { return std::string(kCollection) + "/" + path_segment(id); }

// A field's value as shown in `clients:info`; nullopt for null or absent.
std::optional<std::string> field_text(const json::value& client, std::string_view key) {
  const json::value* v = client.is_object() ? client.get_object().if_contains(key) : nullptr;
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return printable(v->get_string());
  if (v->is_bool()) return std::string(v->get_bool() ? "true" : "false");
  return printable(json::serialize(*v));
}

// The heroku CLI's styled header and object: `=== <name>`, then every
// non-null field the resource defines (C.3), in its order.
void display(Context& ctx, const json::value& client) {
  static constexpr std::pair<std::string_view, std::string_view> kFields[] = {
      {"id", "ID"},
      {"name", "Name"},
      {"redirect_uri", "Redirect URI"},
      {"secret", "Secret"},
      {"public", "Public"},
      {"ignores_delinquent", "Ignores delinquent"},
      {"created_at", "Created at"},
      {"updated_at", "Updated at"},
  };
  ctx.out << "=== " << printable(json_string(client, {"name"})) << "\n\n";
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& [key, label] : kFields) {
    if (auto text = field_text(client, key)) fields.emplace_back(label, std::move(*text));
  }
  print_fields(ctx.out, fields);
}

// `LATCHKEY_OAUTH_ID=…` and, when the client has a secret,
// `LATCHKEY_OAUTH_SECRET=…`: lines for `eval`, so values are shell-quoted
// when they need it.
void print_shell(Context& ctx, const json::value& client) {
  ctx.out << kIdVariable << shell_quote(printable(json_string(client, {"id"}))) << '\n';
  std::string secret = json_string(client, {"secret"});
  if (!secret.empty()) ctx.out << kSecretVariable << shell_quote(printable(secret)) << '\n';
}

// After create and rotate: the client's credentials, including the secret
// the server shows this one time.
void show_credentials(Context& ctx, const json::value& client, bool as_json) {
  if (!json_string(client, {"secret"}).empty()) {
    ctx.out.flush();
    ctx.err << "Warning: The client secret is shown only now. Store it somewhere safe, such as a password "
               "manager; latchkey clients:rotate replaces it if it is lost.\n";
  }
  if (as_json) {
    print_json(ctx.out, client);
  } else {
    print_shell(ctx, client);
  }
}

Outcome<void> list(Context& ctx, bool as_json) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto items = api->list(kCollection);
  if (!items) return failed(std::move(items.error()));
  sort_by_field(*items, "name");
  if (as_json) {
    print_json(ctx.out, *items);
  } else if (items->empty()) {
    ctx.out << "No OAuth clients.\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const json::value& c : *items) {
      rows.push_back({printable(json_string(c, {"name"})), printable(json_string(c, {"id"})),
                      printable(json_string(c, {"redirect_uri"}))});
    }
    print_table(ctx.out, {"Name", "ID", "Redirect URI"}, rows);
  }
  return {};
}

Outcome<void> create(Context& ctx, const CreateOptions& o) {
  if (!allowed_redirect_uri(o.redirect_uri)) return failed_local(std::string(kUnsupportedUrl));
  json::object body{{"name", o.name}, {"redirect_uri", o.redirect_uri}};
  if (o.is_public) body["public"] = true;
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto created = api->call("POST", kCollection, with_body(std::move(body)));
  if (!created) return failed(std::move(created.error()));
  show_credentials(ctx, *created, o.json);
  return {};
}

Outcome<void> info(Context& ctx, const ShowOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto found = api->call("GET", member(o.id));
  if (!found) return failed(std::move(found.error()));
  if (o.json) {
    print_json(ctx.out, *found);
  } else if (o.shell) {
    if (!json_string(*found, {"secret"}).empty()) {
      ctx.out.flush();
      ctx.err << "Warning: The secret is redacted: the server shows it only when the client is created or "
                 "rotated (latchkey clients:rotate).\n";
    }
    print_shell(ctx, *found);
  } else {
    display(ctx, *found);
  }
  return {};
}

Outcome<void> update(Context& ctx, const UpdateOptions& o) {
  json::object body;
  if (o.name) body["name"] = *o.name;
  if (o.url) {
    if (!allowed_redirect_uri(*o.url)) return failed_local(std::string(kUnsupportedUrl));
    body["redirect_uri"] = *o.url;
  }
  if (body.empty()) return failed_local("No changes provided.");
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto updated = api->call("PATCH", member(o.id), with_body(std::move(body)));
  if (!updated) return failed(std::move(updated.error()));
  ctx.err << "Updating " << printable(o.id) << "... done\n";
  if (o.json) print_json(ctx.out, *updated);
  return {};
}

Outcome<void> rotate(Context& ctx, const ShowOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto rotated = api->call("POST", member(o.id) + "/actions/rotate-credentials");
  if (!rotated) return failed(std::move(rotated.error()));
  show_credentials(ctx, *rotated, o.json);
  return {};
}

Outcome<void> destroy(Context& ctx, const ShowOptions& o) {
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  auto deleted = api->call("DELETE", member(o.id));
  if (!deleted) return failed(std::move(deleted.error()));
  ctx.err << "Destroying " << printable(o.id) << "... done\n";
  if (o.json) print_json(ctx.out, *deleted);
  return {};
}

// Adds the ID argument, --json and, if asked, --shell to `app`.
std::shared_ptr<ShowOptions> show_options(CLI::App& app, bool with_shell, std::string_view shell_help) {
  auto o = std::make_shared<ShowOptions>();
  app.add_option("id", o->id, "the client's ID")->required();
  app.add_flag("-j,--json", o->json, "print the client as JSON");
  if (with_shell) app.add_flag("-s,--shell", o->shell, std::string(shell_help));
  return o;
}

}  // namespace

void add_client_commands(std::vector<CommandSpec>& table) {
  table.push_back({"clients", {"clients:list"}, "list your OAuth clients", [](CLI::App& app) -> Action {
                     auto as_json = std::make_shared<bool>(false);
                     app.add_flag("-j,--json", *as_json, "print the list as JSON");
                     return [as_json](Context& ctx) { return list(ctx, *as_json); };
                   }});
  table.push_back({"clients:create", {}, "register a new OAuth client", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<CreateOptions>();
                     app.add_option("name", o->name, "the client's name, shown to users")->required();
                     app.add_option("redirect_uri", o->redirect_uri,
                                    "its callback URL (https, or http to localhost/127.x/[::1])")
                         ->required();
                     app.add_flag("--public", o->is_public, "a public client: no secret, PKCE only");
                     app.add_flag("-s,--shell", o->shell, "print LATCHKEY_OAUTH_ID/SECRET lines (the default)");
                     app.add_flag("-j,--json", o->json, "print the client as JSON");
                     return [o](Context& ctx) { return create(ctx, *o); };
                   }});
  table.push_back({"clients:info", {}, "show an OAuth client", [](CLI::App& app) -> Action {
                     auto o = show_options(app, true, "print LATCHKEY_OAUTH_ID/SECRET lines (secret redacted)");
                     return [o](Context& ctx) { return info(ctx, *o); };
                   }});
  table.push_back({"clients:update", {}, "change an OAuth client's name or callback URL", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<UpdateOptions>();
                     app.add_option("id", o->id, "the client's ID")->required();
                     app.add_option("-n,--name", o->name, "the new name");
                     app.add_option("--url", o->url, "the new callback URL (https, or http to a loopback host)");
                     app.add_flag("-j,--json", o->json, "print the client as JSON");
                     return [o](Context& ctx) { return update(ctx, *o); };
                   }});
  table.push_back({"clients:rotate", {}, "replace an OAuth client's secret", [](CLI::App& app) -> Action {
                     auto o = show_options(app, true, "print LATCHKEY_OAUTH_ID/SECRET lines (the default)");
                     return [o](Context& ctx) { return rotate(ctx, *o); };
                   }});
  table.push_back({"clients:destroy", {}, "delete an OAuth client", [](CLI::App& app) -> Action {
                     auto o = show_options(app, false, {});
                     return [o](Context& ctx) { return destroy(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
