// Process statistics for /metrics (Prometheus' standard process_* series),
// read from /proc on Linux at scrape time. Where /proc is missing the values
// are NaN (rendered "NaN"), never made up.
// Thread safety: pure functions of the process state.
#pragma once

namespace latchkey::metrics {

class Registry;

double process_resident_memory_bytes();
double process_open_fds();
double process_start_time_seconds();  // Unix time
double process_cpu_seconds_total();

// Registers process_resident_memory_bytes, process_open_fds,
// process_start_time_seconds and process_cpu_seconds_total as sampled series.
void register_process_stats(Registry& registry);

}  // namespace latchkey::metrics
