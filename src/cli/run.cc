#include "cli/run.h"

#include <CLI/CLI.hpp>

#include <algorithm>

#include "cli/commands/command.h"
#include "cli/output.h"

namespace latchkey::cli {
namespace {

constexpr std::string_view kApiUrlHelp = "API base URL (default: $LATCHKEY_API_URL, $HEROKU_HOST or " "http://127.0.0.1:5000)";

const CommandSpec* find_command(const std::vector<CommandSpec>& table, std::string_view name) {
  for (const CommandSpec& c : table) {
    if (c.name == name || std::find(c.aliases.begin(), c.aliases.end(), name) != c.aliases.end()) return &c;
  }
  return nullptr;
}

void print_usage(std::ostream& out, const std::vector<CommandSpec>& table) {
  out << "Usage: latchkey [--api-url URL] COMMAND [ARGS...]\n\n"
      << "Commands:\n";
  std::size_t width = 0;
  for (const CommandSpec& c : table) width = std::max(width, c.name.size());
  for (const CommandSpec& c : table) {
    out << "  " << c.name << std::string(width - c.name.size() + 2, ' ') << c.summary << '\n';
  }
  out << "\nGlobal options:\n"
      << "  --api-url URL   " << kApiUrlHelp << "\n"
      << "  --version       print the version\n"
      << "  -h, --help      show help (also `latchkey COMMAND --help`)\n";
}

void print_hints(Context& ctx, const std::string& command, const Failure& f) {
  if (f.status != 401 || command == "login") return;
  if (ctx.env.get("LATCHKEY_API_KEY")) {
    ctx.err << "The token in LATCHKEY_API_KEY is invalid or expired.\n";
  } else if (ctx.env.get("HEROKU_API_KEY")) {
    ctx.err << "The token in HEROKU_API_KEY is invalid or expired.\n";
  } else {
    ctx.err << "Run `latchkey login` to log in again.\n";
  }
}

// Runs one command: parses its arguments, then its action.
int run_command(const CommandSpec& spec, const std::vector<std::string>& args, Context& ctx, bool help_only) {
  CLI::App app(spec.summary, "latchkey " + spec.name);
  std::string api_url;
  app.add_option("--api-url", api_url, std::string(kApiUrlHelp));
  Action action = spec.define(app);
  if (help_only) {
    ctx.out << app.help();
    return kExitOk;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e, ctx.out, ctx.err);
    return code == 0 ? kExitOk : kExitLocal;
  }
  if (!api_url.empty()) ctx.api_url_flag = api_url;
  auto result = action(ctx);
  ctx.out.flush();
  if (result) return kExitOk;
  print_failure(ctx.err, result.error());
  print_hints(ctx, spec.name, result.error());
  return result.error().exit_code();
}

}  // namespace

int run(const std::vector<std::string>& args, Context& ctx) {
  std::vector<CommandSpec> table = all_commands();
  std::size_t i = 0;
  bool help = false;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--version" || a == "-v" || a == "version") {
      ctx.out << kCliVersion << '\n';
      return kExitOk;
    }
    if (a == "--help" || a == "-h" || a == "help") {
      help = true;
    } else if (a == "--api-url") {
      if (i + 1 >= args.size()) {
        ctx.err << "Error: --api-url needs a value\n";
        return kExitLocal;
      }
      ctx.api_url_flag = args[++i];
    } else if (a.starts_with("--api-url=")) {
      ctx.api_url_flag = a.substr(std::string_view("--api-url=").size());
    } else if (a.starts_with("-")) {
      ctx.err << "Error: unknown option " << a << "\nSee `latchkey --help`.\n";
      return kExitLocal;
    } else {
      break;
    }
  }
  if (i == args.size()) {
    print_usage(ctx.out, table);
    return kExitOk;
  }
  const CommandSpec* spec = find_command(table, args[i]);
  if (spec == nullptr) {
    ctx.err << "Error: " << args[i] << " is not a latchkey command.\nSee `latchkey --help`.\n";
    return kExitLocal;
  }
  return run_command(*spec, std::vector<std::string>(args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end()),
                     ctx, help);
}

}  // namespace latchkey::cli
