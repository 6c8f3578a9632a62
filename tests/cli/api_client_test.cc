#include "cli/api_client.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "test_support.h"

namespace latchkey::cli {
namespace {

using testing::FakeTransport;

TEST(ApiClient, SendsHerokuHeadersAndBearer) {
  FakeTransport t;
  t.respond(200, R"({"email":"me@example.com"})");
  ApiClient api(t, "http://127.0.0.1:5000/", Secret("lko_tok"));
  auto r = api.call("GET", "/account");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->at("email").as_string(), "me@example.com");
  ASSERT_EQ(t.requests.size(), 1u);
  const HttpRequest& req = t.requests[0];
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.url, "http://127.0.0.1:5000/account");
  EXPECT_EQ(FakeTransport::header(req, "Accept"), "application/vnd.heroku+json; version=3");
  EXPECT_EQ(FakeTransport::header(req, "User-Agent"), "latchkey-cli/0.1.0");
  EXPECT_EQ(FakeTransport::header(req, "Authorization"), "Bearer lko_tok");
  EXPECT_EQ(FakeTransport::header(req, "Content-Type"), "<absent>");
  EXPECT_FALSE(req.body.has_value());
}

TEST(ApiClient, BodyGetsContentTypeAndAuthorizationCanBeReplaced) {
  FakeTransport t;
  t.respond(201, "{}");
  ApiClient api(t, "http://h", Secret());
  CallOptions o;
  o.body = boost::json::object{{"description", "d"}};
  o.authorization = basic_authorization("me@example.com", "pa:ss");
  ASSERT_TRUE(api.call("POST", "/oauth/authorizations", o).has_value());
  EXPECT_EQ(FakeTransport::header(t.requests[0], "Content-Type"), "application/json");
  EXPECT_EQ(FakeTransport::header(t.requests[0], "Authorization"), "Basic bWVAZXhhbXBsZS5jb206cGE6c3M=");
  EXPECT_EQ(*t.requests[0].body, R"({"description":"d"})");
}

TEST(ApiClient, NoTokenMeansNoAuthorizationHeader) {
  FakeTransport t;
  t.respond(200, "");
  ApiClient api(t, "http://h", Secret());
  auto r = api.call("DELETE", "/x");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->is_null());
  EXPECT_EQ(FakeTransport::header(t.requests[0], "Authorization"), "<absent>");
}

TEST(ApiClient, JsonErrorBecomesApiFailure) {
  FakeTransport t;
  t.respond(404, R"({"id":"not_found","message":"Couldn't find that session.","resource":"session"})");
  ApiClient api(t, "http://h", Secret("t"));
  auto r = api.call("DELETE", "/oauth/sessions/~");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind, Failure::Kind::kApi);
  EXPECT_EQ(r.error().status, 404);
  EXPECT_EQ(r.error().id, "not_found");
  EXPECT_EQ(r.error().resource, "session");
  EXPECT_EQ(r.error().message, "Couldn't find that session.");
  EXPECT_EQ(r.error().exit_code(), kExitApi);
}

TEST(ApiClient, ErrorWithoutMessageIsAnHttpError) {
  FakeTransport t;
  t.respond(502, "<html>bad gateway</html>");
  ApiClient api(t, "http://h", Secret("t"));
  auto r = api.call("GET", "/account");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().message, "HTTP Error 502 for GET http://h/account");
  EXPECT_EQ(r.error().exit_code(), kExitLocal);
}

TEST(ApiClient, ConnectionErrorIsLocal) {
  FakeTransport t;
  t.fail_connection();
  ApiClient api(t, "http://h", Secret("t"));
  auto r = api.call("GET", "/account");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().exit_code(), kExitLocal);
}

TEST(ApiClient, NonJsonSuccessIsAnError) {
  FakeTransport t;
  t.respond(200, "not json");
  ApiClient api(t, "http://h", Secret("t"));
  EXPECT_FALSE(api.call("GET", "/account").has_value());
}

TEST(ApiClient, ListFollowsNextRangeUntilAbsent) {
  FakeTransport t;
  t.respond(206, R"([{"id":"1"},{"id":"2"}])", {{"Next-Range", "id ]2..; max=2"}});
  t.respond(206, R"([{"id":"3"},{"id":"4"}])", {{"next-range", "id ]4..; max=2"}});
  t.respond(200, R"([{"id":"5"}])");
  ApiClient api(t, "http://h", Secret("t"));
  auto r = api.list("/oauth/authorizations");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->size(), 5u);
  ASSERT_EQ(t.requests.size(), 3u);
  EXPECT_EQ(FakeTransport::header(t.requests[0], "Range"), "<absent>");
  EXPECT_EQ(FakeTransport::header(t.requests[1], "Range"), "id ]2..; max=2");
  EXPECT_EQ(FakeTransport::header(t.requests[2], "Range"), "id ]4..; max=2");
}

TEST(ApiClient, ListStopsWhenNextRangeRepeats) {
  FakeTransport t;
  t.respond(206, R"([{"id":"1"}])", {{"Next-Range", "id ]1.."}});
  t.respond(206, R"([{"id":"1"}])", {{"Next-Range", "id ]1.."}});
  ApiClient api(t, "http://h", Secret("t"));
  auto r = api.list("/x");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(t.requests.size(), 2u);
}

TEST(ApiClient, ListRejectsNonArray) {
  FakeTransport t;
  t.respond(200, R"({"id":"1"})");
  ApiClient api(t, "http://h", Secret("t"));
  EXPECT_FALSE(api.list("/x").has_value());
}

}  // namespace
}  // namespace latchkey::cli
