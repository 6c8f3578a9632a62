// `latchkeyd admin …` and `latchkeyd migrate`: operator actions run in-process
// on the server host, against the same data directory as the server.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "app/admin_events.h"
#include "app/commands.h"
#include "app/wiring.h"
#include "store/sqlite/sqlite_store.h"

namespace latchkey::app {
namespace {

std::string read_password() {
  std::string line;
  const bool tty = ::isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "Password: ");
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  return line;
}

int report(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.c_str());
  return e.code == ErrorCode::kInvalidParams || e.code == ErrorCode::kNotFound ? 2 : 1;
}

struct AdminArgs {
  std::string action, email, name;
  bool is_admin = false;
  std::string error;  // non-empty: the arguments are unusable
};

AdminArgs parse(const std::vector<std::string>& args) {
  AdminArgs a;
  for (std::size_t i = 0; i < args.size() && a.error.empty(); ++i) {
    const auto& x = args[i];
    if (x == "--admin") a.is_admin = true;
    else if (x == "--email" && i + 1 < args.size()) a.email = args[++i];
    else if (x == "--name" && i + 1 < args.size()) a.name = args[++i];
    else if (x.starts_with("-")) a.error = "unknown or incomplete option '" + x + "'";
    else if (a.action.empty()) a.action = x;
    else a.error = "unexpected argument '" + x + "'";
  }
  const bool needs_email = a.action == "create-user" || a.action == "disable-user" ||
                           a.action == "enable-user" || a.action == "unlock" ||
                           a.action == "reset-mfa";
  if (a.error.empty() && needs_email && a.email.empty()) a.error = a.action + " needs --email";
  return a;
}

}  // namespace

int migrate(const config::Config& config) {
  const auto path = config::sqlite_file(config);
  if (!path) {
    std::fprintf(stderr, "latchkeyd: database.url names PostgreSQL, which this build does not support yet\n");
    return 1;
  }
  auto ok = store::migrate_sqlite(*path);
  if (!ok) return report(ok.error());
  std::printf("migrations applied to %s\n", path->c_str());
  return 0;
}

int admin(const config::Config& config, const std::vector<std::string>& args) {
  if (!args.empty() && (args.front() == "events" || args.front() == "prune-events"))
    return admin_audit(config, args);
  const AdminArgs a = parse(args);
  if (a.action.empty() || a.action == "help") {
    std::printf(
        "usage: latchkeyd admin ACTION [--data-dir DIR]\n"
        "  create-user --email E [--name N] [--admin]   password read from stdin\n"
        "  disable-user --email E | enable-user --email E\n"
        "  unlock --email E                               clear the sign-in and code throttle/lock\n"
        "  reset-mfa --email E                            remove the account's second factor (lost\n"
        "                                                 authenticator and recovery codes)\n"
        "  bootstrap                                      new one-time first-admin secret\n"
        "  events [--since T|--days N] [--until T] [--email E] [--action PREFIX]\n"
        "                                                 the audit trail as JSON lines, oldest first\n"
        "  prune-events                                   delete events older than audit.retention_days\n");
    return a.action.empty() ? 1 : 0;
  }
  if (!a.error.empty()) {
    std::fprintf(stderr, "error: %s (try: latchkeyd admin help)\n", a.error.c_str());
    return 1;
  }
  auto wiring = build(config);
  if (!wiring) return report(wiring.error());
  Wiring& w = **wiring;
  service::RequestInfo info;
  info.ip = "local";
  info.user_agent = "latchkeyd admin";
  if (a.action == "create-user") {
    auto account = w.accounts->create_user({a.email, read_password(), a.name}, a.is_admin, info);
    if (!account) return report(account.error());
    std::printf("created %s%s (%s)\n", account->email.c_str(), a.is_admin ? " [admin]" : "", account->id.c_str());
    return 0;
  }
  if (a.action == "disable-user" || a.action == "enable-user") {
    auto account = w.accounts->set_disabled(a.email, a.action == "disable-user");
    if (!account) return report(account.error());
    std::printf("%s %s\n", a.action == "disable-user" ? "disabled" : "enabled", account->email.c_str());
    return 0;
  }
  if (a.action == "unlock") {
    if (auto ok = w.accounts->unlock(a.email); !ok) return report(ok.error());
    std::printf("unlocked %s\n", a.email.c_str());
    return 0;
  }
  if (a.action == "reset-mfa") {
    auto account = w.store->accounts().find_by_email(service::AccountService::normalize_email(a.email));
    if (!account) return report(account.error());
    if (auto ok = w.mfa->reset(*account, info); !ok) return report(ok.error());
    std::printf("removed the second factor of %s; they enrol again at their next sign-in\n",
                account->email.c_str());
    return 0;
  }
  if (a.action == "bootstrap") {
    auto secret = w.bootstrap->issue_if_empty();
    if (!secret) return report(secret.error());
    if (!*secret) {
      std::fprintf(stderr, "error: accounts already exist; use create-user --admin\n");
      return 2;
    }
    std::printf("%s\n", (*secret)->c_str());  // NOLINT(bugprone-unchecked-optional-access): checked above
    return 0;
  }
  std::fprintf(stderr, "error: unknown admin action '%s' (try: latchkeyd admin help)\n", a.action.c_str());
  return 1;
}

}  // namespace latchkey::app
