#include "cli/prompt.h"

#include <signal.h>
#include <termios.h>
#include <unistd.h>

#include <string>

namespace latchkey::cli {
namespace {

// Restoring echo from a signal handler needs the saved state in static
// storage: the one piece of process-wide state in the CLI, live only while a
// hidden prompt waits.
volatile sig_atomic_t g_echo_off = 0;
int g_tty_fd = -1;
struct termios g_saved {};

extern "C" void restore_echo_and_reraise(int sig) {
  if (g_echo_off) (void)tcsetattr(g_tty_fd, TCSAFLUSH, &g_saved);
  (void)signal(sig, SIG_DFL);
  (void)raise(sig);
}

// Switches echo off for its lifetime; restores it (also on SIGINT/SIGTERM).
class EchoOff {
 public:
  explicit EchoOff(int fd) : fd_(fd) {
    if (tcgetattr(fd_, &g_saved) != 0) return;
    struct termios quiet = g_saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    quiet.c_lflag |= ECHONL;
    g_tty_fd = fd_;
    old_int_ = signal(SIGINT, restore_echo_and_reraise);
    old_term_ = signal(SIGTERM, restore_echo_and_reraise);
    if (tcsetattr(fd_, TCSAFLUSH, &quiet) == 0) g_echo_off = 1;
  }
  ~EchoOff() {
    if (g_echo_off) tcsetattr(fd_, TCSAFLUSH, &g_saved);
    g_echo_off = 0;
    if (old_int_ != SIG_ERR) (void)signal(SIGINT, old_int_);
    if (old_term_ != SIG_ERR) (void)signal(SIGTERM, old_term_);
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  int fd_;
  sighandler_t old_int_ = SIG_ERR;
  sighandler_t old_term_ = SIG_ERR;
};

}  // namespace

StreamPrompter::StreamPrompter(std::istream& in, std::ostream& err, int tty_fd)
    : in_(in), err_(err), tty_fd_(tty_fd) {}

Outcome<std::string> StreamPrompter::ask(std::string_view label, bool hidden) {
  err_ << label << std::flush;
  std::string line;
  bool ok = false;
  if (hidden && tty_fd_ >= 0) {
    EchoOff quiet(tty_fd_);
    ok = static_cast<bool>(std::getline(in_, line));
  } else {
    ok = static_cast<bool>(std::getline(in_, line));
    if (ok && tty_fd_ < 0) err_ << '\n';  // nothing echoed the line end
  }
  if (!ok) {
    err_ << '\n';
    std::string what(label);
    while (!what.empty() && (what.back() == ' ' || what.back() == ':')) what.pop_back();
    if (tty_fd_ < 0)
      return failed_local("no answer to \"" + what + "\": this needs a terminal (standard input is not one and has no more lines)");
    return failed_local("no answer to \"" + what + "\" (end of input)");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace latchkey::cli
