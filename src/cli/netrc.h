// The netrc file format: a tolerant, lossless parser and an editor that keeps
// the text of every entry it does not touch.
//
// Grammar (as modern curl reads it, plus what the heroku CLI writes):
//   * tokens are separated by whitespace (space, \t, \r, \n, \v, \f);
//   * a token starting with `"` is quoted: it ends at the next unescaped `"`
//     (or, unterminated, at the end of the line); `\n`, `\r`, `\t` are escapes
//     for control characters, `\` before any other byte yields that byte;
//   * an unquoted token starting with `#` starts a comment to the end of line;
//   * only unquoted tokens are keywords (case-insensitive): `machine NAME`,
//     `default`, `login V`, `password V`, `account V`, `macdef NAME`;
//   * `macdef NAME` is followed by a macro body: the lines after the macdef line
//     up to the first blank (whitespace-only) line;
//   * any other token inside an entry is kept as a property `KEY VALUE` (the
//     value is the next token unless that is a keyword); a lone unknown token
//     is ignored by the model but kept in the text;
//   * tokens before the first `machine`/`default` are ignored.
// Parsing never fails and runs in time linear in the input.
//
// Thread safety: Netrc is a plain value type.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latchkey::cli {

struct NetrcMacro {
  std::string name;
  std::string body;  // lines joined by '\n', without the terminating blank line
  bool operator==(const NetrcMacro&) const = default;
};

struct NetrcEntry {
  std::string machine;  // empty for the `default` entry
  bool is_default = false;
  std::optional<std::string> login;  // a repeated key: the last one wins
  std::optional<std::string> password;
  std::optional<std::string> account;
  std::vector<std::pair<std::string, std::string>> properties;  // unknown KEY VALUE, in order
  std::vector<NetrcMacro> macros;
  bool operator==(const NetrcEntry&) const = default;
};

class Netrc {
 public:
  static Netrc parse(std::string_view text);

  const std::vector<NetrcEntry>& entries() const { return entries_; }

  // First `machine` entry whose name equals `machine` (ASCII case-insensitive).
  // Never falls back to `default`: a default password is not a token for us.
  const NetrcEntry* find(std::string_view machine) const;

  // Replaces the first entry for `machine` with a fresh one holding exactly
  // login + password (the heroku CLI drops other properties too), removes any
  // later duplicates, or adds the entry (before a `default` entry, which
  // ftp/curl expect last). Returns true if the text changed.
  bool set(std::string_view machine, std::string_view login, std::string_view password);

  // Removes every entry for `machine`. Returns true if one was removed.
  bool remove(std::string_view machine);

  // The document: original text for untouched parts, edits applied.
  std::string serialize() const;

  // The entries alone, in the canonical layout the editor writes.
  std::string serialize_canonical() const;

 private:
  struct Piece {
    std::string text;
    std::optional<std::size_t> source_index;  // position in the original piece list
    bool is_entry = false;
  };

  std::vector<Piece> pieces_;
  std::vector<std::size_t> entry_piece_;  // entries_[i] lives in pieces_[entry_piece_[i]]
  std::vector<NetrcEntry> entries_;
  bool ends_in_open_macro_ = false;  // the text ends inside a macro body

  void reindex();
  void erase_entry(std::size_t index);
};

// One entry in canonical layout: "machine X\n  login L\n  password P\n".
std::string serialize_entry(const NetrcEntry& entry);

// Quotes `value` if it would not read back as one plain value token.
std::string quote_netrc_token(std::string_view value);

// ASCII case-insensitive equality (host names).
bool equals_ignore_case(std::string_view a, std::string_view b);

}  // namespace latchkey::cli
