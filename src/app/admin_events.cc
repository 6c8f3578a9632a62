// `latchkeyd admin events` / `prune-events` (admin_events.h). The export is one
// JSON object per line with the keys of GET /account/events, in a fixed order,
// oldest first, read in keyset pages so any size streams in bounded memory.
#include "app/admin_events.h"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <cstdio>

#include "api/event_query.h"
#include "api/handlers.h"
#include "app/wiring.h"
#include "model/audit_event_json.h"

namespace latchkey::app {
namespace {

constexpr int kExportPage = 500;

struct EventArgs {
  std::string account;  // --email / --account
  store::AuditQuery query;
  std::string error;
};

EventArgs parse(const std::vector<std::string>& args, UnixTime now) {
  EventArgs a;
  auto value = [&](std::size_t& i) -> std::optional<std::string> {
    if (i + 1 >= args.size()) return std::nullopt;
    return args[++i];
  };
  for (std::size_t i = 1; i < args.size() && a.error.empty(); ++i) {
    const std::string& x = args[i];
    auto v = x.starts_with("--") ? value(i) : std::nullopt;
    if (!v) {
      a.error = "unknown or incomplete option '" + x + "'";
    } else if (x == "--since" || x == "--until") {
      auto t = api::parse_utc_time(*v);
      if (!t) a.error = x + " needs a UTC time like 2026-01-02T03:04:05Z or a date";
      else (x == "--since" ? a.query.since : a.query.until) = *t == 0 ? 1 : *t;
    } else if (x == "--days") {
      int days = 0;
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), days);
      if (ec != std::errc() || p != v->data() + v->size() || days < 1 || days > 36'500)
        a.error = "--days needs a number of days (1-36500)";
      else a.query.since = now - static_cast<UnixTime>(days) * 86'400;
    } else if (x == "--email" || x == "--account") {
      a.account = *v;
    } else if (x == "--action") {
      a.query.action_prefix = *v;
    } else {
      a.error = "unknown option '" + x + "'";
    }
  }
  return a;
}

int fail_with(const Error& e) {
  std::fprintf(stderr, "error: %s\n", e.message.empty() ? e.detail.c_str() : e.message.c_str());
  return e.code == ErrorCode::kNotFound || e.code == ErrorCode::kInvalidParams ? 2 : 1;
}

int export_events(Wiring& w, EventArgs a) {
  a.query.oldest_first = true;
  a.query.limit = kExportPage;
  for (;;) {
    auto page = w.activity->operator_events(a.account, a.query);
    if (!page) return fail_with(page.error());
    for (const auto& e : page->events) {
      const std::string line = boost::json::serialize(model::audit_event_json(e));
      (void)std::fwrite(line.data(), 1, line.size(), stdout);
      (void)std::fputc('\n', stdout);
    }
    if (!page->more || page->events.empty()) break;
    a.query.after_seq = page->events.back().seq;
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace

int admin_audit(const config::Config& config, const std::vector<std::string>& args) {
  if (args.front() == "prune-events" && args.size() > 1) {
    std::fprintf(stderr, "error: prune-events takes no arguments (audit.retention_days decides)\n");
    return 1;
  }
  auto wiring = build(config);
  if (!wiring) return fail_with(wiring.error());
  Wiring& w = **wiring;
  if (args.front() == "prune-events") {
    if (config.audit.retention_days <= 0) {
      std::printf("audit.retention_days is 0: events are kept forever, nothing pruned\n");
      return 0;
    }
    auto pruned = w.activity->prune(config.audit.retention_days);
    if (!pruned) return fail_with(pruned.error());
    std::printf("deleted %ld audit events older than %d days\n", *pruned, config.audit.retention_days);
    return 0;
  }
  EventArgs a = parse(args, w.clock.now());
  if (!a.error.empty()) {
    std::fprintf(stderr, "error: %s (try: latchkeyd admin help)\n", a.error.c_str());
    return 2;
  }
  return export_events(w, std::move(a));
}

}  // namespace latchkey::app
