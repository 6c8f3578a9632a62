// Internal to src/http: the Beast-facing half of message.h. Converts between
// Beast messages and the transport-neutral Request/Response, configures
// parsers with the Limits, and builds the server's own JSON error responses.
// Thread safety: pure functions.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.h"
#include "http/server.h"

namespace latchkey::http::wire {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;
using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

// Heroku-style error ids for the responses the server produces itself.
inline constexpr std::string_view kBadRequest = "bad_request";
inline constexpr std::string_view kPayloadTooLarge = "payload_too_large";
inline constexpr std::string_view kHeaderTooLarge = "request_header_fields_too_large";
inline constexpr std::string_view kServiceUnavailable = "service_unavailable";
inline constexpr std::string_view kInternalError = "internal_server_error";
inline constexpr std::string_view kBadGateway = "bad_gateway";
inline constexpr std::string_view kGatewayTimeout = "gateway_timeout";
// Strict-Transport-Security on answers over TLS (RFC 6797), as the app's own.
inline constexpr std::string_view kHsts = "max-age=31536000; includeSubDomains";

// A fresh parser's header limit (→ 431). The body limit is set once the
// header is read, by limit_body: a deferred body (CgiJob) has its own.
void configure_parser(RequestParser& parser, const Limits& limits);

// After the header: caps the body at `max_bytes` (→ 413, checked against
// Content-Length before any body byte is read, and while de-chunking).
// Returns error::body_limit when the declared length is already over.
boost::system::error_code limit_body(RequestParser& parser, std::uint64_t max_bytes);

// The status the server answers a failed read with: 431, 413, 400, or 0 when
// the connection should just close (EOF, timeout, reset, cancellation).
int status_for_read_error(const boost::system::error_code& ec);

// True when a Transfer-Encoding other than exactly "chunked" arrived (e.g.
// "gzip, chunked", or two Transfer-Encoding fields): we decode no other coding,
// so such a body would be misread (RFC 9112 §6.1; request smuggling, S54).
bool unsupported_transfer_coding(const BeastRequest& request);

// True when the client asked for "100 Continue" before sending its body.
bool expects_continue(const BeastRequest& request);

// Moves a parsed message into a Request (header names lower-cased).
Request to_request(BeastRequest&& message, std::string remote_addr, bool secure);
// The header of a message as a Request with an empty body.
Request to_request_head(const BeastRequest& message, std::string remote_addr, bool secure);

// "/a/b?x=1" → path "/a/b" (never includes the query string).
std::string_view path_of(std::string_view target);

// A server-generated error: {"id":…,"message":…} with Content-Type JSON,
// Request-Id and Connection: close.
Response error_response(int status, std::string_view id, std::string_view message,
                        std::string request_id);
// The Response for a status the server itself produces
// (400/413/431/502/503/504, anything else 500).
Response error_for_status(int status, std::string request_id);

// Whether a handler's (or a CGI program's) header may go on the wire: a token
// name, no CR/LF/NUL in the value, and not one the server owns
// (Content-Length, Transfer-Encoding, Connection).
bool is_sendable_header(std::string_view name, std::string_view value);

// True when the handler asked to close: Response::close or "Connection: close".
bool asks_close(const Response& response);

// Serialises a handler's Response for the wire: status sanitised, headers the
// server owns (Content-Length, Transfer-Encoding, Connection) dropped, headers
// with CR/LF/NUL dropped (no response splitting), body omitted for HEAD.
BeastResponse to_beast_response(Response&& response, unsigned version, bool keep_alive,
                                bool head_request);

}  // namespace latchkey::http::wire
