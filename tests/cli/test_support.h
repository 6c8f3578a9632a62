// Fakes for CLI tests: a scripted HTTP transport, a scripted prompter, a
// fixed clock, a fake time that advances only when slept on, a launcher that
// records instead of spawning, an in-memory git and a temporary directory; and
// CliTest, a fixture that runs commands through run() with them and a
// temporary HOME.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <map>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/api_client.h"
#include "cli/context.h"
#include "cli/git.h"
#include "cli/prompt.h"
#include "cli/run.h"
#include "cli/system.h"
#include "core/clock.h"

namespace latchkey::cli::testing {

class FakeTransport final : public HttpTransport {
 public:
  // Queues the next response.
  void respond(int status, std::string body, std::vector<Header> headers = {}) {
    headers.push_back({"Content-Type", "application/json"});
    responses_.push_back(HttpResponse{status, std::move(headers), std::move(body)});
  }
  void fail_connection() { responses_.push_back(std::nullopt); }

  Outcome<HttpResponse> perform(const HttpRequest& request) override {
    requests.push_back(request);
    if (responses_.empty()) return failed_local("no scripted response for " + request.method + " " + request.url);
    auto r = std::move(responses_.front());
    responses_.pop_front();
    if (!r) return failed_local("could not reach " + request.url + ": Connection refused");
    return std::move(*r);
  }

  static std::string header(const HttpRequest& r, std::string_view name) {
    for (const Header& h : r.headers) {
      if (h.name == name) return h.value;
    }
    return "<absent>";
  }

  std::vector<HttpRequest> requests;
  bool exhausted() const { return responses_.empty(); }

 private:
  std::deque<std::optional<HttpResponse>> responses_;
};

class ScriptedPrompter final : public Prompter {
 public:
  explicit ScriptedPrompter(std::vector<std::string> answers) : answers_(answers.begin(), answers.end()) {}
  Outcome<std::string> ask(std::string_view label, bool hidden) override {
    labels.emplace_back(label);
    hidden_flags.push_back(hidden);
    if (answers_.empty()) return failed_local("no input (end of file at prompt)");
    std::string a = answers_.front();
    answers_.pop_front();
    return a;
  }
  std::vector<std::string> labels;
  std::vector<bool> hidden_flags;

 private:
  std::deque<std::string> answers_;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(UnixTime t) : t_(t) {}
  UnixTime now() const override { return t_; }

 private:
  UnixTime t_;
};

// A clock that moves only when a command sleeps: sleeps are recorded and
// return at once.
class FakeTime final : public Clock, public Sleeper {
 public:
  explicit FakeTime(UnixTime t) : t_(t) {}
  UnixTime now() const override { return t_; }
  void sleep(std::chrono::seconds d) override {
    sleeps.push_back(static_cast<int>(d.count()));
    t_ += d.count();
  }
  std::vector<int> sleeps;

 private:
  UnixTime t_;
};

class RecordingLauncher final : public Launcher {
 public:
  bool launch(const std::vector<std::string>& argv) override {
    launched.push_back(argv);
    return succeed;
  }
  std::vector<std::vector<std::string>> launched;
  bool succeed = true;
};

// A repository's remotes and the global git config, in memory. `in_repo`
// false is a directory outside any work tree; every change is also logged.
class FakeGit final : public Git {
 public:
  std::optional<std::vector<GitRemote>> remotes() override {
    if (!in_repo) return std::nullopt;
    return remote_list;
  }
  Outcome<void> add_remote(const std::string& name, const std::string& url) override {
    log.push_back("remote add " + name + " " + url);
    if (!in_repo) return failed_local("not a git repository");
    remote_list.push_back({name, url});
    return {};
  }
  Outcome<void> set_remote_url(const std::string& name, const std::string& url) override {
    log.push_back("remote set-url " + name + " " + url);
    for (GitRemote& r : remote_list) {
      if (r.name == name) r.url = url;
    }
    return {};
  }
  Outcome<void> remove_remote(const std::string& name) override {
    log.push_back("remote remove " + name);
    std::erase_if(remote_list, [&](const GitRemote& r) { return r.name == name; });
    return {};
  }
  std::optional<std::string> global_config(const std::string& key) override {
    auto it = config.find(key);
    if (it == config.end()) return std::nullopt;
    return it->second;
  }
  Outcome<void> set_global_config(const std::string& key, const std::string& value) override {
    log.push_back("config --global " + key + " " + value);
    config[key] = value;
    return {};
  }
  Outcome<void> unset_global_config(const std::string& key) override {
    log.push_back("config --global --unset " + key);
    config.erase(key);
    return {};
  }

  bool in_repo = true;
  std::vector<GitRemote> remote_list;
  std::map<std::string, std::string> config;
  std::vector<std::string> log;
};

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lk-cli-test-XXXXXX").string();
    path_ = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_text(const std::filesystem::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
}

// Arguments in; stdout, stderr, exit code, prompts and HTTP requests out.
class CliTest : public ::testing::Test {
 protected:
  int run_cli(std::vector<std::string> args, std::vector<std::string> answers = {}) {
    out.str("");
    err.str("");
    prompter = ScriptedPrompter(std::move(answers));
    Context ctx{env, in, out, err, prompter, transport, clock, clock, launcher, git, "box", {}, interactive,
                "/opt/latchkey/bin/latchkey"};
    return run(args, ctx);
  }
  std::filesystem::path netrc() const { return home.path() / ".netrc"; }

  TempDir home;
  Environment env{{{"HOME", home.path().string()}}};
  FakeTransport transport;
  FakeTime clock{1767225600};  // 2026-01-01T00:00:00Z; also the sleeper
  RecordingLauncher launcher;
  FakeGit git;
  ScriptedPrompter prompter{{}};
  std::istringstream in;  // standard input (git:credentials)
  bool interactive = false;
  std::ostringstream out;
  std::ostringstream err;
};

// A CliTest whose commands authenticate with $LATCHKEY_API_KEY against the
// default API URL, with short accessors for the requests they made.
class ApiCliTest : public CliTest {
 protected:
  void SetUp() override { env.set("LATCHKEY_API_KEY", "lka_tok"); }
  const HttpRequest& request(std::size_t i) const { return transport.requests.at(i); }
  std::string line(std::size_t i) const { return request(i).method + " " + request(i).url; }
  std::string body(std::size_t i) const { return request(i).body.value_or("<none>"); }
  static std::string url(std::string_view path) { return "http://127.0.0.1:5000" + std::string(path); }
};

}  // namespace latchkey::cli::testing
