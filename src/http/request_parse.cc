#include "http/request_parse.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>

#include "http/wire.h"

namespace latchkey::http {
namespace bhttp = boost::beast::http;

namespace {

// Feeds bytes to the parser until `done(parser)` or an error; returns the
// number of bytes consumed. Mirrors what async_read_header/async_read do.
template <class Done>
std::size_t feed(wire::RequestParser& parser, std::string_view bytes,
                 boost::system::error_code& ec, Done done) {
  std::size_t used = 0;
  while (!done(parser) && used < bytes.size()) {
    const std::size_t n = parser.put(
        boost::asio::const_buffer(bytes.data() + used, bytes.size() - used), ec);
    used += n;
    if (ec == bhttp::error::need_more) {
      // The parser wants more than the rest of the input holds.
      ec = {};
      break;
    }
    if (ec) break;
    if (n == 0) break;  // no progress without more input
  }
  return used;
}

}  // namespace

ParseOutcome parse_request(std::string_view bytes, const Limits& limits) {
  ParseOutcome out;
  wire::RequestParser parser;
  wire::configure_parser(parser, limits);
  boost::system::error_code ec;

  // Header first, as the server does: limits on the header and the declared
  // Content-Length are enforced before any body byte is looked at.
  const std::size_t used =
      feed(parser, bytes, ec, [](const wire::RequestParser& p) { return p.is_header_done(); });
  if (!ec && parser.is_header_done()) ec = wire::limit_body(parser, limits.body_bytes);
  if (!ec && parser.is_header_done())
    feed(parser, bytes.substr(used), ec, [](const wire::RequestParser& p) { return p.is_done(); });

  if (ec) {
    out.status = wire::status_for_read_error(ec);
    return out;
  }
  if (!parser.is_done()) return out;  // input ended early; the server would wait
  out.complete = true;
  out.request = wire::to_request(parser.release(), "", false);
  return out;
}

}  // namespace latchkey::http
