#include "cli/netrc.h"

#include <algorithm>
#include <array>

namespace latchkey::cli {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

bool is_blank(std::string_view line) { return std::all_of(line.begin(), line.end(), is_space); }

constexpr std::array<std::string_view, 6> kKeywords = {"machine", "default", "login",
                                                       "password", "account", "macdef"};

bool is_keyword(std::string_view token) {
  return std::any_of(kKeywords.begin(), kKeywords.end(),
                     [&](std::string_view k) { return equals_ignore_case(token, k); });
}

struct Token {
  std::string text;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool quoted = false;

  bool is(std::string_view keyword) const { return !quoted && equals_ignore_case(text, keyword); }
  bool starts_entry() const { return is("machine") || is("default"); }
  bool is_any_keyword() const { return !quoted && is_keyword(text); }
};

// Splits netrc text into tokens, skipping whitespace and comments.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  const Token* peek() {
    if (!peeked_) peeked_ = scan();
    return peeked_ ? &*peeked_ : nullptr;
  }

  std::optional<Token> next() {
    peek();
    std::optional<Token> t = std::move(peeked_);
    peeked_.reset();
    return t;
  }

  // Reads a macro body: skips the rest of the macdef line, then takes lines
  // up to the first blank line (consumed) or the end of the text. `terminated`
  // tells whether a blank line ended it.
  std::string read_macro_body(bool& terminated) {
    peeked_.reset();
    terminated = false;
    std::size_t nl = s_.find('\n', pos_);
    if (nl == std::string_view::npos) {
      pos_ = s_.size();
      return {};
    }
    pos_ = nl + 1;
    const std::size_t body_begin = pos_;
    std::size_t body_end = s_.size();
    while (pos_ < s_.size()) {
      std::size_t eol = s_.find('\n', pos_);
      std::size_t line_end = eol == std::string_view::npos ? s_.size() : eol;
      std::size_t next = eol == std::string_view::npos ? s_.size() : eol + 1;
      if (is_blank(s_.substr(pos_, line_end - pos_))) {
        body_end = pos_;
        pos_ = next;
        terminated = true;
        break;
      }
      pos_ = next;
    }
    std::string body(s_.substr(body_begin, body_end - body_begin));
    if (!body.empty() && body.back() == '\n') body.pop_back();
    return body;
  }

  std::size_t pos() const { return peeked_ ? peeked_->begin : pos_; }

 private:
  std::optional<Token> scan() {
    while (pos_ < s_.size()) {
      if (is_space(s_[pos_])) {
        ++pos_;
      } else if (s_[pos_] == '#') {
        std::size_t nl = s_.find('\n', pos_);
        pos_ = nl == std::string_view::npos ? s_.size() : nl;
      } else {
        break;
      }
    }
    if (pos_ >= s_.size()) return std::nullopt;
    Token t;
    t.begin = pos_;
    if (s_[pos_] == '"') {
      t.quoted = true;
      ++pos_;
      while (pos_ < s_.size()) {
        char c = s_[pos_];
        if (c == '"') {
          ++pos_;
          break;
        }
        if (c == '\n') break;  // unterminated: the value ends with the line
        if (c == '\\') {  // an escape never hides a line end: values stay on one line
          if (pos_ + 1 < s_.size() && s_[pos_ + 1] != '\n') {
            t.text += unescape(s_[pos_ + 1]);
            pos_ += 2;
          } else {
            ++pos_;
          }
          continue;
        }
        t.text += c;
        ++pos_;
      }
    } else {
      while (pos_ < s_.size() && !is_space(s_[pos_])) ++pos_;
      t.text = std::string(s_.substr(t.begin, pos_ - t.begin));
    }
    t.end = pos_;
    return t;
  }

  static char unescape(char c) {
    switch (c) {
      case 'n': return '\n';
      case 'r': return '\r';
      case 't': return '\t';
      default: return c;
    }
  }

  std::string_view s_;
  std::size_t pos_ = 0;
  std::optional<Token> peeked_;
};

// Takes the next token as a value unless it is missing or a keyword that
// cannot be a value here (then the value is absent and the keyword stays).
std::optional<std::string> take_value(Scanner& sc, std::size_t& last_end, bool any_keyword) {
  const Token* t = sc.peek();
  if (t == nullptr) return std::nullopt;
  if (any_keyword ? t->is_any_keyword() : t->starts_entry()) return std::nullopt;
  std::optional<Token> v = sc.next();
  if (!v) return std::nullopt;
  last_end = v->end;
  return std::move(v->text);
}

