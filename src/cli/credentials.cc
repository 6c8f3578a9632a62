#include "cli/credentials.h"

#include <algorithm>
#include <charconv>

#include "cli/netrc_file.h"

namespace latchkey::cli {
namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowercase(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

}  // namespace

std::string_view token_source_name(TokenSource source) {
  switch (source) {
    case TokenSource::kLatchkeyApiKey: return "LATCHKEY_API_KEY";
    case TokenSource::kHerokuApiKey: return "HEROKU_API_KEY";
    case TokenSource::kNetrc: return "netrc";
    case TokenSource::kNone: break;
  }
  return "none";
}

std::string resolve_api_url(const Environment& env, const std::optional<std::string>& flag) {
  std::string url;
  if (flag && !flag->empty()) {
    url = *flag;
  } else if (auto v = env.get("LATCHKEY_API_URL")) {
    url = *v;
  } else if (auto h = env.get("HEROKU_HOST"); h && h->starts_with("http")) {
    url = *h;
  } else {
    url = std::string(kDefaultApiUrl);
  }
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

Outcome<std::string> machine_for_url(std::string_view url) {
  std::size_t sep = url.find("://");
  std::string scheme = sep == std::string_view::npos ? std::string() : lowercase(url.substr(0, sep));
  if (scheme != "http" && scheme != "https") {
    return failed_local("the API URL must start with http:// or https:// (got \"" + std::string(url) + "\")");
  }
  std::string_view authority = url.substr(sep + 3);
  authority = authority.substr(0, authority.find_first_of("/?#"));
  if (std::size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);

  std::string_view host;
  std::string_view port;
  if (authority.starts_with('[')) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return failed_local("bad IPv6 address in API URL");
    host = authority.substr(0, close + 1);
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return failed_local("bad API URL: " + std::string(url));
      port = rest.substr(1);
    }
  } else {
    std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (host.empty()) return failed_local("the API URL has no host: " + std::string(url));
  std::string machine = lowercase(host);
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return failed_local("bad port in API URL: " + std::string(url));
    }
    unsigned default_port = scheme == "https" ? 443 : 80;
    if (value != default_port) machine += ":" + std::to_string(value);
  }
  return machine;
}

Outcome<std::vector<std::string>> credential_machines(const Environment& env, std::string_view api_url) {
  auto api = machine_for_url(api_url);
  if (!api) return failed(std::move(api.error()));
  std::vector<std::string> machines{*api};
  auto git = env.get("LATCHKEY_GIT_HOST");
  if (!git) git = env.get("HEROKU_GIT_HOST");
  if (git && !equals_ignore_case(*git, *api)) machines.push_back(*git);
  return machines;
}

Outcome<std::filesystem::path> netrc_path(const Environment& env) {
  if (auto p = env.get("NETRC")) return std::filesystem::path(*p);
  if (auto home = env.get("HOME")) return std::filesystem::path(*home) / ".netrc";
  return failed_local("cannot find the netrc file: neither NETRC nor HOME is set");
}

Outcome<std::optional<StoredLogin>> stored_login(const Environment& env, std::string_view api_url) {
  auto machine = machine_for_url(api_url);
  if (!machine) return failed(std::move(machine.error()));
  auto path = netrc_path(env);
  if (!path) return failed(std::move(path.error()));
  auto netrc = NetrcFile(*path).load();
  if (!netrc) return failed(std::move(netrc.error()));
  const NetrcEntry* e = netrc->find(*machine);
  if (e == nullptr) return std::optional<StoredLogin>();
  return std::optional<StoredLogin>(StoredLogin{e->login.value_or(""), Secret(e->password.value_or(""))});
}

Outcome<Credentials> resolve_credentials(const Environment& env, const std::optional<std::string>& flag) {
  Credentials c;
  c.api_url = resolve_api_url(env, flag);
  auto machine = machine_for_url(c.api_url);
  if (!machine) return failed(std::move(machine.error()));
  c.machine = std::move(*machine);

  if (auto key = env.get("LATCHKEY_API_KEY")) {
    c.source = TokenSource::kLatchkeyApiKey;
    c.token = Secret(std::move(*key));
  } else if (auto hkey = env.get("HEROKU_API_KEY")) {
    c.source = TokenSource::kHerokuApiKey;
    c.token = Secret(std::move(*hkey));
  }
  auto stored = stored_login(env, c.api_url);
  if (!stored) {
    if (c.source != TokenSource::kNone) return c;  // the netrc is not needed
    return failed(std::move(stored.error()));
  }
  if (auto& login = *stored; login) {
    c.email = login->email;
    if (c.source == TokenSource::kNone && !login->token.empty()) {
      c.source = TokenSource::kNetrc;
      c.token = std::move(login->token);
    }
  }
  return c;
}

namespace {

// Applies `edit` to every credential machine (API host, git host) in the netrc.
template <class Edit>
Outcome<void> edit_machines(const Environment& env, std::string_view api_url, Edit edit) {
  auto machines = credential_machines(env, api_url);
  if (!machines) return failed(std::move(machines.error()));
  auto path = netrc_path(env);
  if (!path) return failed(std::move(path.error()));
  return NetrcFile(*path).update([&](Netrc& n) {
    bool changed = false;
    for (const std::string& m : *machines) changed = edit(n, m) || changed;
    return changed;
  });
}

}  // namespace

Outcome<void> store_login(const Environment& env, std::string_view api_url, std::string_view email,
                          const Secret& token) {
  return edit_machines(env, api_url, [&](Netrc& n, const std::string& machine) {
    return n.set(machine, email, token.reveal());
  });
}

Outcome<void> remove_login(const Environment& env, std::string_view api_url) {
  return edit_machines(env, api_url,
                       [](Netrc& n, const std::string& machine) { return n.remove(machine); });
}

}  // namespace latchkey::cli
