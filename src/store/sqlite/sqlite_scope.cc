// Authorization scopes are stored as a JSON array of strings, e.g.
// ["global"] — readable in the sqlite3 shell and checked by json_valid().
// Only strings are accepted back; anything else is a corrupt row (kInternal).
#include <cstdint>
#include <cstdio>

#include "store/sqlite/aggregates.h"

namespace latchkey::store::sqlite {
namespace {

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view s) : s_(s) {}

  Result<std::vector<std::string>> array() {
    std::vector<std::string> out;
    skip_ws();
    if (!eat('[')) return bad();
    skip_ws();
    if (eat(']')) return finish(std::move(out));
    for (;;) {
      skip_ws();
      std::string item;
      if (!string(item)) return bad();
      out.push_back(std::move(item));
      skip_ws();
      if (eat(']')) return finish(std::move(out));
      if (!eat(',')) return bad();
    }
  }

 private:
  Result<std::vector<std::string>> finish(std::vector<std::string> out) {
    skip_ws();
    if (i_ != s_.size()) return bad();
    return out;
  }
  static std::unexpected<Error> bad() { return fail(internal("sqlite: malformed scope column")); }
  void skip_ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }
  bool eat(char c) {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool hex4(std::uint32_t& v) {
    if (s_.size() - i_ < 4) return false;
    v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else return false;
    }
    return true;
  }
  bool escape(std::string& out) {
    if (i_ >= s_.size()) return false;
    char c = s_[i_++];
    switch (c) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': break;
      default: return false;
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) {  // surrogate pair (RFC 8259 §7)
      std::uint32_t lo = 0;
      if (!eat('\\') || !eat('u') || !hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    append_utf8(out, cp);
    return true;
  }
  bool string(std::string& out) {
    if (!eat('"')) return false;
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return true;
      if (c == '\\') {
        if (!escape(out)) return false;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        return false;
      } else {
        out += c;
      }
    }
    return false;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

}  // namespace

std::string encode_scope(const std::vector<std::string>& scope) {
  std::string out = "[";
  for (std::size_t k = 0; k < scope.size(); ++k) {
    if (k > 0) out += ',';
    out += '"';
    for (char c : scope[k]) {
      auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        char buf[7];
        (void)std::snprintf(buf, sizeof buf, "\\u%04x", u);
        out += buf;
      } else {
        out += c;
      }
    }
    out += '"';
  }
  out += ']';
  return out;
}

Result<std::vector<std::string>> decode_scope(std::string_view json) { return Parser(json).array(); }

}  // namespace latchkey::store::sqlite
