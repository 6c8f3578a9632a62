#include "app/wiring.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>

#include "core/process_stats.h"
#include "git/git_command.h"
#include "store/sqlite/sqlite_store.h"

namespace latchkey::app {

std::string url_authority(std::string_view url) {
  if (const auto p = url.find("://"); p != std::string_view::npos) url.remove_prefix(p + 3);
  return std::string(url.substr(0, url.find('/')));
}

unsigned hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

api::Services Wiring::services() {
  return api::Services{*accounts,     *authorizations, *sessions,     *mfa,       *clients,
                       *oauth,        *apps,           *teams,        *authenticator,  *bootstrap,    *rate_limiter, *hash_pool,
                       *store,        config,          clock,         random,     shutting_down,
                       metrics,       *activity,       *leaks};
}

web::WebServices Wiring::web_services() {
  return web::WebServices{*accounts, *mfa, *browser_sessions, *oauth, *devices, *box, *hash_pool, config, random, *locator, *authorizations, *clients, *sessions, *activity, *apps, *teams};
}

namespace {

// Series read at scrape time from the objects that own the numbers.
void register_sampled_metrics(Wiring& w) {
  using metrics::Type;
  WorkerPool& pool = *w.hash_pool;
  w.metrics.sampled("latchkey_argon2_queue_depth",
                    "Password hashes (Argon2id) waiting for a hashing thread.", Type::kGauge,
                    [&pool] { return static_cast<double>(pool.queued()); });
  w.metrics.sampled("latchkey_argon2_queue_capacity",
                    "Waiting hashes beyond which requests get 503 (passwords.hash_queue).",
                    Type::kGauge, [cap = w.config.passwords.hash_queue] { return double(cap); });
  service::TokenCache& cache = *w.cache;
  w.metrics.sampled("latchkey_token_cache_hits_total", "Bearer lookups answered from the cache.",
                    Type::kCounter, [&cache] { return static_cast<double>(cache.hits()); });
  w.metrics.sampled("latchkey_token_cache_misses_total",
                    "Bearer lookups that went to the database.", Type::kCounter,
                    [&cache] { return static_cast<double>(cache.misses()); });
  metrics::register_process_stats(w.metrics);
}

}  // namespace

Result<std::unique_ptr<Wiring>> build(config::Config config) {
  auto w = std::make_unique<Wiring>();
  w->config = std::move(config);
  const auto& c = w->config;
  std::error_code ec;
  std::filesystem::create_directories(c.server.data_dir, ec);
  if (ec) return fail(internal("cannot create data directory " + c.server.data_dir + ": " + ec.message()));
  ::chmod(c.server.data_dir.c_str(), 0700);

  const auto sqlite_path = config::sqlite_file(c);
  if (!sqlite_path)
    return fail(Error(ErrorCode::kUnavailable, "database_unsupported",
                      "database.url names PostgreSQL, which this build does not support yet "
                      "(docs/design/postgres-backend.md); use SQLite (empty or sqlite:<path>)."));
  auto store = store::open_sqlite_store({.path = *sqlite_path, .deferred_fsync_ms = c.database.deferred_fsync_ms});
  if (!store) {
    Error e = store.error();
    if (e.detail.empty()) e.detail = e.message;
    return fail(std::move(e));
  }
  w->store = std::move(*store);

  const char* env_key = std::getenv("LATCHKEY_SERVER_KEY");
  const std::string key_file =
      c.server.key_file.empty() ? c.server.data_dir + "/server.key" : c.server.key_file;
  auto box = auth::SecretBox::load_or_create(key_file, env_key ? env_key : "", w->random);
  if (!box) return fail(box.error());
  w->box = std::make_unique<auth::SecretBox>(std::move(*box));

  w->cache = std::make_unique<service::TokenCache>(c.tokens.cache_entries, c.tokens.cache_ttl_s);
  w->service_metrics = std::make_unique<service::ServiceMetrics>(w->metrics);
  const unsigned hash_threads =
      c.passwords.hash_threads > 0 ? unsigned(c.passwords.hash_threads) : hardware_threads();
  w->hash_pool = std::make_unique<WorkerPool>(hash_threads, c.passwords.hash_queue);
  w->write_pool = std::make_unique<WorkerPool>(64, 1024);
  w->throttle = std::make_unique<service::LoginThrottle>(*w->store, c.throttle, w->clock);
  w->authorizations = std::make_unique<service::AuthorizationService>(w->deps(), *w->box);
  w->sessions = std::make_unique<service::SessionService>(w->deps());
  w->accounts = std::make_unique<service::AccountService>(w->deps(), w->config, *w->throttle,
                                                          *w->authorizations, *w->sessions);
  w->mfa = std::make_unique<service::MfaService>(w->deps(), w->config, *w->box, *w->throttle,
                                                 *w->sessions);
  w->client_cache = std::make_unique<service::ClientCache>(
      c.tokens.cache_entries > 0 ? 10'000 : 0, c.tokens.cache_ttl_s);
  w->clients = std::make_unique<service::ClientService>(w->deps(), *w->client_cache);
  w->authenticator =
      std::make_unique<service::Authenticator>(*w->store, *w->cache, w->clock, &w->random);
  w->bootstrap = std::make_unique<service::BootstrapService>(w->deps(), *w->accounts,
                                                             c.tokens.bootstrap_ttl_s);
  w->rate_limiter = std::make_unique<service::RateLimiter>(c.rate_limit);
  w->browser_sessions = std::make_unique<service::BrowserSessionService>(w->deps(), c.sessions);
  w->id_tokens = std::make_unique<service::IdTokens>(*w->store, *w->box, w->clock, w->random);
  if (auto ok = w->id_tokens->load(); !ok) return fail(ok.error());
  w->issuer = c.server.public_url;
  while (w->issuer.size() > 1 && w->issuer.back() == '/') w->issuer.pop_back();
  w->oauth = std::make_unique<service::OAuthService>(w->deps(), w->config, *w->id_tokens, *w->client_cache,
                                                   w->issuer);
  w->devices = std::make_unique<service::DeviceService>(w->deps(), w->config, *w->oauth);
  w->activity = std::make_unique<service::ActivityService>(w->deps());
  w->token_failures = std::make_unique<service::TokenFailures>(w->deps(), *w->throttle);
  // git_host: the public URL's host[:port]; serve.cc sets it from the listening
  // address when there is no public URL.
  // Bare repositories under <data_dir>/repos, served by `git http-backend` (docs/git.md).
  const char* path_env = std::getenv("PATH");
  if (const std::string git = git::find_git(path_env ? path_env : "/usr/bin:/bin"); !git.empty()) {
    auto repos = git::GitRepositories::open(c.server.data_dir + "/repos", git, w->random);
    if (!repos) return fail(repos.error());
    w->repos = std::move(*repos);
  } else {
    w->git_problem = "git was not found on PATH: git fetch and push answer 503";
  }
  w->apps = std::make_unique<service::AppService>(
      w->deps(), service::AppSettings{c.git.public_host.empty() ? url_authority(w->issuer) : c.git.public_host},
      w->repos.get());
  w->teams = std::make_unique<service::TeamService>(w->deps());
  w->leaks = std::make_unique<service::TokenLeakService>(w->deps(), *w->authorizations, *w->clients);
  // Alerts (docs/alerts.md): started by serve.cc once the server listens.
  w->alert_sender = std::make_unique<alerts::CurlSender>();
  w->alerts = std::make_unique<alerts::Dispatcher>(*w->store, w->config.alerts, w->clock, w->random,
                                                   *w->alert_sender, nullptr);
  register_sampled_metrics(*w);
  w->locator = IpLocator::open(c.geoip.country_db, c.geoip.country_db_v6, &w->locator_problems);
  return w;
}

}  // namespace latchkey::app
