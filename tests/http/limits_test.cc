// Abuse limits in the read loop and the server's own JSON error responses.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <regex>

#include "http/server.h"
#include "test_client.h"
#include "test_server.h"

namespace latchkey::http {
namespace {
using namespace std::chrono_literals;
using testing::Client;
using testing::FnHandler;
using testing::TestServer;
using testing::get;

void ok(Request, Respond respond) {
  Response res;
  res.body = "ok";
  respond(std::move(res));
}

// Server-generated errors: Heroku-style JSON, a UUID v7 Request-Id, then close.
void expect_error(Client& c, int status, std::string_view id) {
  auto res = c.read_response();
  ASSERT_TRUE(res) << "no response";
  EXPECT_EQ(res->status, status);
  EXPECT_EQ(res->header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(res->header("x-content-type-options"), "nosniff");
  EXPECT_EQ(res->header("cache-control"), "no-store");
  EXPECT_TRUE(std::regex_match(
      res->header("request-id"),
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << res->header("request-id");
  auto json = boost::json::parse(res->body).as_object();
  EXPECT_EQ(json.at("id").as_string(), id);
  EXPECT_FALSE(json.at("message").as_string().empty());
  EXPECT_TRUE(c.wait_closed());
}

ServerOptions small_limits() {
  auto o = testing::test_options();
  o.limits.header_bytes = 1024;
  o.limits.body_bytes = 100;
  return o;
}

TEST(HttpLimits, OversizedHeaderGets431) {
  FnHandler handler(ok);
  TestServer server(small_limits(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/", "X-Big: " + std::string(2000, 'a') + "\r\n")));
  expect_error(c, 431, "request_header_fields_too_large");
  EXPECT_EQ(handler.calls, 0);
}

TEST(HttpLimits, DeclaredBodyOverLimitGets413BeforeBodyIsSent) {
  FnHandler handler(ok);
  TestServer server(small_limits(), handler);
  Client c(server.port());
  // Only the header goes out; the answer must come without waiting for a body.
  ASSERT_TRUE(c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n"));
  expect_error(c, 413, "payload_too_large");
  EXPECT_EQ(handler.calls, 0);
}

TEST(HttpLimits, ChunkedBodyOverLimitGets413) {
  FnHandler handler(ok);
  TestServer server(small_limits(), handler);
  Client c(server.port());
  std::string req = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 5; ++i) req += "32\r\n" + std::string(50, 'x') + "\r\n";  // 250 bytes
  req += "0\r\n\r\n";
  ASSERT_TRUE(c.send(req));
  expect_error(c, 413, "payload_too_large");
  EXPECT_EQ(handler.calls, 0);
}

TEST(HttpLimits, BodyAtLimitIsAccepted) {
  FnHandler handler(ok);
  TestServer server(small_limits(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" +
                     std::string(100, 'b')));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST(HttpLimits, MalformedRequestGets400) {
  FnHandler handler(ok);
  TestServer server(small_limits(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nthis is not a header\r\n\r\n"));
  expect_error(c, 400, "bad_request");
}

TEST(HttpLimits, ConflictingContentLengthsGet400) {
  FnHandler handler(ok);
  TestServer server(small_limits(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"));
  expect_error(c, 400, "bad_request");
}

TEST(HttpLimits, IdleKeepAliveConnectionIsClosed) {
  auto o = testing::test_options();
  o.limits.idle_timeout = 100ms;
  FnHandler handler(ok);
  TestServer server(o, handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/")));
  ASSERT_TRUE(c.read_response());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.wait_closed());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(HttpLimits, SlowHeaderIsCutOff) {
  auto o = testing::test_options();
  o.limits.header_timeout = 100ms;
  FnHandler handler(ok);
  TestServer server(o, handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: t\r\n"));  // never finished
  EXPECT_TRUE(c.wait_closed());
  EXPECT_EQ(handler.calls, 0);
}

TEST(HttpLimits, SlowBodyIsCutOff) {
  auto o = testing::test_options();
  o.limits.body_timeout = 100ms;
  FnHandler handler(ok);
  TestServer server(o, handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc"));
  EXPECT_TRUE(c.wait_closed());
  EXPECT_EQ(handler.calls, 0);
}

TEST(HttpLimits, ConnectionsOverTheCapGet503) {
  auto o = testing::test_options();
  o.limits.max_connections = 1;
  FnHandler handler(ok);
  TestServer server(o, handler);
  Client first(server.port());
  ASSERT_TRUE(first.send(get("/")));
  ASSERT_TRUE(first.read_response());  // now surely counted

  Client second(server.port());
  ASSERT_TRUE(second.send(get("/")));
  auto res = second.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->header("retry-after"), "1");
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(boost::json::parse(res->body).at("id").as_string(), "service_unavailable");
  EXPECT_TRUE(second.wait_closed());
  EXPECT_EQ(handler.calls, 1);

  // The first connection keeps working; once it is gone there is room again.
  ASSERT_TRUE(first.send(get("/")));
  ASSERT_TRUE(first.read_response());
  first.close();
  for (int i = 0; i < 200 && server.server().open_connections() > 0; ++i)
    std::this_thread::sleep_for(5ms);
  Client third(server.port());
  ASSERT_TRUE(third.send(get("/")));
  auto again = third.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
}

}  // namespace
}  // namespace latchkey::http
