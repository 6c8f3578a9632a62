// Deferred bodies and CgiJob answers (message.h): the handler decides on the
// header alone; a job streams the request body to a real program (/bin/sh
// scripts here) and its output back with chunked encoding, within the caps
// and the time limit; programs are killed when the client goes away and are
// always reaped.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <boost/json/parse.hpp>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <random>
#include <thread>

#include "http/server.h"
#include "test_client.h"
#include "test_server.h"

namespace latchkey::http {
namespace {
using namespace std::chrono_literals;
using testing::Client;
using testing::TestServer;

// Defers every body under /cgi; answers with `make_job` (or 401 when it
// returns null), recording what it saw and the exit status.
class CgiHandler final : public Handler {
 public:
  using MakeJob = std::function<std::shared_ptr<CgiJob>(const Request&)>;
  explicit CgiHandler(MakeJob make) : make_(std::move(make)) {}

  bool defers_body(const Request& head) const override { return head.path.starts_with("/cgi"); }

  void handle(Request request, Respond respond) override {
    {
      std::lock_guard lock(mu_);
      saw_deferred_ = request.body_deferred;
      saw_body_ = request.body;
    }
    Response r;
    r.set("Request-Id", "req-1");
    auto job = make_(request);
    if (!job) {
      r.status = 401;
      r.set("WWW-Authenticate", "Basic realm=\"t\"");
      r.body = "no";
      return respond(std::move(r));
    }
    job->on_exit = [this](int status) {
      std::lock_guard lock(mu_);
      if (!exit_set_) exits_.set_value(status);  // the first one counts
      exit_set_ = true;
    };
    job->log = [this](std::string_view line) {
      std::lock_guard lock(mu_);
      log_ += std::string(line) + "\n";
    };
    r.cgi = std::move(job);
    respond(std::move(r));
  }

  // The exit status reported through on_exit, or -100 if none within 5 s.
  int exit_status() { return exit_.wait_for(5s) == std::future_status::ready ? exit_.get() : -100; }
  bool exit_reported() { return exit_.wait_for(0s) == std::future_status::ready; }
  std::string log() {
    std::lock_guard lock(mu_);
    return log_;
  }
  bool saw_deferred() {
    std::lock_guard lock(mu_);
    return saw_deferred_;
  }

