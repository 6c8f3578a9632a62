#include "api/platform_views.h"

#include <boost/json.hpp>

#include "api/views.h"

namespace latchkey::api {
namespace json = boost::json;
namespace {

// Fixed ids for the fixed catalogues (regions, stacks).
std::string_view region_id(std::string_view name) {
  return name == "eu" ? "ed30241c-ed8c-4bb6-9714-61953675d0b4"
                      : "59accabd-516d-4f0e-83e6-6e3757701145";
}
std::string_view stack_id(std::string_view name) {
  if (name == "heroku-22") return "2fa8b2f5-8c6a-4e2b-9f3a-4a1c1c7e0b22";
  if (name == "container") return "69bee368-352b-4bd0-9b7c-819d860a2588";
  return "74cfe988-7527-4ca4-9e5c-6b2a4d1f3a24";
}

std::string_view permission_description(std::string_view name) {
  if (name == "view") return "Can see the app, its releases and collaborators, and fetch its code.";
  if (name == "deploy") return "Can push code and read and change config vars.";
  if (name == "operate") return "Can restart and scale the app.";
  return "Can rename and delete the app and manage its collaborators.";
}

json::value named(const std::string& id, const std::string& name) {
  if (id.empty()) return nullptr;
  return json::object{{"id", id}, {"name", name}};
}

}  // namespace

std::string team_owner_email(const std::string& team_name) {
  return team_name + "@herokumanager.com";
}

json::object app_json(const model::App& a, const service::AppService& apps) {
  const bool team = !a.team_id.empty();
  json::object owner{{"id", team ? a.team_id : a.owner_id},
                     {"email", team ? team_owner_email(a.team_name) : a.owner_email}};
  json::object stack{{"id", stack_id(a.stack)}, {"name", a.stack}};
  return json::object{
      {"id", a.id},
      {"name", a.name},
      {"owner", std::move(owner)},
      {"team", named(a.team_id, a.team_name)},
      {"organization", named(a.team_id, a.team_name)},
      {"region", json::object{{"id", region_id(a.region)}, {"name", a.region}}},
      {"stack", stack},
      {"build_stack", stack},
      {"generation", json::object{{"id", "1a5a2e3c-4b0f-4a41-b1f3-3c6a50000001"}, {"name", "cedar"}}},
      {"space", nullptr},
      {"git_url", apps.git_url(a)},
      {"web_url", apps.web_url(a)},
      {"repo_size", nullptr},
      {"slug_size", nullptr},
      {"acm", false},
      {"maintenance", a.maintenance},
      {"locked", false},
      {"internal_routing", nullptr},
      {"buildpack_provided_description", nullptr},
      {"archived_at", nullptr},
      {"released_at", time_or_null(a.released_at ? std::optional<UnixTime>(a.released_at) : std::nullopt)},
      {"created_at", format_time(a.created_at)},
      {"updated_at", format_time(a.updated_at)},
  };
}

json::array permissions_json(const std::vector<std::string>& names) {
  json::array out;
  for (const auto& n : names)
    out.push_back(json::object{{"name", n}, {"description", permission_description(n)}});
  return out;
}

json::object collaborator_json(const model::Collaborator& c, const model::App& app,
                               std::string_view role) {
  return json::object{
      {"id", c.id},
      {"app", json::object{{"id", app.id}, {"name", app.name}}},
      {"user", json::object{{"id", c.account_id}, {"email", c.email}, {"federated", false}}},
      {"role", role},
      {"permissions", permissions_json(c.permissions)},
      {"created_at", format_time(c.created_at)},
      {"updated_at", format_time(c.updated_at)},
  };
}

json::object owner_collaborator_json(const model::App& app) {
  std::vector<std::string> all(std::begin(model::kAppPermissions), std::end(model::kAppPermissions));
  return json::object{
      {"id", app.owner_id},
      {"app", json::object{{"id", app.id}, {"name", app.name}}},
      {"user", json::object{{"id", app.owner_id}, {"email", app.owner_email}, {"federated", false}}},
      {"role", "owner"},
      {"permissions", permissions_json(all)},
      {"created_at", format_time(app.created_at)},
      {"updated_at", format_time(app.updated_at)},
  };
}

json::object release_json(const model::Release& r, const model::App& app, bool current) {
  json::value user = nullptr;
  if (!r.account_id.empty()) user = json::object{{"id", r.account_id}, {"email", r.email}};
  return json::object{
      {"id", r.id},
      {"version", r.version},
      {"description", r.description},
      {"status", r.status},
      {"current", current},
      {"user", std::move(user)},
      {"app", json::object{{"id", app.id}, {"name", app.name}}},
      {"addon_plan_names", json::array{}},
      {"slug", nullptr},
      {"output_stream_url", nullptr},
      {"created_at", format_time(r.created_at)},
      {"updated_at", format_time(r.created_at)},
  };
}

json::object team_json(const model::Team& t) {
  return json::object{
      {"id", t.id},
      {"name", t.name},
      {"role", t.role.empty() ? json::value(nullptr) : json::value(t.role)},
      {"type", "team"},
      {"default", false},
      {"membership_limit", nullptr},
      {"provisioned_licenses", false},
      {"identity_provider", nullptr},
      {"enterprise_account", nullptr},
      {"created_at", format_time(t.created_at)},
      {"updated_at", format_time(t.updated_at)},
  };
}

json::object member_json(const model::TeamMember& m) {
  return json::object{
      {"id", m.account_id},
      {"email", m.email},
      {"role", m.role},
      {"two_factor_authentication", m.two_factor},
      {"federated", false},
      {"identity_provider", nullptr},
      {"user", json::object{{"id", m.account_id},
                            {"email", m.email},
                            {"name", m.name.empty() ? json::value(nullptr) : json::value(m.name)}}},
      {"created_at", format_time(m.created_at)},
      {"updated_at", format_time(m.updated_at)},
  };
}

}  // namespace latchkey::api
