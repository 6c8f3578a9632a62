// libFuzzer target: arbitrary bytes as an application/x-www-form-urlencoded
// body (src/http/form.h). Never crashes; what it accepts is bounded, free of
// NUL bytes, answers get()/repeated() by the first / every pair of a name, and
// survives a re-encode → parse round trip unchanged.
//
// Build (clang): link lk_http with -fsanitize=fuzzer. Seeds: fuzz/corpus/form/.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/text.h"
#include "http/form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using latchkey::http::Form;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto form = Form::parse(in);
  if (!form) return 0;

  const auto& pairs = form->pairs();
  if (pairs.size() > latchkey::http::kMaxFormPairs) std::abort();
  std::string encoded;
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto& [name, value] = pairs[i];
    if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos) std::abort();
    std::size_t first = 0, count = 0;
    for (std::size_t j = 0; j < pairs.size(); ++j)
      if (pairs[j].first == name && count++ == 0) first = j;
    if (form->get(name) != std::string_view(pairs[first].second)) std::abort();
    if (!form->has(name) || form->repeated(name) != (count > 1)) std::abort();

    if (i > 0) encoded += '&';
    encoded += latchkey::percent_encode(name, latchkey::is_unreserved);
    encoded += '=';
    encoded += latchkey::percent_encode(value, latchkey::is_unreserved);
  }
  const auto again = Form::parse(encoded);
  if (!again || again->pairs() != pairs) std::abort();
  return 0;
}