 private:
  MakeJob make_;
  std::promise<int> exits_;
  std::shared_future<int> exit_ = exits_.get_future().share();
  bool exit_set_ = false;
  std::mutex mu_;
  bool saw_deferred_ = false;
  std::string saw_body_;
  std::string log_;
};

std::shared_ptr<CgiJob> sh(const std::string& script) {
  auto job = std::make_shared<CgiJob>();
  job->argv = {"/bin/sh", "-c", script};
  job->env = {"PATH=/usr/bin:/bin"};
  job->max_body_bytes = 1 << 20;
  job->time_limit = 10s;
  return job;
}

constexpr const char* kEcho =
    "printf 'Status: 201 Created\\r\\nContent-Type: text/plain\\r\\nX-Len: %s\\r\\n\\r\\n' "
    "\"$CONTENT_LENGTH\"; exec cat";

std::string random_bytes(std::size_t n) {
  std::mt19937 gen(42);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(gen());
  return s;
}

std::string post(std::string_view path, std::string_view body, std::string_view extra = "") {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: t\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + std::string(extra) + "\r\n" + std::string(body);
}

bool process_gone(pid_t pid, std::chrono::milliseconds within) {
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    // A zombie still answers kill(0): gone means killed *and* reaped.
    if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

pid_t read_pid(const std::filesystem::path& file) {
  for (int i = 0; i < 300; ++i) {
    std::ifstream in(file);
    pid_t pid = 0;
    if (in >> pid && pid > 0) return pid;
    std::this_thread::sleep_for(10ms);
  }
  return 0;
}

TEST(CgiRelay, StreamsTheBodyThroughTheProgramAndBack) {
  CgiHandler handler([](const Request&) { return sh(kEcho); });
  TestServer server(testing::test_options(), handler);
  const std::string body = random_bytes(300'000);  // far above Limits::body_bytes
  Client c(server.port());
  ASSERT_TRUE(c.send(post("/cgi/echo", body)));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->header("transfer-encoding"), "chunked");
  EXPECT_EQ(res->header("content-type"), "text/plain");
  EXPECT_EQ(res->header("x-len"), "300000");
  EXPECT_EQ(res->header("request-id"), "req-1");
  EXPECT_EQ(res->body.size(), body.size());
  EXPECT_TRUE(res->body == body);
  EXPECT_TRUE(handler.saw_deferred());
  EXPECT_EQ(handler.exit_status(), 0);
}

TEST(CgiRelay, ChunkedUploadIsSpooledWithItsSize) {
  CgiHandler handler([](const Request&) { return sh(kEcho); });
  TestServer server(testing::test_options(), handler);
  std::string req = "POST /cgi HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string expected;
  for (int i = 0; i < 40; ++i) {
    const std::string piece(1000 + i, static_cast<char>('a' + i % 26));
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    req += std::string(size) + "\r\n" + piece + "\r\n";
    expected += piece;
  }
  req += "0\r\n\r\n";
  Client c(server.port());
  ASSERT_TRUE(c.send(req));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->header("x-len"), std::to_string(expected.size()));
  EXPECT_TRUE(res->body == expected);
}

TEST(CgiRelay, KeepAliveContinuesAfterAJob) {
  CgiHandler handler([](const Request&) { return sh(kEcho); });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  for (const std::string body : {"first", "second"}) {
    ASSERT_TRUE(c.send(post("/cgi", body)));
    auto res = c.read_response();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->body, body);
  }
}

TEST(CgiRelay, BodilessRequestHasNoContentLength) {
  CgiHandler handler([](const Request&) {
    return sh("printf 'Content-Type: text/plain\\n\\n'; echo \"cl=${CONTENT_LENGTH-unset}\"; "
              "echo \"m=$REQUEST_METHOD\"");
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(testing::get("/cgi/x")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("cl=unset"), std::string::npos) << res->body;
  EXPECT_FALSE(handler.saw_deferred());  // nothing to defer
}

TEST(CgiRelay, ProgramSeesExactlyTheJobsEnvironmentAndDirectory) {
  ::setenv("LK_CGI_TEST_LEAK", "secret", 1);
  const auto dir = std::filesystem::temp_directory_path();
  CgiHandler handler([&](const Request&) {
    auto job = sh("printf 'Content-Type: text/plain\\n\\n'; /usr/bin/env; echo \"cwd=$(pwd -P)\"");
    job->env.push_back("GIT_PROJECT_ROOT=/x");
    job->env.push_back("CONTENT_LENGTH=999");  // the server's own value wins
    job->working_dir = dir.string();
    return job;
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(post("/cgi", "abc")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("GIT_PROJECT_ROOT=/x\n"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("CONTENT_LENGTH=3\n"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("CONTENT_LENGTH=999"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("LK_CGI_TEST_LEAK"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("HOME="), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("cwd=" + std::filesystem::canonical(dir).string()), std::string::npos)
      << res->body;
  ::unsetenv("LK_CGI_TEST_LEAK");
}

TEST(CgiRelay, OrdinaryAnswerToADeferredRequestNeverReadsTheBody) {
  CgiHandler handler([](const Request&) { return nullptr; });  // 401
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  // Only the header of a 50 MB upload: the 401 must come at once.
  ASSERT_TRUE(c.send("POST /cgi HTTP/1.1\r\nHost: t\r\nContent-Length: 50000000\r\n"
                     "Expect: 100-continue\r\n\r\n"));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);  // no 100 Continue first
  EXPECT_EQ(res->header("connection"), "close");
  EXPECT_TRUE(c.wait_closed());
  EXPECT_TRUE(handler.saw_deferred());
}

TEST(CgiRelay, ExpectContinueIsAnsweredOnceTheJobIsAccepted) {
  CgiHandler handler([](const Request&) { return sh(kEcho); });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /cgi HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n"
                     "Expect: 100-continue\r\n\r\n"));
  auto cont = c.read_response(true);
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.send("hello"));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201);
  EXPECT_EQ(res->body, "hello");
}

TEST(CgiRelay, BodyOverTheJobsCapGets413) {
  CgiHandler handler([](const Request&) {
    auto job = sh(kEcho);
    job->max_body_bytes = 1000;
    return job;
  });
  TestServer server(testing::test_options(), handler);
  {
    Client c(server.port());
    ASSERT_TRUE(c.send("POST /cgi HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n"));
    auto res = c.read_response();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
    EXPECT_EQ(boost::json::parse(res->body).at("id").as_string(), "payload_too_large");
  }
  {
    Client c(server.port());
    std::string req = "POST /cgi HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 3; ++i) req += "200\r\n" + std::string(512, 'x') + "\r\n";
    ASSERT_TRUE(c.send(req + "0\r\n\r\n"));
    auto res = c.read_response();
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 413);
  }
  EXPECT_FALSE(handler.exit_reported());  // never started
}

TEST(CgiRelay, TimeLimitBeforeTheHeaderGives504) {
  CgiHandler handler([](const Request&) {
    auto job = sh("sleep 20");
    job->time_limit = 300ms;
    return job;
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port(), 5s);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send(post("/cgi", "x")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 504);
  EXPECT_EQ(boost::json::parse(res->body).at("id").as_string(), "gateway_timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  EXPECT_EQ(handler.exit_status(), -1);
  EXPECT_NE(handler.log().find("time limit"), std::string::npos);
}

TEST(CgiRelay, TimeLimitWhileAnsweringCutsTheResponseShort) {
  CgiHandler handler([](const Request&) {
    auto job = sh("printf 'Content-Type: text/plain\\n\\nstart'; sleep 20");
    job->time_limit = 300ms;
    return job;
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port(), 5s);
  ASSERT_TRUE(c.send(testing::get("/cgi")));
  EXPECT_TRUE(c.wait_closed());  // header and "start", then the close: no last chunk
  const std::string& raw = c.unread();
  EXPECT_NE(raw.find("HTTP/1.1 200"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\r\n5\r\nstart\r\n"), std::string::npos) << raw;
  EXPECT_FALSE(raw.ends_with("0\r\n\r\n")) << raw;
  EXPECT_EQ(handler.exit_status(), -1);
}

TEST(CgiRelay, MalformedHeaderBlockGives502) {
  CgiHandler handler([](const Request&) { return sh("echo garbage; echo; echo body"); });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(testing::get("/cgi")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
  EXPECT_EQ(boost::json::parse(res->body).at("id").as_string(), "bad_gateway");
  EXPECT_EQ(res->header("request-id"), "req-1");
}

TEST(CgiRelay, NoOutputAtAllGives502) {
  CgiHandler handler([](const Request&) { return sh("exit 0"); });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(testing::get("/cgi")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 502);
}

TEST(CgiRelay, ExitStatusAndStderrAreReported) {
  CgiHandler handler([](const Request&) {
    return sh("echo oops >&2; printf 'Content-Type: text/plain\\n\\nx'; exit 3");
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(testing::get("/cgi")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "x");
  EXPECT_EQ(handler.exit_status(), 3);
  for (int i = 0; i < 100 && handler.log().find("oops") == std::string::npos; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_NE(handler.log().find("oops"), std::string::npos) << handler.log();
}

TEST(CgiRelay, ProgramThatCannotStartGives500) {
  CgiHandler handler([](const Request&) {
    auto job = sh("");
    job->argv = {"/nonexistent/program"};
    return job;
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(testing::get("/cgi")));
  auto res = c.read_response();
  ASSERT_TRUE(res) << c.unread() << "|" << handler.log() << "|" << c.last_errno();
  EXPECT_EQ(res->status, 500);
  EXPECT_NE(handler.log().find("cannot start /nonexistent/program"), std::string::npos);
}

TEST(CgiRelay, ClientGoneKillsAndReapsTheProgram) {
  const auto pid_file = std::filesystem::temp_directory_path() /
                        ("lk_cgi_pid_" + std::to_string(::getpid()));
  std::filesystem::remove(pid_file);
  CgiHandler handler([&](const Request&) {
    return sh("echo $$ > " + pid_file.string() +
              "; printf 'Content-Type: text/plain\\n\\n'; exec yes");
  });
  TestServer server(testing::test_options(), handler);
  {
    Client c(server.port());
    ASSERT_TRUE(c.send(testing::get("/cgi")));
    char buf[1024];
    ASSERT_GT(::recv(c.fd(), buf, sizeof buf, 0), 0);
  }  // closes the socket mid-response
  const pid_t pid = read_pid(pid_file);
  ASSERT_GT(pid, 0);
  EXPECT_TRUE(process_gone(pid, 5s));
  EXPECT_EQ(handler.exit_status(), -1);
  std::filesystem::remove(pid_file);
}

TEST(CgiRelay, HardShutdownKillsTheProgram) {
  const auto pid_file = std::filesystem::temp_directory_path() /
                        ("lk_cgi_pid2_" + std::to_string(::getpid()));
  std::filesystem::remove(pid_file);
  CgiHandler handler([&](const Request&) {
    auto job = sh("echo $$ > " + pid_file.string() + "; exec sleep 30");
    job->time_limit = 60s;
    return job;
  });
  auto server = std::make_unique<TestServer>(testing::test_options(), handler);
  Client c(server->port());
  ASSERT_TRUE(c.send(testing::get("/cgi")));
  const pid_t pid = read_pid(pid_file);
  ASSERT_GT(pid, 0);
  server->shutdown(200ms);
  EXPECT_TRUE(process_gone(pid, 5s));
  std::filesystem::remove(pid_file);
}

}  // namespace
}  // namespace latchkey::http
