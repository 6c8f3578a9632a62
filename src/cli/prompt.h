// Reading answers from the user. Prompts go to stderr so stdout stays
// machine-readable. Hidden answers (passwords, second factors) switch off
// terminal echo when input is a TTY; otherwise lines are read as they come,
// so scripts may pipe all answers at once.
// Thread safety: a Prompter is used by one thread.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <string_view>

#include "cli/failure.h"

namespace latchkey::cli {

class Prompter {
 public:
  virtual ~Prompter() = default;
  // One line without its line terminator; fails at end of input.
  virtual Outcome<std::string> ask(std::string_view label, bool hidden) = 0;
};

class StreamPrompter final : public Prompter {
 public:
  // `tty_fd` is the terminal behind `in`, or -1 when `in` is not a terminal.
  StreamPrompter(std::istream& in, std::ostream& err, int tty_fd);
  Outcome<std::string> ask(std::string_view label, bool hidden) override;

 private:
  std::istream& in_;
  std::ostream& err_;
  int tty_fd_;
};

}  // namespace latchkey::cli
