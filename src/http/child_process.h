// Internal to src/http: starting, killing and reaping the CGI programs of
// CgiJob, and the temporary file their request body is spooled to. POSIX
// only, no Asio: cgi_relay.cc does the asynchronous part.
//
// A child runs in its own process group (so its own children — git
// http-backend starts upload-pack/receive-pack — die with it), with exactly
// the environment given, every descriptor other than 0/1/2 closed, default
// signal dispositions and an empty signal mask.
// Thread safety: free functions; a Child is owned by one coroutine.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace latchkey::http::detail {

// An unlinked temporary file (O_TMPFILE when the file system supports it,
// else mkstemp + unlink) holding a request body. Closes on destruction.
class SpoolFile {
 public:
  SpoolFile() = default;
  SpoolFile(SpoolFile&& o) noexcept;
  SpoolFile& operator=(SpoolFile&&) = delete;
  ~SpoolFile();

  // `dir` empty: $TMPDIR, else /tmp. The error names the reason.
  static std::expected<SpoolFile, std::string> create(const std::string& dir);

  bool write_all(const char* data, std::size_t n);  // false on a disk error
  bool rewind();
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

struct ChildSpec {
  const std::vector<std::string>& argv;
  const std::vector<std::string>& env;
  const std::string& working_dir;  // empty: inherit
  int stdin_fd = -1;               // -1: /dev/null
  bool capture_stderr = false;     // false: /dev/null
};

struct Child {
  pid_t pid = -1;       // also the process group id
  int pidfd = -1;       // readable once the child exited; -1 if unsupported
  int stdout_fd = -1;   // read end, close-on-exec
  int stderr_fd = -1;   // read end, or -1
};

// The error is "<argv0>: <reason>".
std::expected<Child, std::string> spawn_child(const ChildSpec& spec);

// SIGKILL to the child's whole process group (harmless if already gone).
void kill_group(pid_t pid);

// The exit status if the child has exited (and is now reaped): its exit code,
// or -1 if a signal ended it. nullopt while it runs.
std::optional<int> try_reap(pid_t pid);
// Waits for the child to exit; for after kill_group().
int reap(pid_t pid);

}  // namespace latchkey::http::detail
