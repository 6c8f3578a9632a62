#include "http/wire.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <cstdint>
#include <limits>

#include "http/access_log.h"
#include "http/header_text.h"

namespace latchkey::http::wire {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace {

using detail::iequals_ascii;
using detail::is_token;

// Field values may not carry CR, LF or NUL (RFC 9110 §5.5); a handler echoing
// user input into a header must not be able to split the response.
bool is_safe_value(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool server_owned(std::string_view name) {
  return iequals_ascii(name, "content-length") || iequals_ascii(name, "transfer-encoding") ||
         iequals_ascii(name, "connection");
}

bool has_no_body(int status) { return status < 200 || status == 204 || status == 304; }

}  // namespace

void configure_parser(RequestParser& parser, const Limits& limits) {
  constexpr std::size_t kMaxHeader = std::numeric_limits<std::uint32_t>::max();
  parser.header_limit(static_cast<std::uint32_t>(std::min(limits.header_bytes, kMaxHeader)));
  parser.body_limit(boost::none);
}

boost::system::error_code limit_body(RequestParser& parser, std::uint64_t max_bytes) {
  if (const auto declared = parser.content_length(); declared && *declared > max_bytes)
    return bhttp::error::body_limit;
  parser.body_limit(max_bytes);
  return {};
}

int status_for_read_error(const boost::system::error_code& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return 0;
  switch (static_cast<bhttp::error>(ec.value())) {
    case bhttp::error::end_of_stream:    // clean close between requests
    case bhttp::error::partial_message:  // client went away mid-request
    case bhttp::error::short_read:
      return 0;
    default:
      return 400;
  }
}

bool unsupported_transfer_coding(const BeastRequest& request) {
  std::size_t fields = 0;
  bool chunked_only = true;
  for (const auto& field : request) {
    if (field.name() != bhttp::field::transfer_encoding) continue;
    ++fields;
    std::string_view v = field.value();
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
    chunked_only = chunked_only && iequals_ascii(v, "chunked");
  }
  return fields > 0 && (fields > 1 || !chunked_only);
}

bool expects_continue(const BeastRequest& request) {
  if (request.version() < 11) return false;
  const auto it = request.find(bhttp::field::expect);
  return it != request.end() && iequals_ascii(it->value(), "100-continue");
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

Request to_request(BeastRequest&& message, std::string remote_addr, bool secure) {
  Request r = to_request_head(message, std::move(remote_addr), secure);
  r.body = std::move(message.body());
  return r;
}

Request to_request_head(const BeastRequest& message, std::string remote_addr, bool secure) {
  Request r;
  r.method = std::string(message.method_string());
  r.target = std::string(message.target());
  const auto q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  r.headers.reserve(std::distance(message.begin(), message.end()));
  for (const auto& field : message) {
    std::string name(field.name_string());
    std::transform(name.begin(), name.end(), name.begin(), detail::ascii_lower);
    r.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  r.remote_addr = std::move(remote_addr);
  r.secure = secure;
  return r;
}

Response error_response(int status, std::string_view id, std::string_view message,
                        std::string request_id) {
  Response r;
  r.status = status;
  r.body = "{\"id\":";
  append_json_string(r.body, id);
  r.body += ",\"message\":";
  append_json_string(r.body, message);
  r.body += '}';
  // The same security headers as the application's own answers (S24).
  r.set("Content-Type", "application/json; charset=utf-8");
  r.set("X-Content-Type-Options", "nosniff");
  r.set("Cache-Control", "no-store");
  r.set("Request-Id", std::move(request_id));
  r.close = true;
  return r;
}

Response error_for_status(int status, std::string request_id) {
  switch (status) {
    case 400:
      return error_response(400, kBadRequest, "The request could not be parsed as HTTP/1.1.",
                            std::move(request_id));
    case 413:
      return error_response(413, kPayloadTooLarge, "The request body is too large.",
                            std::move(request_id));
    case 431:
      return error_response(431, kHeaderTooLarge, "The request header fields are too large.",
                            std::move(request_id));
    case 502:
      return error_response(502, kBadGateway, "The program answering this request failed.",
                            std::move(request_id));
    case 504:
      return error_response(504, kGatewayTimeout,
                            "The program answering this request ran out of time.",
                            std::move(request_id));
    case 503: {
      auto r = error_response(503, kServiceUnavailable,
                              "The server is handling too many connections; retry shortly.",
                              std::move(request_id));
      r.set("Retry-After", "1");
      return r;
    }
    default:
      return error_response(500, kInternalError, "Internal server error.", std::move(request_id));
  }
}

bool is_sendable_header(std::string_view name, std::string_view value) {
  return is_token(name) && is_safe_value(value) && !server_owned(name);
}

bool asks_close(const Response& response) {
  if (response.close) return true;
  for (const auto& [name, value] : response.headers)
    if (iequals_ascii(name, "connection") && iequals_ascii(value, "close")) return true;
  return false;
}

BeastResponse to_beast_response(Response&& response, unsigned version, bool keep_alive,
                                bool head_request) {
  const int status = (response.status < 200 || response.status > 599) ? 500 : response.status;
  BeastResponse out;
  out.version(version);
  out.result(static_cast<unsigned>(status));
  for (auto& [name, value] : response.headers) {
    if (!is_sendable_header(name, value)) continue;
    out.insert(beast::string_view(name), beast::string_view(value));
  }
  out.keep_alive(keep_alive);
  if (has_no_body(status)) return out;  // no body, no Content-Length
  out.content_length(response.body.size());
  // HEAD: the same Content-Length a GET would get, but no body (RFC 9110 §9.3.2).
  if (!head_request) out.body() = std::move(response.body);
  return out;
}

}  // namespace latchkey::http::wire
