// releases: an app's releases, newest first (compat spec C.11, D.3). Asks for
// one page with `Range: version ..; order=desc,max=N` and does not follow
// Next-Range, as the heroku CLI does for this list.
#include <CLI/CLI.hpp>

#include <memory>

#include <boost/json.hpp>

#include "cli/commands/app_target.h"
#include "cli/commands/command.h"
#include "cli/otpauth.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

constexpr int kDefaultCount = 15;
constexpr int kMaxCount = 1000;  // the API's largest page

struct ReleaseOptions {
  std::shared_ptr<AppTarget> target;
  int count = kDefaultCount;
  bool json = false;
};

std::string version_text(const json::value& release) {
  auto v = json_int(release, {"version"});
  return v ? "v" + std::to_string(*v) : std::string();
}

Outcome<void> list(Context& ctx, const ReleaseOptions& o) {
  if (o.count < 1 || o.count > kMaxCount) {
    return failed_local("-n/--num must be between 1 and " + std::to_string(kMaxCount));
  }
  auto app = resolve_app(ctx, *o.target);
  if (!app) return failed(std::move(app.error()));
  auto api = logged_in_client(ctx);
  if (!api) return failed(std::move(api.error()));
  CallOptions page;
  page.headers.push_back({"Range", "version ..; order=desc,max=" + std::to_string(o.count)});
  auto releases = api->call("GET", app_path(*app) + "/releases", page);
  if (!releases) return failed(std::move(releases.error()));
  if (!releases->is_array()) return failed_local("the server sent a list that is not a JSON array");
  const json::array& items = releases->get_array();
  if (o.json) {
    print_json(ctx.out, items);
    return {};
  }
  if (items.empty()) {
    ctx.out << printable(*app) << " has no releases.\n";
    return {};
  }
  std::string current;
  std::vector<std::vector<std::string>> rows;
  for (const json::value& r : items) {
    const json::value* is_current = r.is_object() ? r.get_object().if_contains("current") : nullptr;
    if (current.empty() && is_current != nullptr && is_current->is_bool() && is_current->get_bool()) {
      current = version_text(r);
    }
    rows.push_back({version_text(r), printable(json_string(r, {"description"})),
                    printable(json_string(r, {"user", "email"})), printable(json_string(r, {"created_at"}))});
  }
  ctx.out << "=== " << printable(*app) << " Releases" << (current.empty() ? "" : " - Current: " + current) << "\n\n";
  print_table(ctx.out, {"Version", "Description", "User", "Created"}, rows);
  return {};
}

}  // namespace

void add_release_commands(std::vector<CommandSpec>& table) {
  table.push_back({"releases", {"releases:list"}, "list an app's releases, newest first", [](CLI::App& app) -> Action {
                     auto o = std::make_shared<ReleaseOptions>();
                     o->target = add_app_flags(app);
                     app.add_option("-n,--num", o->count, "how many releases to show (default 15)");
                     app.add_flag("-j,--json", o->json, "print the releases as JSON");
                     return [o](Context& ctx) { return list(ctx, *o); };
                   }});
}

}  // namespace latchkey::cli
