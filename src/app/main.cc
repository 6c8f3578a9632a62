// latchkeyd: the Latchkey server. Subcommands: serve (default), migrate, admin.
#include <cstdio>
#include <string>
#include <vector>

#include "app/commands.h"

namespace {

void usage(std::FILE* out = stderr) {
  std::fprintf(out,
               "usage: latchkeyd [serve|migrate|admin ACTION] [--listen HOST:PORT] [--data-dir DIR]\n"
               "                 [--tls-cert FILE --tls-key FILE] [--config FILE]\n"
               "                 [--set section.key=value ...]\n"
               "\n"
               "  serve     run the server (default); first line on stdout: listening on URL\n"
               "  migrate   apply pending database migrations and exit\n"
               "  admin     operator actions: create-user, disable-user, enable-user, unlock,\n"
               "            bootstrap (see `latchkeyd admin help`)\n"
               "\n"
               "--tls-cert/--tls-key (server.tls_cert/tls_key) serve HTTPS directly.\n"
               "Every configuration key can be set with --set section.key=value, a LATCHKEY_*\n"
               "environment variable or the --config TOML file (docs/config.md).\n");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace latchkey;
  std::string command = "serve";
  std::vector<std::string> rest;
  config::Sources sources;
  sources.environment = config::process_environment();
  if (auto it = sources.environment.find("LATCHKEY_CONFIG"); it != sources.environment.end())
    sources.config_file = it->second;
  std::string tls_cert, tls_key;
  int i = 1;
  if (argc > 1 && argv[1][0] != '-') command = argv[i++];
  for (; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    bool ok = true;
    if (a == "--listen") ok = value(sources.listen);
    else if (a == "--data-dir") ok = value(sources.data_dir);
    else if (a == "--config") ok = value(sources.config_file);
    else if (a == "--tls-cert") ok = value(tls_cert);
    else if (a == "--tls-key") ok = value(tls_key);
    else if (a == "--set") {
      std::string kv;
      ok = value(kv);
      sources.sets.push_back(kv);
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (a == "--version") {
      std::printf("latchkeyd 0.1.0\n");
      return 0;
    } else rest.push_back(a);
    if (!ok) {
      std::fprintf(stderr, "latchkeyd: %s needs a value\n", a.c_str());
      return 1;
    }
  }
  // Dedicated flags win over --set, as --listen and --data-dir do.
  if (!tls_cert.empty()) sources.sets.push_back("server.tls_cert=" + tls_cert);
  if (!tls_key.empty()) sources.sets.push_back("server.tls_key=" + tls_key);
  auto config = config::load(sources);
  if (!config) {
    std::fprintf(stderr, "latchkeyd: configuration error: %s\n", config.error().message.c_str());
    return 1;
  }
  if (command == "serve") {
    if (!rest.empty()) {
      std::fprintf(stderr, "latchkeyd: unexpected argument '%s'\n", rest.front().c_str());
      usage();
      return 1;
    }
    return app::serve(*config);
  }
  if (command == "migrate") return app::migrate(*config);
  if (command == "admin") return app::admin(*config, rest);
  std::fprintf(stderr, "latchkeyd: unknown command '%s'\n", command.c_str());
  usage();
  return 1;
}
