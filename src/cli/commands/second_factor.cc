#include "cli/commands/second_factor.h"

#include <sodium.h>

namespace latchkey::cli {

std::string normalize_code(std::string_view typed) {
  std::string code;
  code.reserve(typed.size());
  for (char c : typed) {
    if (c != ' ' && c != '\t') code += c;
  }
  return code;
}

Outcome<boost::json::value> call_with_second_factor(Context& ctx, ApiClient& api, std::string_view method,
                                                    std::string_view path, CallOptions options) {
  auto first = api.call(method, path, options);
  if (first || first.error().status != 403 || first.error().id != "two_factor") return first;

  ctx.out.flush();  // whatever was printed so far comes before the prompt
  auto typed = ctx.prompter.ask(kTwoFactorPrompt, true);
  if (!typed) return failed(std::move(typed.error()));
  Secret code(normalize_code(*typed));
  sodium_memzero(typed->data(), typed->size());
  if (code.empty()) return failed_local("a two-factor code is required");

  options.headers.push_back({std::string(kTwoFactorHeader), std::string(code.reveal())});
  auto second = api.call(method, path, options);
  Header& sent = options.headers.back();  // do not leave the code in freed memory
  sodium_memzero(sent.value.data(), sent.value.size());
  return second;
}

}  // namespace latchkey::cli
