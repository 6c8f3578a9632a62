// The netrc file on disk: reading it, and read-modify-write updates that are
// safe against crashes and against other CLIs writing at the same time.
//
// An update takes an exclusive flock on "<netrc path>.lock" (created 0600,
// never deleted, so every writer locks the same inode), re-reads the file,
// applies the edit with Netrc (other entries keep their text), writes a temp
// file in the same directory (0600, or the existing file's mode), fsyncs it,
// renames it over the file and fsyncs the directory. A symlinked netrc is
// updated at its target. Files larger than kMaxNetrcBytes are refused.
// Thread safety: different NetrcFile objects (threads or processes) may update
// the same path concurrently; the lock serialises them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>

#include "cli/failure.h"
#include "cli/netrc.h"

namespace latchkey::cli {

inline constexpr std::size_t kMaxNetrcBytes = std::size_t{4} * 1024 * 1024;

class NetrcFile {
 public:
  explicit NetrcFile(std::filesystem::path path);

  const std::filesystem::path& path() const { return path_; }

  // The parsed file; a missing file is an empty Netrc.
  Outcome<Netrc> load() const;

  // Applies `edit` under the lock. `edit` returns whether it changed anything;
  // nothing is written otherwise.
  Outcome<void> update(const std::function<bool(Netrc&)>& edit) const;

 private:
  std::filesystem::path path_;
};

}  // namespace latchkey::cli
