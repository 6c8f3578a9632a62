// The Latchkey Platform API (Heroku v3 conventions) as seen from the CLI:
// every request carries the v3 Accept header, the CLI User-Agent and the
// Bearer token; JSON error bodies become Failures; list endpoints are
// followed through `Next-Range` pages.
//
// HTTP itself goes through an HttpTransport (libcurl in production, a fake in
// tests), so this class never touches the network directly.
// Thread safety: an ApiClient and its transport are used by one thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "cli/failure.h"
#include "core/secret.h"

namespace latchkey::cli {

inline constexpr std::string_view kAcceptV3 = "application/vnd.heroku+json; version=3";
inline constexpr std::string_view kUserAgent = "latchkey-cli/0.1.0";
inline constexpr std::string_view kTwoFactorHeader = "Heroku-Two-Factor-Code";
inline constexpr std::string_view kLoginSessionHeader = "Latchkey-Login-Session";

struct Header {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method;
  std::string url;
  std::vector<Header> headers;
  std::optional<std::string> body;
};

struct HttpResponse {
  int status = 0;
  std::vector<Header> headers;
  std::string body;

  // First header with that name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  // Fails only when no HTTP response arrived (connection refused, timeout...).
  virtual Outcome<HttpResponse> perform(const HttpRequest& request) = 0;
};

struct CallOptions {
  std::optional<boost::json::value> body;
  std::vector<Header> headers;
  // Replaces the Bearer token, e.g. "Basic ..." for the password login.
  std::optional<Secret> authorization;
  // An application/x-www-form-urlencoded body instead of `body` (the OAuth endpoints).
  std::optional<std::string> form;
};

// Options carrying just a JSON body.
inline CallOptions with_body(boost::json::value body) {
  CallOptions o;
  o.body = std::move(body);
  return o;
}

class ApiClient {
 public:
  // `base_url` without a trailing slash; `token` may be empty (no header).
  ApiClient(HttpTransport& transport, std::string base_url, Secret token);

  // One request; a 2xx JSON body (or null when empty) or a Failure.
  Outcome<boost::json::value> call(std::string_view method, std::string_view path,
                                   const CallOptions& options = {});

  // One request, whatever the status: for endpoints whose errors are not
  // Heroku's {"id","message"} (OAuth's {"error"}, the CLI login poll).
  Outcome<HttpResponse> exchange(std::string_view method, std::string_view path, const CallOptions& options = {});

  // GET of a list, concatenating every page announced by `Next-Range`.
  Outcome<boost::json::array> list(std::string_view path);

  const std::string& base_url() const { return base_url_; }

 private:
  Outcome<HttpResponse> send(std::string_view method, std::string_view path, const CallOptions& options,
                             const std::optional<std::string>& range);
  Failure error_from(const HttpResponse& response, std::string_view method, std::string_view url) const;

  HttpTransport& transport_;
  std::string base_url_;
  Secret token_;
};

// "Basic base64(user:password)".
Secret basic_authorization(std::string_view user, std::string_view password);

}  // namespace latchkey::cli
