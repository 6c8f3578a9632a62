#include "config/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

namespace latchkey::config {
namespace {

using ::testing::HasSubstr;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::path(::testing::TempDir()) / "config_XXXXXX").string();
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes a TOML file and returns Sources pointing at it.
  Sources with_file(std::string_view toml) {
    const auto path = dir_ / "latchkey.toml";
    std::ofstream(path) << toml;
    Sources s;
    s.config_file = path.string();
    return s;
  }

  std::string error_of(const Sources& s) {
    auto c = load(s);
    EXPECT_FALSE(c) << "expected an error";
    return c ? "" : c.error().message;
  }

  std::filesystem::path dir_;
};

TEST_F(ConfigTest, DefaultsWithoutSources) {
  auto c = load({});
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c, Config{});
  EXPECT_EQ(c->server.listen, "127.0.0.1:5000");
  EXPECT_EQ(c->passwords.argon2_memory_kib, 19456);
  EXPECT_EQ(c->passwords.argon2_iterations, 2);
  EXPECT_FALSE(c->passwords.allow_weak_hashing_for_tests);
  EXPECT_EQ(c->rate_limit.capacity, 4500);
  EXPECT_EQ(c->rate_limit.refill_per_minute, 75);
  EXPECT_EQ(c->password_min_length(), 12);
}

TEST_F(ConfigTest, FileOverridesDefaults) {
  auto c = load(with_file(R"(
[server]
listen = "0.0.0.0:8080"
trusted_proxies = ["10.0.0.0/8", "::1"]
[rate_limit]
capacity = 10
enabled = false
[mfa]
required = false
[log]
format = "text"
)"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen, "0.0.0.0:8080");
  EXPECT_THAT(c->server.trusted_proxies, ::testing::ElementsAre("10.0.0.0/8", "::1"));
  EXPECT_EQ(c->rate_limit.capacity, 10);
  EXPECT_FALSE(c->rate_limit.enabled);
  EXPECT_EQ(c->log.format, "text");
  EXPECT_EQ(c->password_min_length(), 15);  // no MFA → 15 (ARCHITECTURE.md §7)
  EXPECT_EQ(c->limits.body_bytes, 65536);   // untouched keys keep defaults
}

TEST_F(ConfigTest, EnvironmentOverridesFileAndSetOverridesEnvironment) {
  Sources s = with_file("[rate_limit]\ncapacity = 10\nrefill_per_minute = 5\n");
  s.environment = {{"LATCHKEY_RATE_LIMIT_CAPACITY", "20"},
                   {"LATCHKEY_RATE_LIMIT_REFILL_PER_MINUTE", "6"},
                   {"LATCHKEY_SERVER_LISTEN", "127.0.0.1:7000"},
                   {"PATH", "/usr/bin"}};
  auto c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rate_limit.capacity, 20);
  EXPECT_EQ(c->rate_limit.refill_per_minute, 6);

  s.sets = {"rate_limit.capacity=30"};
  c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->rate_limit.capacity, 30);
  EXPECT_EQ(c->rate_limit.refill_per_minute, 6);
  EXPECT_EQ(c->server.listen, "127.0.0.1:7000");

  // Dedicated flags win over everything.
  s.sets.push_back("server.listen=127.0.0.1:7001");
  s.listen = "127.0.0.1:0";
  s.data_dir = "/srv/latchkey";
  c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->server.listen, "127.0.0.1:0");
  EXPECT_EQ(c->server.data_dir, "/srv/latchkey");
}

TEST_F(ConfigTest, SetValuesMayContainEqualsSigns) {
  Sources s;
  s.sets = {"database.url=postgresql://app@db/latchkey?sslmode=require&x=y"};
  auto c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->database.url, "postgresql://app@db/latchkey?sslmode=require&x=y");
}

TEST_F(ConfigTest, UnknownKeysAreErrorsInEverySource) {
  EXPECT_THAT(error_of(with_file("[rate_limit]\n\ncapasity = 10\n")),
              AllOf(HasSubstr("latchkey.toml:3:"), HasSubstr("unknown config key 'rate_limit.capasity'"),
                    HasSubstr("did you mean 'rate_limit.capacity'?")));
  EXPECT_THAT(error_of(with_file("[ratelimit]\ncapacity = 10\n")),
              HasSubstr("unknown config key 'ratelimit.capacity'"));
  EXPECT_THAT(error_of(with_file("listen = \"x\"\n")), HasSubstr("must be a section"));

  Sources env;
  env.environment = {{"LATCHKEY_RATE_LIMIT_CAPACTY", "1"}};
  EXPECT_THAT(error_of(env), AllOf(HasSubstr("LATCHKEY_RATE_LIMIT_CAPACTY"),
                                   HasSubstr("does not name a config key"),
                                   HasSubstr("LATCHKEY_RATE_LIMIT_CAPACITY")));

  Sources set;
  set.sets = {"rate_limit.burst=5"};
  EXPECT_THAT(error_of(set), HasSubstr("unknown config key 'rate_limit.burst'"));
  set.sets = {"capacity=5"};
  EXPECT_THAT(error_of(set), HasSubstr("must have the form section.key=value"));
  set.sets = {"rate_limit.capacity"};
  EXPECT_THAT(error_of(set), HasSubstr("must have the form section.key=value"));
}