// Where an entry's text begins: its keyword, or the start of that line when
// only blanks precede the keyword on it (never before `floor`).
std::size_t entry_begin(std::string_view s, std::size_t keyword, std::size_t floor) {
  std::size_t b = keyword;
  while (b > floor && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  if (b == 0 || s[b - 1] == '\n') return b;
  return keyword;
}

// Where an entry's text ends: after its last token, extended over trailing
// blanks and a comment to the end of that line when nothing else is there.
std::size_t entry_end(std::string_view s, std::size_t last_end, std::size_t limit) {
  std::size_t p = last_end;
  while (p < limit && s[p] != '\n' && is_space(s[p])) ++p;
  if (p < limit && s[p] == '#') {
    while (p < limit && s[p] != '\n') ++p;
  }
  if (p < limit && s[p] == '\n') return p + 1;
  if (p == s.size()) return p;
  return last_end;
}

// Reads `macdef NAME` and its body (after the keyword). `open` tells whether
// the body ran to the end of the text without a blank line.
NetrcMacro read_macro(Scanner& sc, std::size_t& last_end, bool& open) {
  NetrcMacro m;
  bool named = sc.peek() != nullptr && !sc.peek()->starts_entry();
  m.name = take_value(sc, last_end, false).value_or("");
  if (named) {
    bool terminated = false;
    m.body = sc.read_macro_body(terminated);
    last_end = sc.pos();
    open = !terminated;
  }
  return m;
}

// Applies one token inside an entry (not machine/default/macdef).
void read_entry_token(Scanner& sc, Token t, NetrcEntry& e, std::size_t& last_end) {
  if (t.is("login")) {
    if (auto v = take_value(sc, last_end, false)) e.login = std::move(*v);
  } else if (t.is("password")) {
    if (auto v = take_value(sc, last_end, false)) e.password = std::move(*v);
  } else if (t.is("account")) {
    if (auto v = take_value(sc, last_end, false)) e.account = std::move(*v);
  } else if (auto v = take_value(sc, last_end, true)) {
    e.properties.emplace_back(std::move(t.text), std::move(*v));
  }  // else: a lone unknown token, kept in the text only
}

}  // namespace

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

Netrc Netrc::parse(std::string_view text) {
  Netrc n;
  Scanner sc(text);
  std::size_t text_from = 0;  // start of text not yet assigned to a piece
  std::optional<NetrcEntry> cur;
  std::size_t cur_begin = 0;
  std::size_t last_end = 0;
  bool open_macro = false;

  auto add_piece = [&](std::size_t from, std::size_t to, bool is_entry) {
    if (to <= from && !is_entry) return;
    n.pieces_.push_back(Piece{std::string(text.substr(from, to - from)), n.pieces_.size(), is_entry});
  };
  auto close_entry = [&](std::size_t limit) {
    if (!cur) return;
    std::size_t end = entry_end(text, last_end, limit);
    add_piece(text_from, cur_begin, false);
    add_piece(cur_begin, end, true);
    n.entries_.push_back(std::move(*cur));
    cur.reset();
    text_from = end;
  };

  while (const Token* peeked = sc.peek()) {
    if (peeked->starts_entry()) {
      close_entry(peeked->begin);
      Token kw = *sc.next();
      cur.emplace();
      cur_begin = entry_begin(text, kw.begin, text_from);
      last_end = kw.end;
      open_macro = false;
      if (kw.is("default")) {
        cur->is_default = true;
      } else {
        cur->machine = take_value(sc, last_end, false).value_or("");
      }
      continue;
    }
    Token t = *sc.next();
    std::size_t ignored_end = 0;
    std::size_t& end_ref = cur ? last_end : ignored_end;  // text before the first entry is not tracked
    end_ref = t.end;
    if (t.is("macdef")) {
      NetrcMacro m = read_macro(sc, end_ref, open_macro);
      if (cur) cur->macros.push_back(std::move(m));
    } else if (cur) {
      read_entry_token(sc, std::move(t), *cur, last_end);
    }  // other tokens before the first entry mean nothing
  }
  close_entry(text.size());
  add_piece(text_from, text.size(), false);
  n.ends_in_open_macro_ = open_macro;
  n.reindex();
  return n;
}

