#include "http/access_log.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/server.h"
#include "test_client.h"
#include "test_server.h"

namespace latchkey::http {
namespace {
using testing::Client;
using testing::FnHandler;
using testing::TestServer;
using testing::get;

TEST(HttpAccessLog, OneJsonLinePerResponseWithoutQueryOrSecrets) {
  testing::LogSink sink;
  auto o = testing::test_options();
  o.access_log = sink.fn();
  FnHandler handler([](Request, Respond respond) {
    Response res;
    res.set("Request-Id", "rid-123");
    res.body = "12345";
    respond(std::move(res));
  });
  TestServer server(o, handler);
  Client c(server.port());
  ASSERT_TRUE(c.send(get("/things/1?token=s3cr3t", "User-Agent: agent/1.0\r\n"
                                                   "Authorization: Bearer lka_hidden\r\n")));
  ASSERT_TRUE(c.read_response());
  auto lines = sink.wait_for(1);
  ASSERT_EQ(lines.size(), 1u);
  const std::string& line = lines[0];
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find("s3cr3t"), std::string::npos);
  EXPECT_EQ(line.find("token"), std::string::npos);
  EXPECT_EQ(line.find("lka_hidden"), std::string::npos);
  auto json = boost::json::parse(line).as_object();
  EXPECT_EQ(json.at("remote").as_string(), "127.0.0.1");
  EXPECT_EQ(json.at("method").as_string(), "GET");
  EXPECT_EQ(json.at("path").as_string(), "/things/1");
  EXPECT_EQ(json.at("status").as_int64(), 200);
  EXPECT_EQ(json.at("bytes").as_int64(), 5);
  EXPECT_GE(json.at("duration_ms").as_double(), 0.0);
  EXPECT_EQ(json.at("request_id").as_string(), "rid-123");
  EXPECT_EQ(json.at("user_agent").as_string(), "agent/1.0");
  const std::string ts(json.at("ts").as_string());
  EXPECT_EQ(ts.size(), 24u);
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(HttpAccessLog, ServerErrorsAreLoggedToo) {
  testing::LogSink sink;
  auto o = testing::test_options();
  o.access_log = sink.fn();
  o.limits.body_bytes = 10;
  FnHandler handler([](Request, Respond respond) { respond(Response{}); });
  TestServer server(o, handler);
  Client c(server.port());
  ASSERT_TRUE(c.send("POST /upload?sig=abc HTTP/1.1\r\nHost: t\r\nContent-Length: 99\r\n\r\n"));
  auto res = c.read_response();
  ASSERT_TRUE(res);
  auto lines = sink.wait_for(1);
  ASSERT_EQ(lines.size(), 1u);
  auto json = boost::json::parse(lines[0]).as_object();
  EXPECT_EQ(json.at("status").as_int64(), 413);
  EXPECT_EQ(json.at("path").as_string(), "/upload");
  EXPECT_EQ(json.at("request_id").as_string(), res->header("request-id"));
}

TEST(HttpAccessLog, EscapesControlCharactersAndInvalidUtf8) {
  AccessLogEntry e;
  e.method = "GET";
  e.path = "/a\"b\\c\n\x01";
  e.user_agent = "caf\xc3\xa9 \xff\xfe bad \xe2\x82";  // valid é, then garbage
  const std::string line = access_log_line(e);
  auto json = boost::json::parse(line).as_object();  // throws if invalid
  EXPECT_EQ(json.at("path").as_string(), "/a\"b\\c\n\x01");
  EXPECT_EQ(json.at("user_agent").as_string(), "caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd bad \xef\xbf\xbd\xef\xbf\xbd");
}

TEST(HttpAccessLog, Rfc3339Utc) {
  using namespace std::chrono;
  const system_clock::time_point t{sys_days{year{2024} / 5 / 1}.time_since_epoch() + 12h + 3min +
                                   4s + 56ms};
  EXPECT_EQ(rfc3339_utc(t), "2024-05-01T12:03:04.056Z");
}

}  // namespace
}  // namespace latchkey::http
