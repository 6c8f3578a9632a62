// libFuzzer target: Cookie header parsing and Set-Cookie writing
// (src/http/cookie.h). Input: first byte = length of the cookie name, then
// the name, then the rest as a Cookie header value (and as a cookie value).
// Never crashes; a found value is a ';'-free, blank-trimmed slice of the
// header; a written Set-Cookie has no control characters, exactly our own
// attributes, and reads back through cookie_value().
//
// Build (clang): link lk_http with -fsanitize=fuzzer. Seeds: fuzz/corpus/cookie/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/cookie.h"

namespace {

std::size_t count(std::string_view s, char c) {
  std::size_t n = 0;
  for (char x : s) n += x == c;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace latchkey::http;
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view name = bytes.substr(0, data[0] % 32);
  const std::string_view header = bytes.substr(name.size());

  if (const auto found = cookie_value(header, name)) {
    if (found->find(';') != std::string::npos) std::abort();
    if (header.find(*found) == std::string_view::npos) std::abort();
    if (!found->empty() && (found->front() == ' ' || found->back() == ' ' ||
                            found->front() == '\t' || found->back() == '\t'))
      std::abort();
  }
  Request request;
  request.headers = {{"cookie", std::string(header)}, {"cookie", "x=1"}};
  if (const auto direct = cookie_value(header, name);
      direct && cookie_value(request, name) != direct)
    std::abort();

  CookieOptions options;
  options.max_age = static_cast<long>(size) - 64;
  options.same_site = std::string(name);
  const std::string set = set_cookie_header(name, header, options);
  for (unsigned char c : set)
    if (c < 0x20 || c >= 0x7F) std::abort();
  // Exactly our attributes (so never a Domain): name=value; Path; Max-Age;
  // HttpOnly; Secure; and SameSite unless it was empty.
  const std::size_t separators = options.same_site.empty() ? 4 : 5;
  if (count(set, ';') != separators || set.find("; Path=/;") != set.find(';')) std::abort();
  const std::string pair = set.substr(0, set.find(';'));
  const auto eq = pair.find('=');
  if (eq == std::string::npos) std::abort();
  if (!name.empty() && cookie_value(pair, pair.substr(0, eq)) != pair.substr(eq + 1)) std::abort();
  return 0;
}