const NetrcEntry* Netrc::find(std::string_view machine) const {
  for (const NetrcEntry& e : entries_) {
    if (!e.is_default && equals_ignore_case(e.machine, machine)) return &e;
  }
  return nullptr;
}

void Netrc::reindex() {
  entry_piece_.clear();
  for (std::size_t i = 0; i < pieces_.size(); ++i) {
    if (pieces_[i].is_entry) entry_piece_.push_back(i);
  }
}

void Netrc::erase_entry(std::size_t index) {
  pieces_.erase(pieces_.begin() + static_cast<std::ptrdiff_t>(entry_piece_[index]));
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(index));
  reindex();
}

bool Netrc::set(std::string_view machine, std::string_view login, std::string_view password) {
  NetrcEntry fresh;
  fresh.machine = std::string(machine);
  fresh.login = std::string(login);
  fresh.password = std::string(password);
  std::string text = serialize_entry(fresh);

  bool changed = false;
  std::optional<std::size_t> first;
  for (std::size_t i = entries_.size(); i-- > 0;) {
    if (entries_[i].is_default || !equals_ignore_case(entries_[i].machine, machine)) continue;
    if (first) {
      erase_entry(*first);
      changed = true;
    }
    first = i;
  }
  if (first) {
    Piece& p = pieces_[entry_piece_[*first]];
    if (p.text == text) return changed;
    p = Piece{std::move(text), std::nullopt, true};
    entries_[*first] = std::move(fresh);
    return true;
  }

  auto def = std::find_if(entries_.begin(), entries_.end(), [](const NetrcEntry& e) { return e.is_default; });
  if (def != entries_.end()) {
    std::size_t at = entry_piece_[static_cast<std::size_t>(def - entries_.begin())];
    pieces_.insert(pieces_.begin() + static_cast<std::ptrdiff_t>(at), Piece{std::move(text), std::nullopt, true});
    entries_.insert(def, std::move(fresh));
  } else {
    if (ends_in_open_macro_) {
      pieces_.push_back(Piece{"\n", std::nullopt, false});  // ends the macro body
      ends_in_open_macro_ = false;
    }
    pieces_.push_back(Piece{std::move(text), std::nullopt, true});
    entries_.push_back(std::move(fresh));
  }
  reindex();
  return true;
}

bool Netrc::remove(std::string_view machine) {
  bool removed = false;
  for (std::size_t i = entries_.size(); i-- > 0;) {
    if (!entries_[i].is_default && equals_ignore_case(entries_[i].machine, machine)) {
      erase_entry(i);
      removed = true;
    }
  }
  return removed;
}

std::string Netrc::serialize() const {
  std::string out;
  std::optional<std::size_t> prev;
  for (const Piece& p : pieces_) {
    bool adjacent = prev && p.source_index && *p.source_index == *prev + 1;
    if (!out.empty() && !adjacent) {
      if (!p.source_index) {
        if (out.back() != '\n') out += '\n';  // generated text starts on its own line
      } else if (!is_space(out.back()) && !p.text.empty() && !is_space(p.text.front())) {
        out += '\n';  // keep two formerly separate tokens apart
      }
    }
    out += p.text;
    prev = p.source_index;
  }
  return out;
}

std::string Netrc::serialize_canonical() const {
  std::string out;
  for (const NetrcEntry& e : entries_) out += serialize_entry(e);
  return out;
}

std::string quote_netrc_token(std::string_view value) {
  bool plain = !value.empty() && value.front() != '"' && value.front() != '#' &&
               std::none_of(value.begin(), value.end(), is_space) && !is_keyword(value);
  if (plain) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  out += '"';
  return out;
}

std::string serialize_entry(const NetrcEntry& e) {
  std::string out = e.is_default ? "default\n" : "machine " + quote_netrc_token(e.machine) + "\n";
  auto field = [&](std::string_view key, const std::optional<std::string>& v) {
    if (v) out += "  " + std::string(key) + " " + quote_netrc_token(*v) + "\n";
  };
  field("login", e.login);
  field("password", e.password);
  field("account", e.account);
  for (const auto& [key, value] : e.properties) {
    out += "  " + quote_netrc_token(key) + " " + quote_netrc_token(value) + "\n";
  }
  for (const NetrcMacro& m : e.macros) {
    out += "macdef " + quote_netrc_token(m.name) + "\n" + m.body + (m.body.empty() ? "" : "\n") + "\n";
  }
  return out;
}

}  // namespace latchkey::cli
