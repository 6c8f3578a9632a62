#include "cli/netrc_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <system_error>

namespace latchkey::cli {
namespace {

namespace fs = std::filesystem;

constexpr mode_t kNewFileMode = 0600;

std::string errno_text(const std::string& what, const fs::path& p) {
  return what + " " + p.string() + ": " + std::generic_category().message(errno);
}

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

struct Contents {
  std::string text;
  std::optional<mode_t> mode;  // absent when the file does not exist
};

Outcome<Contents> read_file(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    if (errno == ENOENT) return Contents{};
    return failed_local(errno_text("cannot open", path));
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return failed_local(errno_text("cannot stat", path));
  if (!S_ISREG(st.st_mode)) return failed_local(path.string() + " is not a regular file");
  if (static_cast<std::size_t>(st.st_size) > kMaxNetrcBytes) {
    return failed_local(path.string() + " is larger than " + std::to_string(kMaxNetrcBytes) + " bytes");
  }
  Contents c;
  c.mode = st.st_mode & 07777;
  char buf[8192];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed_local(errno_text("cannot read", path));
    if (n == 0) break;
    c.text.append(buf, static_cast<std::size_t>(n));
    if (c.text.size() > kMaxNetrcBytes) return failed_local(path.string() + " is too large");
  }
  return c;
}

Outcome<void> write_all(int fd, std::string_view data, const fs::path& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return failed_local(errno_text("cannot write", path));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

// Writes `text` to a temp file next to `target` and renames it into place.
Outcome<void> replace_atomically(const fs::path& target, std::string_view text, mode_t mode) {
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  Fd fd(::mkostemp(tmpl.data(), O_CLOEXEC));  // created 0600
  if (fd.get() < 0) return failed_local(errno_text("cannot create a temporary file in", dir));
  auto cleanup_on_error = [&](Failure f) {
    ::unlink(tmpl.c_str());
    return failed(std::move(f));
  };
  if (::fchmod(fd.get(), mode) != 0) return cleanup_on_error(Failure::local(errno_text("cannot chmod", tmpl)));
  if (auto w = write_all(fd.get(), text, tmpl); !w) return cleanup_on_error(w.error());
  if (::fsync(fd.get()) != 0) return cleanup_on_error(Failure::local(errno_text("cannot fsync", tmpl)));
  if (::close(fd.release()) != 0) return cleanup_on_error(Failure::local(errno_text("cannot close", tmpl)));
  if (::rename(tmpl.c_str(), target.c_str()) != 0) {
    return cleanup_on_error(Failure::local(errno_text("cannot rename onto", target)));
  }
  Fd dfd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dfd.get() >= 0) ::fsync(dfd.get());  // best effort: makes the rename durable
  return {};
}

// The file to rewrite: the target of a symlink, so the link survives.
fs::path write_target(const fs::path& path) {
  std::error_code ec;
  if (fs::is_symlink(fs::symlink_status(path, ec))) {
    fs::path resolved = fs::canonical(path, ec);
    if (!ec) return resolved;
  }
  return path;
}

}  // namespace

NetrcFile::NetrcFile(std::filesystem::path path) : path_(std::move(path)) {}

Outcome<Netrc> NetrcFile::load() const {
  auto contents = read_file(path_);
  if (!contents) return failed(std::move(contents.error()));
  return Netrc::parse(contents->text);
}

Outcome<void> NetrcFile::update(const std::function<bool(Netrc&)>& edit) const {
  fs::path lock_path = path_;
  lock_path += ".lock";
  Fd lock(::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, kNewFileMode));
  if (lock.get() < 0) return failed_local(errno_text("cannot open lock file", lock_path));
  while (::flock(lock.get(), LOCK_EX) != 0) {
    if (errno != EINTR) return failed_local(errno_text("cannot lock", lock_path));
  }
  // The lock is released when `lock` closes, after the rename.
  fs::path target = write_target(path_);
  auto contents = read_file(target);
  if (!contents) return failed(std::move(contents.error()));
  Netrc netrc = Netrc::parse(contents->text);
  if (!edit(netrc)) return {};
  // The file holds tokens: whatever its mode was, group and others lose access.
  const mode_t mode =
      contents->mode.transform([](mode_t m) -> mode_t { return (m & 07700) | 0600; }).value_or(kNewFileMode);
  return replace_atomically(target, netrc.serialize(), mode);
}

}  // namespace latchkey::cli
