#include <charconv>

#include "cli/commands/command.h"
#include "core/text.h"

namespace latchkey::cli {

std::vector<CommandSpec> all_commands() {
  std::vector<CommandSpec> table;
  add_auth_commands(table);
  add_authorization_commands(table);
  add_client_commands(table);
  add_session_commands(table);
  add_mfa_commands(table);
  add_app_commands(table);
  add_access_commands(table);
  add_config_commands(table);
  add_release_commands(table);
  add_team_commands(table);
  add_git_commands(table);
  add_activity_commands(table);
  add_heroku_env_command(table);
  return table;
}

Outcome<Credentials> require_login(const Context& ctx) {
  auto creds = resolve_credentials(ctx.env, ctx.api_url_flag);
  if (!creds) return failed(std::move(creds.error()));
  if (creds->token.empty()) return failed(Failure::not_logged_in());
  return creds;
}

Outcome<ApiClient> logged_in_client(const Context& ctx) {
  auto creds = require_login(ctx);
  if (!creds) return failed(std::move(creds.error()));
  return ApiClient(ctx.transport, creds->api_url, std::move(creds->token));
}

std::string path_segment(std::string_view raw) { return percent_encode(raw, is_unreserved); }

Outcome<std::int64_t> parse_seconds(std::string_view text, std::string_view what) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return failed_local(std::string(what) + " must be a positive number of seconds (got \"" + std::string(text) +
                        "\")");
  }
  return value;
}

std::string shell_quote(std::string_view value) {
  bool plain = !value.empty() && value.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                         "0123456789:/._-[]@%+=,") == std::string_view::npos;
  if (plain) return std::string(value);
  std::string out = "'";
  for (char c : value) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

bool token_matches(std::string_view shown, const Secret& token) {
  static constexpr std::string_view kMask = "**********";
  if (shown.empty()) return false;
  std::size_t mask = shown.find(kMask);
  if (mask == std::string_view::npos) return token.equals(shown);
  std::string_view prefix = shown.substr(0, mask);
  std::string_view suffix = shown.substr(mask + kMask.size());
  std::string_view t = token.reveal();
  return !prefix.empty() && !suffix.empty() && prefix.size() + suffix.size() < t.size() && t.starts_with(prefix) &&
         t.ends_with(suffix);
}

}  // namespace latchkey::cli
