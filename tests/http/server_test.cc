// Round trips through the real server over real sockets.
#include "http/server.h"

#include <gtest/gtest.h>

#include <thread>

#include "test_client.h"
#include "test_server.h"

namespace latchkey::http {
namespace {
using namespace std::chrono_literals;
using testing::Client;
using testing::FnHandler;
using testing::TestServer;
using testing::get;

// Echoes what the server made of the request.
void echo(Request req, Respond respond) {
  Response res;
  res.set("Content-Type", "text/plain");
  res.set("X-Path", req.path);
  res.set("X-Query", req.query);
  res.set("X-Remote", req.remote_addr);
  res.set("X-Secure", req.secure ? "yes" : "no");
  res.set("X-Test", std::string(req.header("x-test").value_or("-")));
  res.body = req.method + " " + req.target + " " + req.body;
  respond(std::move(res));
}

TEST(HttpServer, GetRoundTripCarriesHeadersAndBody) {
  FnHandler handler(echo);
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/hello/world?x=1&y=2", "X-Test: abc\r\n")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "GET /hello/world?x=1&y=2 ");
  EXPECT_EQ(res->header("x-path"), "/hello/world");
  EXPECT_EQ(res->header("x-query"), "x=1&y=2");
  EXPECT_EQ(res->header("x-test"), "abc");  // looked up by lower-case name
  EXPECT_EQ(res->header("x-remote"), "127.0.0.1");
  EXPECT_EQ(res->header("x-secure"), "no");
  EXPECT_EQ(res->header("content-type"), "text/plain");
  EXPECT_EQ(res->header("content-length"), std::to_string(res->body.size()));
}

TEST(HttpServer, PostBodyReachesHandler) {
  FnHandler handler(echo);
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "POST /p hello");
}

TEST(HttpServer, ChunkedBodyWithinLimitIsAccepted) {
  FnHandler handler(echo);
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "POST /c abcde");
}

TEST(HttpServer, KeepAliveServesTwoRequestsOnOneConnection) {
  FnHandler handler(echo);
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/one")));
  auto first = c.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "GET /one ");
  ASSERT_TRUE(c.send(get("/two")));
  auto second = c.read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "GET /two ");
  EXPECT_EQ(server.server().open_connections(), 1u);
}

TEST(HttpServer, ConnectionCloseFromClientClosesAfterResponse) {
  FnHandler handler(echo);
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/bye", "Connection: close\r\n")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->header("connection"), "close");
  EXPECT_TRUE(c.wait_closed());
}

TEST(HttpServer, ResponseCloseClosesTheConnection) {
  FnHandler handler([](Request, Respond respond) {
    Response res;
    res.body = "x";
    res.close = true;
    respond(std::move(res));
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->header("connection"), "close");
  EXPECT_TRUE(c.wait_closed());
}

TEST(HttpServer, HandlerMayRespondLaterFromAnotherThread) {
  std::vector<std::jthread> workers;
  std::mutex mu;
  FnHandler handler([&](Request req, Respond respond) {
    std::lock_guard lock(mu);
    workers.emplace_back([req = std::move(req), respond = std::move(respond)]() mutable {
      std::this_thread::sleep_for(50ms);
      Response res;
      res.body = "late " + req.path;
      respond(std::move(res));
    });
  });
  TestServer server(testing::test_options(), handler);
  Client a(server.port()), b(server.port());
  ASSERT_TRUE(a.send(get("/a")));
  ASSERT_TRUE(b.send(get("/b")));
  auto ra = a.read_response();
  auto rb = b.read_response();
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->body, "late /a");
  EXPECT_EQ(rb->body, "late /b");
  // The connection is reusable afterwards.
  ASSERT_TRUE(a.send(get("/again")));
  auto again = a.read_response();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->body, "late /again");
}

TEST(HttpServer, SecondRespondCallIsIgnored) {
  FnHandler handler([](Request, Respond respond) {
    Response first;
    first.body = "first";
    respond(Response(first));
    Response second;
    second.body = "second";
    respond(std::move(second));
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/") + get("/")));
  auto r1 = c.read_response();
  auto r2 = c.read_response();
  ASSERT_TRUE(r1 && r2);
  EXPECT_EQ(r1->body, "first");
  EXPECT_EQ(r2->body, "first");  // pipelined request answered on its own
}

TEST(HttpServer, HeadSendsLengthButNoBody) {
  FnHandler handler([](Request req, Respond respond) {
    Response res;
    res.body = "twelve bytes";
    respond(std::move(res));
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto head = c.read_response(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->header("content-length"), "12");
  // Had a body been written, it would now be parsed as the next status line.
  ASSERT_TRUE(c.send(get("/next")));
  auto next = c.read_response();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(next->body, "twelve bytes");
}

TEST(HttpServer, HandlerThatDropsRespondYields500) {
  FnHandler handler([](Request, Respond) {});
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(res->body, R"({"id":"internal_server_error","message":"Internal server error."})");
}

TEST(HttpServer, HandlerThatThrowsYields500) {
  FnHandler handler([](Request, Respond) { throw std::runtime_error("boom"); });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
}

TEST(HttpServer, HeaderValuesWithLineBreaksAreDropped) {
  FnHandler handler([](Request, Respond respond) {
    Response res;
    res.set("Location", "/ok\r\nSet-Cookie: evil=1");
    res.set("X-Fine", "yes");
    respond(std::move(res));
  });
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/")));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->header("set-cookie"), "");
  EXPECT_EQ(res->header("location"), "");
  EXPECT_EQ(res->header("x-fine"), "yes");
}

TEST(HttpServer, ExpectContinueGetsInterimResponse) {
  FnHandler handler(echo);
  TestServer server(testing::test_options(), handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("PUT /u HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(c.send("data"));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "PUT /u data");
}

}  // namespace
}  // namespace latchkey::http
