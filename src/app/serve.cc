// `latchkeyd serve`: builds everything, listens, prints where to go, runs until
// SIGTERM/SIGINT and drains.
#include "app/commands.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cstdio>
#include <iostream>

#include "api/api_handler.h"
#include "app/front.h"
#include "app/request_metrics.h"
#include "app/retention.h"
#include "app/wiring.h"
#include "http/server.h"

namespace latchkey::app {
namespace {

std::shared_ptr<spdlog::logger> make_logger(const config::Log& log) {
  auto logger = spdlog::stderr_logger_mt("latchkeyd");
  if (log.format == "json")
    logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":%v})", spdlog::pattern_time_type::utc);
  else
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::from_str(log.level));
  logger->flush_on(spdlog::level::info);
  return logger;
}

// Messages are embedded as JSON strings in json format, plain otherwise.
std::string msg(const config::Log& log, const std::string& text) {
  return log.format == "json" ? json_quote(text) : text;
}

// Every connection holds a descriptor: take all the process may have (the
// soft limit is often 1024 while the hard one is far higher). Returns the
// limit in force.
rlim_t raise_descriptor_limit() {
  constexpr rlim_t kCeiling = 1 << 20;  // Linux's default nr_open
  rlimit l{};
  if (getrlimit(RLIMIT_NOFILE, &l) != 0) return 0;
  const rlim_t want = l.rlim_max == RLIM_INFINITY ? kCeiling : l.rlim_max;
  if (l.rlim_cur < want) {
    rlimit raised = l;
    raised.rlim_cur = want;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) return want;
  }
  return l.rlim_cur;
}

http::ServerOptions server_options(const config::Config& c) {
  http::ServerOptions o;
  const auto colon = c.server.listen.rfind(':');
  o.host = c.server.listen.substr(0, colon);
  if (o.host.size() > 2 && o.host.front() == '[') o.host = o.host.substr(1, o.host.size() - 2);
  o.port = static_cast<unsigned short>(std::stoi(c.server.listen.substr(colon + 1)));
  o.threads = c.server.threads > 0 ? unsigned(c.server.threads) : hardware_threads();
  o.limits.header_bytes = c.limits.header_bytes;
  o.limits.body_bytes = c.limits.body_bytes;
  o.limits.header_timeout = std::chrono::milliseconds(c.limits.header_timeout_ms);
  o.limits.body_timeout = std::chrono::milliseconds(c.limits.body_timeout_ms);
  o.limits.idle_timeout = std::chrono::milliseconds(c.limits.idle_timeout_ms);
  o.limits.max_connections = c.limits.max_connections;
  o.tls_cert_file = c.server.tls_cert;
  o.tls_key_file = c.server.tls_key;
  o.drain_timeout = std::chrono::milliseconds(c.server.drain_timeout_ms);
  return o;
}

}  // namespace

