// The pure git rules of cli/git.h: remote lists, the git host, remote URLs,
// and the credential helper's config key and value.
#include "cli/git.h"

#include "cli/commands/command.h"
#include "cli/credentials.h"
#include "cli/netrc.h"

namespace latchkey::cli {
namespace {

constexpr std::string_view kHelperCommand = " git:credentials";

// The name in "<name>.git" when `rest` is exactly that, else nullopt.
std::optional<std::string> repository_name(std::string_view rest) {
  if (!rest.ends_with(".git")) return std::nullopt;
  rest.remove_suffix(4);
  if (rest.empty() || rest.find_first_of("/?#") != std::string_view::npos) return std::nullopt;
  return std::string(rest);
}

// `text` minus a case-insensitive `prefix`, or nullopt.
std::optional<std::string_view> strip_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size() || !equals_ignore_case(text.substr(0, prefix.size()), prefix)) return std::nullopt;
  return text.substr(prefix.size());
}

}  // namespace

std::vector<GitRemote> parse_remote_list(std::string_view text) {
  std::vector<GitRemote> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (!line.ends_with(" (fetch)")) continue;
    line.remove_suffix(8);
    std::size_t tab = line.find('\t');
    if (tab == std::string_view::npos || tab == 0) continue;
    out.push_back({std::string(line.substr(0, tab)), std::string(line.substr(tab + 1))});
  }
  return out;
}

Outcome<std::string> git_host(const Environment& env, std::string_view api_url) {
  if (auto host = env.get("LATCHKEY_GIT_HOST")) return *host;
  if (auto host = env.get("HEROKU_GIT_HOST")) return *host;
  return machine_for_url(api_url);
}

std::string app_remote_url(std::string_view git_host, std::string_view app) {
  return "https://" + std::string(git_host) + "/" + std::string(app) + ".git";
}

std::optional<std::string> app_of_remote(std::string_view url, std::string_view git_host) {
  for (std::string_view scheme : {"https://", "ssh://git@"}) {
    auto rest = strip_prefix(url, scheme);
    if (!rest) continue;
    auto path = strip_prefix(*rest, git_host);
    if (!path || !path->starts_with('/')) return std::nullopt;
    return repository_name(path->substr(1));
  }
  if (auto rest = strip_prefix(url, "git@")) {
    auto path = strip_prefix(*rest, git_host);
    if (!path || !path->starts_with(':')) return std::nullopt;
    return repository_name(path->substr(1));
  }
  return std::nullopt;
}

std::string credential_helper_key(std::string_view git_host) {
  return "credential.https://" + std::string(git_host) + ".helper";
}

std::string credential_helper_value(std::string_view binary, std::string_view api_url) {
  std::string value = "!" + shell_quote(binary);
  if (!api_url.empty()) value += " --api-url " + shell_quote(api_url);
  return value + std::string(kHelperCommand);
}

bool is_cli_credential_helper(std::string_view value) {
  return value.starts_with('!') && value.ends_with(kHelperCommand);
}

}  // namespace latchkey::cli