TEST_F(ConfigTest, AllowlistedEnvironmentVariablesAreIgnored) {
  Sources s;
  s.environment = {{"LATCHKEY_SERVER_KEY", "AAAA"},
                   {"LATCHKEY_API_URL", "http://x"},
                   {"LATCHKEY_API_KEY", "lka_x"},
                   {"LATCHKEY_CONFIG", "/etc/latchkey.toml"},
                   {"LATCHKEY_GIT_HOST", "git.local"},
                   {"LATCHKEY_BIN_DIR", "/tmp/bin"},
                   {"HOME", "/root"}};
  auto c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(*c, Config{});
}

TEST_F(ConfigTest, TypeErrorsNameKeyAndExpectedType) {
  EXPECT_THAT(error_of(with_file("[rate_limit]\ncapacity = \"10\"\n")),
              AllOf(HasSubstr("latchkey.toml:2:"),
                    HasSubstr("rate_limit.capacity must be an integer from 1 to 1000000000, not a string")));
  EXPECT_THAT(error_of(with_file("[mfa]\nrequired = 1\n")),
              HasSubstr("mfa.required must be true or false, not an integer"));
  EXPECT_THAT(error_of(with_file("[rate_limit]\ncapacity = 1.5\n")),
              HasSubstr("rate_limit.capacity must be an integer"));
  EXPECT_THAT(error_of(with_file("[server]\ntrusted_proxies = \"10.0.0.1\"\n")),
              HasSubstr("server.trusted_proxies must be a list of strings, not a string"));
  EXPECT_THAT(error_of(with_file("[server]\ntrusted_proxies = [1, 2]\n")),
              HasSubstr("server.trusted_proxies must be a list of strings"));

  Sources env;
  env.environment = {{"LATCHKEY_RATE_LIMIT_CAPACITY", "ten"}};
  EXPECT_THAT(error_of(env), AllOf(HasSubstr("environment variable LATCHKEY_RATE_LIMIT_CAPACITY"),
                                   HasSubstr("must be an integer from 1 to 1000000000, got 'ten'")));
  env.environment = {{"LATCHKEY_MFA_REQUIRED", "maybe"}};
  EXPECT_THAT(error_of(env), HasSubstr("mfa.required must be true or false, got 'maybe'"));
  env.environment = {{"LATCHKEY_RATE_LIMIT_CAPACITY", "99999999999999999999"}};
  EXPECT_THAT(error_of(env), HasSubstr("rate_limit.capacity must be an integer"));
}

TEST_F(ConfigTest, BooleansFromStrings) {
  for (auto [text, expected] : std::initializer_list<std::pair<const char*, bool>>{
           {"true", true}, {"FALSE", false}, {"1", true}, {"0", false}, {"yes", true},
           {"off", false}}) {
    Sources s;
    s.environment = {{"LATCHKEY_LOG_ACCESS_LOG", text}};
    auto c = load(s);
    ASSERT_TRUE(c) << text;
    EXPECT_EQ(c->log.access_log, expected) << text;
  }
}

TEST_F(ConfigTest, ListsFromTomlEnvironmentAndSet) {
  Sources s;
  s.environment = {{"LATCHKEY_SERVER_TRUSTED_PROXIES", " 10.0.0.0/8, 192.168.1.1 ,,::1 "}};
  auto c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_THAT(c->server.trusted_proxies, ::testing::ElementsAre("10.0.0.0/8", "192.168.1.1", "::1"));

  s.sets = {"server.trusted_proxies="};  // empty clears the list
  c = load(s);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_TRUE(c->server.trusted_proxies.empty());

  s.sets = {"server.trusted_proxies=10.0.0.0/33"};
  EXPECT_THAT(error_of(s), HasSubstr("server.trusted_proxies has an invalid CIDR prefix length, got '10.0.0.0/33'"));
  s.sets = {"server.trusted_proxies=proxy.internal"};
  EXPECT_THAT(error_of(s), HasSubstr("server.trusted_proxies entries must be IP addresses or CIDR ranges"));
}

