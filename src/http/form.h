// application/x-www-form-urlencoded bodies and query strings: the WHATWG URL
// Standard's parser (§5.1), made strict. Pairs split on '&' (empty pieces are
// skipped), name and value on the first '='; '+' is a space and %XX a byte.
// Where WHATWG would carry on, this refuses the whole input instead:
//   - a '%' not followed by two hex digits,
//   - a NUL byte or invalid UTF-8 after decoding,
//   - more than kMaxFormPairs pairs.
// Callers answer 400 (or OAuth invalid_request) to a refused form. The size of
// the input is bounded by the transport's body / header limits.
// Thread safety: a parsed Form is an immutable value.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latchkey::http {

inline constexpr std::size_t kMaxFormPairs = 256;

class Form {
 public:
  // Parses a request body or a query string (Request::query, without '?').
  // An empty input is an empty form.
  static std::optional<Form> parse(std::string_view body);

  // Value of the first pair with this name (exact, case-sensitive match).
  std::optional<std::string_view> get(std::string_view name) const;
  bool has(std::string_view name) const;
  // True when the name occurs more than once. RFC 6749 §3.1/§3.2: OAuth
  // request parameters MUST NOT be included more than once.
  bool repeated(std::string_view name) const;
  // Every pair, decoded, in input order.
  const std::vector<std::pair<std::string, std::string>>& pairs() const { return pairs_; }

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace latchkey::http
