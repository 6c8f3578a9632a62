// The password policy (ARCHITECTURE.md §7, security checklist S01, S03):
// length in code points, a blocklist of common passwords and context words
// compared against the WHOLE password (so a passphrase that merely contains a
// listed word is fine), then a zxcvbn strength floor.
#include <sodium.h>
#include <zxcvbn.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "auth/password.h"

namespace latchkey::auth {
namespace detail {
// Generated at build time from the blocklist file (src/auth/embed_file.cmake).
extern const unsigned char kPasswordList[];
extern const std::size_t kPasswordListSize;
}  // namespace detail

namespace {

// The service name is always a context word (ASVS 6.2.11).
constexpr std::string_view kServiceName = "latchkey";
// Below this, a blocklist entry or context word matches only the whole
// password: "1", "22" or "007" followed by digits is not "based on" them.
constexpr std::size_t kMinAffixedCore = 4;
// Context words shorter than this are ignored ("al" would match too much).
constexpr std::size_t kMinContextWord = 3;
// zxcvbn entropy floor. 40 bits rejects keyboard walks, sequences and
// repetitions ("abcdefghijklmnop" ≈ 5, "1qaz2wsx3edc4rfv" ≈ 32) while passphrases
// pass ("correct horse battery staple" ≈ 70, "password-ferret-canyon-42" ≈ 60).
constexpr double kMinEntropyBits = 40.0;

constexpr std::string_view kMsgCommon =
    "This password is on a list of commonly used passwords. Choose another one.";
constexpr std::string_view kMsgCommonAffixed =
    "This password is a commonly used password with only digits or symbols added, which "
    "attackers try early. Choose another one.";
constexpr std::string_view kMsgCommonRepeated =
    "This password repeats a commonly used password. Choose another one.";
constexpr std::string_view kMsgService =
    "This password is based on the name of this service. Choose another one.";
constexpr std::string_view kMsgPersonal =
    "This password is based on your email address or name. Choose another one.";
constexpr std::string_view kMsgWeak =
    "This password is too easy to guess (it looks like a keyboard pattern, a sequence, "
    "repeated characters or common words). A passphrase of several unrelated words works well.";

bool is_ascii_alpha(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

// Digits, punctuation, spaces: what people bolt onto a word to pass a policy.
bool is_filler(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  return c < 0x80 && !is_ascii_alpha(c);
}

// Punctuation and spaces (not digits): what separates the parts of "john.smith".
bool is_separator(char c) { return is_filler(c) && !(c >= '0' && c <= '9'); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A std::string that is wiped when it goes away (it holds password material).
struct WipedString {
  std::string value;
  ~WipedString() {
    if (!value.empty()) sodium_memzero(value.data(), value.size());
  }
};

// A sorted set of lower-case words.
class WordSet {
 public:
  void add(std::string word) {
    max_length_ = std::max(max_length_, word.size());
    words_.push_back(std::move(word));
  }
  void finish() {
    std::sort(words_.begin(), words_.end());
    words_.erase(std::unique(words_.begin(), words_.end()), words_.end());
  }
  bool contains(std::string_view w) const {
    if (w.size() > max_length_) return false;
    return std::binary_search(words_.begin(), words_.end(), w, std::less<>());
  }
  std::size_t max_length() const { return max_length_; }
  const std::vector<std::string>& words() const { return words_; }

 private:
  std::vector<std::string> words_;
  std::size_t max_length_ = 0;
};

// The embedded list, parsed once (immutable afterwards, so thread-safe).
const WordSet& common_passwords() {
  static const WordSet set = [] {
    WordSet s;
    std::string_view data(reinterpret_cast<const char*>(detail::kPasswordList),
                          detail::kPasswordListSize);
    while (!data.empty()) {
      const std::size_t eol = data.find('\n');
      std::string_view line = data.substr(0, eol);
      data.remove_prefix(eol == std::string_view::npos ? data.size() : eol + 1);
      if (line.ends_with('\r')) line.remove_suffix(1);
      if (line.empty() || line.starts_with("#!comment")) continue;
      s.add(ascii_lower(line));
    }
    s.finish();
    return s;
  }();
  return set;
}

// `word` is `unit` repeated at least twice, for some unit in `set`.
bool is_repetition_of(std::string_view word, const WordSet& set) {
  for (std::size_t period = kMinContextWord; period <= word.size() / 2; ++period) {
    if (word.size() % period != 0) continue;
    const std::string_view unit = word.substr(0, period);
    bool repeats = true;
    for (std::size_t at = period; repeats && at < word.size(); at += period) {
      repeats = word.substr(at, period) == unit;
    }
    if (repeats && set.contains(unit)) return true;
  }
  return false;
}

// Words separated by filler, all the same listed word ("monkey-monkey-monkey1").
bool is_separated_repetition(std::string_view pw, const WordSet& set) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < pw.size()) {
    while (i < pw.size() && is_filler(pw[i])) ++i;
    const std::size_t start = i;
    while (i < pw.size() && !is_filler(pw[i])) ++i;
    if (i > start) words.push_back(pw.substr(start, i - start));
  }
  if (words.size() < 2) return false;
  for (auto w : words) {
    if (w != words.front()) return false;
  }
  return set.contains(words.front());
}

enum class Match { kNone, kExact, kAffixed, kRepeated };

// Is the lower-cased password a word of `set`, possibly with digits/punctuation
// before and after it, or a repetition of one? Whole-string semantics: the
// letters of the password must all belong to the matched word.
Match match_set(std::string_view pw, const WordSet& set) {
  if (set.contains(pw)) return Match::kExact;
  const std::size_t n = pw.size();
  std::size_t lead = 0;
  while (lead < n && is_filler(pw[lead])) ++lead;
  if (lead == n) {
    // Only digits/punctuation: a listed entry followed by more of them
    // ("1234567890123456" is "123456" + digits). Anchored at the start so a
    // random PIN is not rejected for containing "2000" somewhere.
    for (std::size_t i = kMinAffixedCore; i <= std::min(n, set.max_length()); ++i) {
      if (set.contains(pw.substr(0, i))) return Match::kAffixed;
    }
    return Match::kNone;
  }
  std::size_t trail = 0;
  while (trail < n && is_filler(pw[n - 1 - trail])) ++trail;
  // Every split of the leading and trailing filler runs; the core keeps all letters.
  for (std::size_t j = 0; j <= lead; ++j) {
    for (std::size_t i = n - trail; i <= n; ++i) {
      const std::size_t len = i - j;
      if (len < kMinAffixedCore || len > set.max_length()) continue;
      if (set.contains(pw.substr(j, len))) return Match::kAffixed;
    }
  }
  const std::string_view middle = pw.substr(lead, n - trail - lead);
  if (is_repetition_of(pw, set) || is_repetition_of(middle, set) ||
      is_separated_repetition(pw, set)) {
    return Match::kRepeated;
  }
  return Match::kNone;
}

// Context words lower-cased, plus their alphanumeric parts and the parts joined
// ("john.smith" → "john.smith", "john", "smith", "johnsmith").
WordSet personal_words(const PasswordContext& context) {
  WordSet set;
  for (const auto& raw : context.words) {
    const std::string w = ascii_lower(raw);
    if (w.size() >= kMinContextWord) set.add(w);
    std::string joined;
    std::size_t i = 0;
    while (i < w.size()) {
      while (i < w.size() && is_separator(w[i])) ++i;
      const std::size_t start = i;
      while (i < w.size() && !is_separator(w[i])) ++i;
      const std::string part = w.substr(start, i - start);
      if (part.size() >= kMinContextWord) set.add(part);
      joined += part;
    }
    if (joined.size() >= kMinContextWord) set.add(joined);
  }
  set.finish();
  return set;
}

WordSet service_words() {
  WordSet set;
  set.add(std::string(kServiceName));
  set.finish();
  return set;
}

Error rejected(std::string_view id, std::string_view message) {
  return invalid_params(std::string(message), std::string(id));
}

Status check_blocklists(std::string_view lowered, const PasswordContext& context) {
  static const WordSet service = service_words();
  if (match_set(lowered, service) != Match::kNone) {
    return fail(rejected("password_blocklisted", kMsgService));
  }
  if (match_set(lowered, personal_words(context)) != Match::kNone) {
    return fail(rejected("password_blocklisted", kMsgPersonal));
  }
  switch (match_set(lowered, common_passwords())) {
    case Match::kNone: return {};
    case Match::kExact: return fail(rejected("password_blocklisted", kMsgCommon));
    case Match::kAffixed: return fail(rejected("password_blocklisted", kMsgCommonAffixed));
    case Match::kRepeated: return fail(rejected("password_blocklisted", kMsgCommonRepeated));
  }
  return {};
}

double entropy_bits(const std::string& password, const PasswordContext& context) {
  std::vector<std::string> words;
  words.emplace_back(kServiceName);
  for (const auto& w : context.words) words.push_back(ascii_lower(w));
  std::vector<const char*> dict;
  dict.reserve(words.size() + 1);
  for (const auto& w : words) dict.push_back(w.c_str());
  dict.push_back(nullptr);
  // The dictionary is compiled into Debian's libzxcvbn; ZxcvbnInit is a no-op macro.
  return ZxcvbnMatch(password.c_str(), dict.data(), nullptr);
}

}  // namespace

Status check_password(const Secret& normalized, const PasswordPolicy& policy,
                      const PasswordContext& context) {
  const std::string_view pw = normalized.reveal();
  const std::size_t length = code_points(pw);
  // Length first: an oversized password costs nothing more (S01.5).
  if (length < static_cast<std::size_t>(policy.min_length)) {
    return fail(rejected("password_too_short", "Password must be at least " +
                                                   std::to_string(policy.min_length) +
                                                   " characters."));
  }
  if (length > static_cast<std::size_t>(policy.max_length)) {
    return fail(rejected("password_too_long", "Password must be at most " +
                                                  std::to_string(policy.max_length) +
                                                  " characters."));
  }
  const WipedString lowered{ascii_lower(pw)};
  if (auto status = check_blocklists(lowered.value, context); !status) return status;

  const WipedString terminated{std::string(pw)};
  if (entropy_bits(terminated.value, context) < kMinEntropyBits) {
    return fail(rejected("password_weak", kMsgWeak));
  }
  return {};
}

}  // namespace latchkey::auth
