#include "cli/api_client.h"

#include <sodium.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "cli/netrc.h"

namespace latchkey::cli {
namespace {

namespace json = boost::json;

// A server that keeps announcing pages is a bug; stop rather than loop.
constexpr int kMaxPages = 1000;

std::optional<json::value> parse_json(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return std::nullopt;
  return v;
}

std::string string_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return (v != nullptr && v->is_string()) ? std::string(v->get_string()) : std::string();
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const Header& h : headers) {
    if (equals_ignore_case(h.name, name)) return h.value;
  }
  return std::nullopt;
}

ApiClient::ApiClient(HttpTransport& transport, std::string base_url, Secret token)
    : transport_(transport), base_url_(std::move(base_url)), token_(std::move(token)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
}

Outcome<HttpResponse> ApiClient::send(std::string_view method, std::string_view path,
                                      const CallOptions& options, const std::optional<std::string>& range) {
  HttpRequest req;
  req.method = std::string(method);
  req.url = base_url_ + std::string(path);
  req.headers.push_back({"Accept", std::string(kAcceptV3)});
  req.headers.push_back({"User-Agent", std::string(kUserAgent)});
  if (options.authorization) {
    req.headers.push_back({"Authorization", std::string(options.authorization->reveal())});
  } else if (!token_.empty()) {
    req.headers.push_back({"Authorization", "Bearer " + std::string(token_.reveal())});
  }
  if (options.body) {
    req.headers.push_back({"Content-Type", "application/json"});
    req.body = json::serialize(*options.body);
  } else if (options.form) {
    req.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    req.body = *options.form;
  }
  if (range) req.headers.push_back({"Range", *range});
  for (const Header& h : options.headers) req.headers.push_back(h);
  auto response = transport_.perform(req);
  for (Header& h : req.headers) {  // do not leave credentials in freed memory
    if (equals_ignore_case(h.name, "Authorization")) sodium_memzero(h.value.data(), h.value.size());
  }
  return response;
}

Failure ApiClient::error_from(const HttpResponse& response, std::string_view method,
                              std::string_view url) const {
  auto body = parse_json(response.body);
  if (body && body->is_object()) {
    const json::object& o = body->get_object();
    std::string message = string_field(o, "message");
    if (!message.empty()) {
      return Failure{Failure::Kind::kApi, std::move(message), string_field(o, "id"),
                     string_field(o, "resource"), response.status};
    }
  }
  Failure f = Failure::local("HTTP Error " + std::to_string(response.status) + " for " + std::string(method) +
                             " " + std::string(url));
  f.status = response.status;
  return f;
}

Outcome<json::value> ApiClient::call(std::string_view method, std::string_view path, const CallOptions& options) {
  auto response = send(method, path, options, std::nullopt);
  if (!response) return failed(std::move(response.error()));
  if (response->status < 200 || response->status > 299) {
    return failed(error_from(*response, method, base_url_ + std::string(path)));
  }
  if (response->body.empty()) return json::value(nullptr);
  auto body = parse_json(response->body);
  if (!body) return failed_local("the server sent a response that is not JSON");
  return std::move(*body);
}

Outcome<HttpResponse> ApiClient::exchange(std::string_view method, std::string_view path,
                                          const CallOptions& options) {
  return send(method, path, options, std::nullopt);
}

Outcome<json::array> ApiClient::list(std::string_view path) {
  json::array all;
  std::optional<std::string> range;
  for (int page = 0; page < kMaxPages; ++page) {
    auto response = send("GET", path, {}, range);
    if (!response) return failed(std::move(response.error()));
    if (response->status < 200 || response->status > 299) {
      return failed(error_from(*response, "GET", base_url_ + std::string(path)));
    }
    auto body = parse_json(response->body);
    if (!body || !body->is_array()) return failed_local("the server sent a list that is not a JSON array");
    for (json::value& v : body->get_array()) all.push_back(std::move(v));
    std::optional<std::string> next = response->header("Next-Range");
    if (!next || next->empty() || next == range) return all;
    range = std::move(next);
  }
  return failed_local("the server announced more than " + std::to_string(kMaxPages) + " pages");
}

Secret basic_authorization(std::string_view user, std::string_view password) {
  std::string plain;
  plain.reserve(user.size() + 1 + password.size());
  plain.append(user).append(":").append(password);
  std::string encoded(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_ORIGINAL);
  encoded.resize(std::char_traits<char>::length(encoded.c_str()));
  sodium_memzero(plain.data(), plain.size());
  Secret out("Basic " + encoded);
  sodium_memzero(encoded.data(), encoded.size());
  return out;
}

}  // namespace latchkey::cli
