#include "http/request_parse.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {

Limits small() {
  Limits l;
  l.header_bytes = 256;
  l.body_bytes = 16;
  return l;
}

TEST(HttpParse, CompleteRequest) {
  auto out = parse_request(
      "POST /a/b?c=d HTTP/1.1\r\nHost: x\r\nX-Mixed-Case: V\r\nContent-Length: 3\r\n\r\nabc",
      small());
  ASSERT_TRUE(out.complete);
  EXPECT_EQ(out.status, 0);
  EXPECT_EQ(out.request.method, "POST");
  EXPECT_EQ(out.request.target, "/a/b?c=d");
  EXPECT_EQ(out.request.path, "/a/b");
  EXPECT_EQ(out.request.query, "c=d");
  EXPECT_EQ(out.request.header("x-mixed-case"), "V");
  EXPECT_EQ(out.request.body, "abc");
}

TEST(HttpParse, Limits) {
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nX: " + std::string(300, 'a') + "\r\n\r\n", small())
                .status,
            431);
  EXPECT_EQ(parse_request("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n", small()).status, 413);
  EXPECT_EQ(parse_request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                          "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n",
                          small())
                .status,
            413);
}

TEST(HttpParse, MalformedAndIncomplete) {
  EXPECT_EQ(parse_request("GET / HTTP/1.1\r\nno colon here\r\n\r\n", small()).status, 400);
  EXPECT_EQ(parse_request("\x01\x02garbage\r\n\r\n", small()).status, 400);
  auto partial = parse_request("GET / HTTP/1.1\r\nHost:", small());
  EXPECT_FALSE(partial.complete);
  EXPECT_EQ(partial.status, 0);
  auto short_body = parse_request("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab", small());
  EXPECT_FALSE(short_body.complete);
  EXPECT_FALSE(parse_request("", small()).complete);
}

}  // namespace
}  // namespace latchkey::http
