// HttpTransport over libcurl: one easy handle reused for all requests (keeps
// the connection), http/https only, no redirects followed, no netrc lookup by
// libcurl, bounded response size and time.
// The process must call curl_global_init() once before constructing one.
// Thread safety: one thread per CurlTransport.
#pragma once

#include <cstddef>

#include "cli/api_client.h"

namespace latchkey::cli {

struct CurlLimits {
  long connect_timeout_seconds = 10;
  long total_timeout_seconds = 60;
  std::size_t max_body_bytes = std::size_t{16} * 1024 * 1024;
};

class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlLimits limits = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Outcome<HttpResponse> perform(const HttpRequest& request) override;

 private:
  void* curl_;  // CURL*
  CurlLimits limits_;
};

}  // namespace latchkey::cli
