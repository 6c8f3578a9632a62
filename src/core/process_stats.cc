// /proc readers behind the process_* metrics (proc(5)).
#include "core/process_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include "core/metrics.h"

namespace latchkey::metrics {
namespace {

// Fields of /proc/self/stat after the parenthesised command name (which may
// itself contain spaces and parentheses): field 3 onwards.
bool stat_fields(std::string& rest) {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  const auto close = line.rfind(')');
  if (close == std::string::npos) return false;
  rest = line.substr(close + 1);
  return true;
}

double stat_field(int index) {  // 1-based field number as in proc(5)
  std::string rest;
  if (!stat_fields(rest)) return NAN;
  std::istringstream s(rest);
  std::string field;
  for (int i = 3; i <= index; ++i)
    if (!(s >> field)) return NAN;
  return std::stod(field);
}

double boot_time() {
  std::ifstream in("/proc/stat");
  std::string key;
  double value = 0;
  while (in >> key) {
    if (key == "btime" && (in >> value)) return value;
    in.ignore(1 << 20, '\n');
  }
  return NAN;
}

}  // namespace

double process_resident_memory_bytes() {
  std::ifstream in("/proc/self/statm");
  double size = 0, resident = 0;
  if (!(in >> size >> resident)) return NAN;
  return resident * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

double process_open_fds() {
  DIR* dir = ::opendir("/proc/self/fd");
  if (!dir) return NAN;
  double n = 0;
  // NOLINTNEXTLINE(concurrency-mt-unsafe): readdir races only on a stream shared between threads; this one is local.
  while (const dirent* e = ::readdir(dir))
    if (e->d_name[0] != '.') n += 1;
  ::closedir(dir);
  return n - 1;  // the directory stream's own descriptor
}

double process_start_time_seconds() {
  const double ticks = stat_field(22);  // starttime, clock ticks after boot
  return boot_time() + ticks / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double process_cpu_seconds_total() {
  const double user = stat_field(14), system = stat_field(15);
  return (user + system) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

void register_process_stats(Registry& r) {
  r.sampled("process_resident_memory_bytes", "Resident memory size in bytes.", Type::kGauge,
            process_resident_memory_bytes);
  r.sampled("process_open_fds", "Number of open file descriptors.", Type::kGauge, process_open_fds);
  r.sampled("process_start_time_seconds", "Start time of the process since the Unix epoch in seconds.",
            Type::kGauge, process_start_time_seconds);
  r.sampled("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
            Type::kCounter, process_cpu_seconds_total);
}

}  // namespace latchkey::metrics
