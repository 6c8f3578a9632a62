#include <charconv>

#include "cli/commands/command.h"

namespace latchkey::cli {

std::vector<CommandSpec> all_commands() {
  std::vector<CommandSpec> table;
  add_auth_commands(table);
  add_authorization_commands(table);
  add_session_commands(table);
  add_heroku_env_command(table);
  return table;
}

Outcome<Credentials> require_login(const Context& ctx) {
  auto creds = resolve_credentials(ctx.env, ctx.api_url_flag);
  if (!creds) return failed(std::move(creds.error()));
  if (creds->token.empty()) return failed(Failure::not_logged_in());
  return creds;
}

std::string path_segment(std::string_view raw) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : raw) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

Outcome<std::int64_t> parse_seconds(std::string_view text, std::string_view what) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0) {
    return failed_local(std::string(what) + " must be a positive number of seconds (got \"" + std::string(text) +
                        "\")");
  }
  return value;
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