TEST_F(ConfigTest, ListenMustBeHostPort) {
  for (const char* ok : {"127.0.0.1:5000", "0.0.0.0:0", "[::1]:443", "localhost:65535", "auth.internal:80"}) {
    Sources s;
    s.listen = ok;
    EXPECT_TRUE(load(s)) << ok;
  }
  for (const char* bad : {"127.0.0.1", ":5000", "127.0.0.1:65536", "127.0.0.1:http", "::1:5000",
                          "[::1:5000", "[nothost]:1", "host name:1", "127.0.0.1:-1"}) {
    Sources s;
    s.listen = bad;
    EXPECT_THAT(error_of(s), AllOf(HasSubstr("--listen: server.listen must be HOST:PORT"),
                                   HasSubstr(std::string("got '") + bad + "'")))
        << bad;
  }
}

TEST_F(ConfigTest, ChoicesAndRanges) {
  EXPECT_THAT(error_of(with_file("[accounts]\nsignup = \"opne\"\n")),
              HasSubstr("accounts.signup must be one of open, invite, closed, got 'opne'"));
  EXPECT_THAT(error_of(with_file("[log]\nformat = \"xml\"\n")),
              HasSubstr("log.format must be one of json, text"));
  EXPECT_THAT(error_of(with_file("[log]\nlevel = \"verbose\"\n")),
              HasSubstr("log.level must be one of trace, debug, info, warn, error, off"));
  EXPECT_THAT(error_of(with_file("[limits]\nbody_bytes = -1\n")),
              HasSubstr("limits.body_bytes must be an integer from 1024 to 1073741824, got -1"));
  EXPECT_THAT(error_of(with_file("[rate_limit]\ncapacity = 0\n")),
              HasSubstr("rate_limit.capacity must be an integer from 1"));
  EXPECT_THAT(error_of(with_file("[throttle]\nlock_after = 1000\n")),
              HasSubstr("throttle.lock_after must be an integer from 1 to 100"));
  EXPECT_THAT(error_of(with_file("[tokens]\nauth_code_ttl_s = 3600\n")),
              HasSubstr("tokens.auth_code_ttl_s must be an integer from 1 to 600"));
  for (const char* signup : {"open", "invite", "closed"}) {
    Sources s;
    s.sets = {std::string("accounts.signup=") + signup};
    EXPECT_TRUE(load(s)) << signup;
  }
}

TEST_F(ConfigTest, Argon2ParametersMustMeetAsvsAppendixC) {
  auto with = [](int m, int t, bool weak = false) {
    Sources s;
    s.sets = {"passwords.argon2_memory_kib=" + std::to_string(m),
              "passwords.argon2_iterations=" + std::to_string(t)};
    if (weak) s.sets.push_back("passwords.allow_weak_hashing_for_tests=true");
    return s;
  };
  EXPECT_TRUE(load(with(19456, 2)));
  EXPECT_TRUE(load(with(47104, 1)));
  EXPECT_TRUE(load(with(12288, 3)));
  EXPECT_TRUE(load(with(65536, 4)));
  EXPECT_THAT(error_of(with(19455, 2)),
              AllOf(HasSubstr("passwords.argon2_memory_kib = 19455"), HasSubstr("ASVS 5.0 Appendix C")));
  EXPECT_FALSE(load(with(47103, 1)));
  EXPECT_FALSE(load(with(12288, 2)));
  EXPECT_FALSE(load(with(19456, 1)));
  // Test suites may hash with a few KiB, but only when they say so.
  auto weak = load(with(8, 1, true));
  ASSERT_TRUE(weak) << weak.error().message;
  EXPECT_EQ(weak->passwords.argon2_memory_kib, 8);
  EXPECT_THAT(error_of(with(4, 1, true)), HasSubstr("passwords.argon2_memory_kib must be an integer from 8"));
}

TEST_F(ConfigTest, PasswordLengthRules) {
  Sources s;
  s.sets = {"passwords.min_length=7"};
  EXPECT_THAT(error_of(s), HasSubstr("passwords.min_length must be 0 (automatic) or at least 8"));
  s.sets = {"passwords.min_length=8"};
  auto c = load(s);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->password_min_length(), 8);
  s.sets = {"passwords.min_length=12", "mfa.required=false"};
  EXPECT_THAT(error_of(s), HasSubstr("at least 15 when mfa.required = false"));
  s.sets = {"passwords.min_length=100", "passwords.max_length=64"};
  EXPECT_THAT(error_of(s), HasSubstr("passwords.max_length (64) is below the minimum password length (100)"));
}

