// heroku-env: the environment that points the stock heroku CLI at this server
// (compat spec A.1–A.3).
#include <CLI/CLI.hpp>

#include "cli/commands/command.h"

namespace latchkey::cli {
namespace {

bool is_loopback_host(std::string_view machine) {
  std::string_view host = machine.substr(0, machine.starts_with('[') ? machine.find(']') + 1 : machine.find(':'));
  return host == "localhost" || host == "127.0.0.1";
}

Outcome<void> heroku_env(Context& ctx) {
  std::string url = resolve_api_url(ctx.env, ctx.api_url_flag);
  auto machine = machine_for_url(url);
  if (!machine) return failed(std::move(machine.error()));
  std::string q = shell_quote(url);
  ctx.out << "# Point the stock heroku CLI at Latchkey (" << url << "): eval \"$(latchkey heroku-env)\"\n"
          << "# The heroku CLI only sends tokens to localhost or 127.0.0.1: reach a remote server\n"
          << "# through a tunnel (e.g. ssh -L 5000:127.0.0.1:5000 <server>) and use that address.\n";
  if (!is_loopback_host(*machine)) {
    ctx.out << "# WARNING: " << *machine << " is not localhost/127.0.0.1; the heroku CLI will not work with it.\n";
  }
  ctx.out << "export HEROKU_HOST=" << q << '\n'
          << "export HEROKU_LOGIN_HOST=" << q << '\n'
          << "export HEROKU_PARTICLEBOARD_URL=" << q << '\n'
          << "export DISABLE_TELEMETRY=true\n"
          << "export HEROKU_NETRC_WRITE=true\n";
  return {};
}

}  // namespace

void add_heroku_env_command(std::vector<CommandSpec>& table) {
  table.push_back({"heroku-env", {}, "print the environment for using the stock heroku CLI with this server",
                   [](CLI::App&) -> Action { return heroku_env; }});
}

}  // namespace latchkey::cli
