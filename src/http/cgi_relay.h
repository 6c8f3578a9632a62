// Internal to src/http: runs a CgiJob for one request on a connection
// (message.h documents the behaviour): spools the deferred body, starts the
// program, relays its output with chunked encoding, enforces the time limit,
// kills the program's process group when the client goes away, reaps it.
// Also the per-request facts the session and the relay share.
// Thread safety: runs on the connection's strand only.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "http/connection.h"
#include "http/message.h"
#include "http/wire.h"

namespace latchkey::http::detail {

using PlainStream = boost::beast::tcp_stream;
using TlsStream = boost::beast::ssl_stream<boost::beast::tcp_stream>;

// What the session remembers of a request after handing it to the handler.
struct RequestMeta {
  std::string method;
  std::string target;
  std::string user_agent;
  unsigned version = 11;
  bool keep_alive = true;  // what the client asked for
  bool head = false;
  bool expects_continue = false;
  std::chrono::steady_clock::time_point start;  // header read
  std::string request_id;  // assigned when the header is read (Request::id)
};

RequestMeta request_meta(const wire::BeastRequest& header);

struct RelayOutcome {
  bool keep_alive = false;
  int error_status = 0;    // nothing was sent: the session answers this status
  int status = 0;          // the status sent, for the access log
  std::size_t bytes = 0;   // response body bytes sent
  std::string request_id;  // the handler's Request-Id header, if any
};

// `parser` holds the request header (its body, if any, unread); `extra` is the
// handler's Response (its headers are added to the program's).
template <class Stream>
boost::asio::awaitable<RelayOutcome> relay_cgi(ServerContext& ctx, std::shared_ptr<Connection> conn,
                                               Stream& stream, boost::beast::flat_buffer& buffer,
                                               wire::RequestParser& parser, CgiJob& job,
                                               Response& extra, const RequestMeta& meta);

extern template boost::asio::awaitable<RelayOutcome> relay_cgi<PlainStream>(
    ServerContext&, std::shared_ptr<Connection>, PlainStream&, boost::beast::flat_buffer&, wire::RequestParser&,
    CgiJob&, Response&, const RequestMeta&);
extern template boost::asio::awaitable<RelayOutcome> relay_cgi<TlsStream>(
    ServerContext&, std::shared_ptr<Connection>, TlsStream&, boost::beast::flat_buffer&, wire::RequestParser&,
    CgiJob&, Response&, const RequestMeta&);

}  // namespace latchkey::http::detail
