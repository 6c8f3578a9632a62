// The CGI header-block parser (RFC 3875 §6): what the server accepts from a
// program before relaying its body, and what it refuses with 502.
#include "http/cgi_headers.h"

#include <gtest/gtest.h>

namespace latchkey::http {
namespace {
using State = CgiHead::State;

TEST(CgiHeaders, StatusContentTypeAndBodyOffset) {
  const std::string out =
      "Status: 201 Created\r\nContent-Type: application/x-git-upload-pack-advertisement\r\n"
      "Cache-Control: no-cache\r\n\r\nBODY";
  const auto h = parse_cgi_headers(out);
  ASSERT_EQ(h.state, State::kComplete) << h.problem;
  EXPECT_EQ(h.status, 201);
  ASSERT_EQ(h.headers.size(), 2u);
  EXPECT_EQ(h.headers[0].first, "Content-Type");
  EXPECT_EQ(h.headers[0].second, "application/x-git-upload-pack-advertisement");
  EXPECT_EQ(out.substr(h.body_offset), "BODY");
}

TEST(CgiHeaders, BareNewlinesAndDefaultStatus) {
  const auto h = parse_cgi_headers("Content-Type: text/plain\n\nhello");
  ASSERT_EQ(h.state, State::kComplete);
  EXPECT_EQ(h.status, 200);
  EXPECT_EQ(h.body_offset, std::string("Content-Type: text/plain\n\n").size());
}

TEST(CgiHeaders, ValuesAreTrimmedAndStatusNameIsCaseInsensitive) {
  const auto h = parse_cgi_headers("status:   404 Not Found \r\nX-A:\tv \r\n\r\n");
  ASSERT_EQ(h.state, State::kComplete);
  EXPECT_EQ(h.status, 404);
  ASSERT_EQ(h.headers.size(), 1u);
  EXPECT_EQ(h.headers[0].second, "v");
}

TEST(CgiHeaders, AbsoluteLocationWithoutStatusIsA302) {
  const auto h = parse_cgi_headers("Location: https://example.com/x\r\n\r\n");
  ASSERT_EQ(h.state, State::kComplete);
  EXPECT_EQ(h.status, 302);
}

TEST(CgiHeaders, IncompleteUntilTheEmptyLine) {
  EXPECT_EQ(parse_cgi_headers("").state, State::kIncomplete);
  EXPECT_EQ(parse_cgi_headers("Content-Type: text/plain\r\n").state, State::kIncomplete);
  EXPECT_EQ(parse_cgi_headers("Content-Type: text/pl").state, State::kIncomplete);
  EXPECT_EQ(parse_cgi_headers("Content-Type: text/plain\r\n\r").state, State::kIncomplete);
}

TEST(CgiHeaders, BlockOverTheLimitIsInvalid) {
  const std::string big = "X-Big: " + std::string(200, 'a') + "\r\n";
  EXPECT_EQ(parse_cgi_headers(big, 100).state, State::kInvalid);
  EXPECT_EQ(parse_cgi_headers(big + "\r\n", 100).state, State::kInvalid);
  EXPECT_EQ(parse_cgi_headers(big + "\r\n", 1000).state, State::kComplete);
}

TEST(CgiHeaders, TooManyFieldsIsInvalid) {
  std::string out;
  for (std::size_t i = 0; i <= kMaxCgiHeaderFields; ++i) out += "X-" + std::to_string(i) + ": v\n";
  EXPECT_EQ(parse_cgi_headers(out + "\n").state, State::kInvalid);
}

TEST(CgiHeaders, MalformedBlocksAreInvalid) {
  for (const char* bad : {
           "\r\nbody",                          // no field at all
           "no colon here\r\n\r\n",             // not a field
           "Bad Name: x\r\n\r\n",               // space in the name
           ": x\r\n\r\n",                       // empty name
           "X-A: a\r\n folded\r\n\r\n",         // obsolete line folding
           "X-A: a\x01b\r\n\r\n",               // control character
           "Status: 99 Odd\r\n\r\n",            // not three digits
           "Status: 100 Continue\r\n\r\n",      // interim status
           "Status: 600 Nope\r\n\r\n",          // out of range
           "Status: 2OO OK\r\n\r\n",            // not digits
           "Status: 200OK\r\n\r\n",             // no space after the code
           "Status: 200\r\nStatus: 500\r\n\r\n",  // twice
           "Location: /local/path\r\n\r\n",     // local redirect
       }) {
    const auto h = parse_cgi_headers(bad);
    EXPECT_EQ(h.state, State::kInvalid) << bad;
    EXPECT_FALSE(h.problem.empty()) << bad;
  }
}

TEST(CgiHeaders, StatusAloneIsEnough) {
  const auto h = parse_cgi_headers("Status: 204 No Content\r\n\r\n");
  ASSERT_EQ(h.state, State::kComplete);
  EXPECT_EQ(h.status, 204);
  EXPECT_TRUE(h.headers.empty());
}

}  // namespace
}  // namespace latchkey::http
