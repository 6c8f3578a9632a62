#include "http/form.h"

#include <algorithm>

#include "core/text.h"

namespace latchkey::http {
namespace {

// RFC 3629 §4: well-formed UTF-8 (no overlongs, surrogates or code points
// above U+10FFFF).
bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (s.size() - i < n) return false;
    for (std::size_t k = 1; k < n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return false;
    }
    i += n;
  }
  return true;
}

// WHATWG "percent-decode" after '+' → ' ', strictly.
std::optional<std::string> decode(std::string_view in) {
  std::string plus_free(in);
  std::replace(plus_free.begin(), plus_free.end(), '+', ' ');
  auto out = percent_decode(plus_free, /*keep_malformed=*/false);
  if (!out || out->find('\0') != std::string::npos || !valid_utf8(*out)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<Form> Form::parse(std::string_view body) {
  Form form;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view piece = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view() : body.substr(amp + 1);
    if (piece.empty()) continue;
    if (form.pairs_.size() == kMaxFormPairs) return std::nullopt;
    const auto eq = piece.find('=');
    auto name = decode(piece.substr(0, eq));
    auto value = decode(eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    form.pairs_.emplace_back(std::move(*name), std::move(*value));
  }
  return form;
}

std::optional<std::string_view> Form::get(std::string_view name) const {
  for (const auto& [k, v] : pairs_)
    if (k == name) return std::string_view(v);
  return std::nullopt;
}

bool Form::has(std::string_view name) const { return get(name).has_value(); }

bool Form::repeated(std::string_view name) const {
  return std::count_if(pairs_.begin(), pairs_.end(),
                       [&](const auto& pair) { return pair.first == name; }) > 1;
}

}  // namespace latchkey::http