int serve(const config::Config& config) {
  auto logger = make_logger(config.log);
  auto wiring = build(config);
  if (!wiring) {
    std::fprintf(stderr, "latchkeyd: %s %s\n", wiring.error().message.c_str(),
                 wiring.error().detail.c_str());
    return 1;
  }
  Wiring& w = **wiring;
  const auto& log = w.config.log;
  if (const rlim_t fds = raise_descriptor_limit();
      fds != 0 && fds < static_cast<rlim_t>(w.config.limits.max_connections) + 64)
    logger->warn(msg(log, "limits.max_connections is " + std::to_string(w.config.limits.max_connections) +
                              " but the process may open only " + std::to_string(fds) +
                              " files (ulimit -n): connections beyond that wait in the kernel's backlog"));
  if (!w.locator_problems.empty())
    logger->warn(msg(log, w.locator_problems.substr(0, w.locator_problems.size() - 1) +
                              " (device approval pages will show the location as Unknown)"));
  api::ApiHandler handler(w.services(), [logger, log](const std::string& line) {
    logger->error(msg(log, line));
  });
  oauth::OAuthHandler oauth_handler(
      {*w.oauth, *w.devices, *w.authenticator, *w.id_tokens, w.config, w.random, *w.write_pool});
  web::WebHandler web_handler(w.web_services());
  if (!w.git_problem.empty()) logger->warn(msg(log, w.git_problem));
  git::GitHandler git_handler(
      {*w.authenticator, *w.apps, *w.rate_limiter, w.repos.get(), w.random, w.token_failures.get()},
      {.max_body_bytes = static_cast<std::uint64_t>(w.config.git.max_body_bytes),
       .timeout = std::chrono::seconds(w.config.git.timeout_s),
       .trusted_proxies = w.config.server.trusted_proxies,
       .mfa_required = w.config.mfa.required,
       .require_https = w.config.server.public_url.starts_with("https://")},
      [logger, log](const std::string& line) { logger->warn(msg(log, line)); });
  FrontHandler front(handler, oauth_handler, web_handler, git_handler);
  auto options = server_options(w.config);
  if (log.access_log) options.access_log = [logger](const std::string& line) { logger->info(line); };
  options.on_shutdown = [&w, &oauth_handler, logger, log] {
    w.shutting_down = true;
    oauth_handler.release_long_polls();
    logger->info(msg(log, "shutting down: draining in-flight requests"));
  };
  RequestMetrics request_metrics(w.metrics);
  options.on_response = [&request_metrics](std::string_view method, std::string_view path,
                                           int status, double seconds) {
    request_metrics.record(method, path, status, seconds);
  };
  http::Server server(options, front);
  w.metrics.sampled("latchkey_http_connections_open", "Open client connections.",
                    metrics::Type::kGauge,
                    [&server] { return static_cast<double>(server.open_connections()); });
  unsigned short port = 0;
  try {
    port = server.start();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "latchkeyd: cannot listen on %s: %s\n", w.config.server.listen.c_str(), e.what());
    return 1;
  }
  const std::string scheme = options.tls_cert_file.empty() ? "http" : "https";
  const std::string host = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
  const std::string url = scheme + "://" + host + ":" + std::to_string(port);
  if (w.issuer.empty()) w.issuer = url;  // before the first request: nothing reads it yet
  if (w.apps->settings().git_host.empty()) w.apps->set_git_host(url_authority(url));
  std::printf("listening on %s\n", url.c_str());
  (void)std::fflush(stdout);

  auto secret = w.bootstrap->issue_if_empty();
  if (!secret) {
    logger->warn(msg(log, "could not issue a bootstrap secret: " + secret.error().detail));
  } else if (const auto& fresh = *secret; fresh.has_value()) {
    std::printf(
        "\nNo accounts yet. Create the first administrator within %d minutes with this one-time "
        "command (the secret is shown only now):\n\n"
        "  curl -sS -X POST %s/admin/bootstrap \\\n"
        "    -H 'Accept: application/vnd.heroku+json; version=3' -H 'Content-Type: application/json' \\\n"
        "    -d '{\"bootstrap_token\":\"%s\",\"email\":\"you@example.com\",\"password\":\"<a long passphrase>\"}'\n\n"
        "%s",
        w.config.tokens.bootstrap_ttl_s / 60, url.c_str(), fresh->c_str(),
        w.config.mfa.required
            ? ("Then sign in and enrol an authenticator app (MFA is required):\n\n  latchkey --api-url " +
               url + " login -i && latchkey --api-url " + url + " mfa:enable\n\n").c_str()
            : "");
    (void)std::fflush(stdout);
  }
  w.hash_pool->try_submit([&w] { w.accounts->warm_up(); });
  if (w.alerts->has_channels()) {
    w.alerts->set_log([logger, log](const std::string& line) { logger->warn(msg(log, line)); });
    if (auto ok = w.alerts->start(); !ok)
      logger->error(msg(log, "alerts are off: cannot read the alert cursor: " + ok.error().detail));
  }
  // Audit retention (audit.retention_days): once now, then hourly; stopped
  // (and joined) when serve() returns.
  RetentionTimer retention(*w.activity, w.config.audit.retention_days,
                           [logger, log](const std::string& line) { logger->info(msg(log, line)); });
  retention.start();
  logger->info(msg(log, "latchkeyd ready on " + url));
  server.run();
  w.alerts->stop();  // a delivery in flight finishes first (at most 10 s)
  logger->info(msg(log, "stopped"));
  logger->flush();
  return 0;
}

}  // namespace latchkey::app