TEST_F(ConfigTest, CrossKeyRules) {
  Sources s;
  s.sets = {"server.tls_cert=/etc/cert.pem"};
  EXPECT_THAT(error_of(s), HasSubstr("server.tls_cert and server.tls_key must be set together"));
  s.sets = {"throttle.base_delay_s=60", "throttle.max_delay_s=30"};
  EXPECT_THAT(error_of(s), HasSubstr("throttle.max_delay_s must be at least throttle.base_delay_s"));
  s.sets = {"sessions.idle_timeout_s=100", "sessions.absolute_timeout_s=50"};
  EXPECT_THAT(error_of(s), HasSubstr("sessions.idle_timeout_s must not exceed"));
}

TEST_F(ConfigTest, PublicUrlAndDatabaseUrl) {
  Sources s;
  s.sets = {"server.public_url=https://auth.example.com"};
  EXPECT_TRUE(load(s));
  s.sets = {"server.public_url=auth.example.com"};
  EXPECT_THAT(error_of(s), HasSubstr("server.public_url must start with https://"));
  s.sets = {"server.public_url=https://auth.example.com/"};
  EXPECT_THAT(error_of(s), HasSubstr("must not end with '/'"));
  s.sets = {"server.public_url=https://auth.example.com?x=1"};
  EXPECT_THAT(error_of(s), HasSubstr("must not have a query or fragment"));

  s.sets = {"database.url=sqlite:/var/lib/latchkey/db.sqlite"};
  EXPECT_TRUE(load(s));
  // A database URL may carry a password: errors never echo it.
  s.sets = {"database.url=mysql://root:hunter2@db/x"};
  const std::string message = error_of(s);
  EXPECT_THAT(message, HasSubstr("database.url must be empty"));
  EXPECT_THAT(message, ::testing::Not(HasSubstr("hunter2")));
}

TEST_F(ConfigTest, TomlSyntaxErrorsCiteFileAndLine) {
  EXPECT_THAT(error_of(with_file("[server]\nlisten = \n")),
              AllOf(HasSubstr("config file "), HasSubstr("latchkey.toml:2:")));
  Sources missing;
  missing.config_file = (dir_ / "nope.toml").string();
  EXPECT_THAT(error_of(missing), HasSubstr("cannot read config file " + missing.config_file));
  Sources directory;
  directory.config_file = dir_.string();
  EXPECT_THAT(error_of(directory), HasSubstr("is not a regular file"));
}

TEST_F(ConfigTest, EnvironmentNamesAreUniqueAndDistinctFromTheAllowlist) {
  std::set<std::string> seen;
  for (const auto& key : key_names()) {
    EXPECT_TRUE(seen.insert(env_var_name(key)).second) << key;
  }
  for (const char* reserved : {"LATCHKEY_SERVER_KEY", "LATCHKEY_API_URL", "LATCHKEY_API_KEY",
                               "LATCHKEY_CONFIG", "LATCHKEY_GIT_HOST", "LATCHKEY_BIN_DIR"}) {
    EXPECT_FALSE(seen.contains(reserved)) << reserved;
  }
  EXPECT_EQ(env_var_name("rate_limit.capacity"), "LATCHKEY_RATE_LIMIT_CAPACITY");
}

TEST_F(ConfigTest, ProcessEnvironmentReadsEnviron) {
  ASSERT_EQ(::setenv("LATCHKEY_TEST_PROBE", "a=b", 1), 0);
  auto env = process_environment();
  ::unsetenv("LATCHKEY_TEST_PROBE");
  ASSERT_TRUE(env.contains("LATCHKEY_TEST_PROBE"));
  EXPECT_EQ(env["LATCHKEY_TEST_PROBE"], "a=b");
}

TEST(SqliteFileTest, EmptyUrlIsTheDataDirFileSqlitePrefixIsAPathPostgresIsNone) {
  Config c;
  c.server.data_dir = "/var/lib/latchkey";
  EXPECT_EQ(sqlite_file(c), "/var/lib/latchkey/latchkey.db");
  c.database.url = "sqlite:/srv/auth/keys.db";
  EXPECT_EQ(sqlite_file(c), "/srv/auth/keys.db");
  c.database.url = "postgresql://latchkey@db/latchkey";
  EXPECT_EQ(sqlite_file(c), std::nullopt);
}

}  // namespace
}  // namespace latchkey::config
