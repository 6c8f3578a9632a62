// Delivery transports of alerts: an HTTP POST (webhooks) and SMTP (e-mail),
// both over libcurl (the CLI's curl code stays in src/cli). Behind an
// interface so the dispatcher's tests can record what would be sent.
// Outcome rules (docs/alerts.md): 2xx = delivered; network errors, timeouts,
// 5xx and 429 = retry later; any other status = give up (the receiver refuses).
// Thread safety: CurlSender may be used from several threads (a curl handle per call).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace latchkey::alerts {

struct SendResult {
  enum class Outcome { kDelivered, kRetry, kGiveUp };
  Outcome outcome = Outcome::kRetry;
  std::string error;  // for the delivery row and logs; never a secret
};

struct SmtpSettings {
  std::string url;  // smtp://host:port or smtps://host:port
  std::string from;
  std::string user;
  std::string password;
};

class Sender {
 public:
  virtual ~Sender() = default;
  virtual SendResult post(const std::string& url,
                          const std::vector<std::pair<std::string, std::string>>& headers,
                          const std::string& body) = 0;
  // `message` is a whole RFC 5322 message with CRLF line ends.
  virtual SendResult mail(const SmtpSettings& smtp, const std::string& to,
                          const std::string& message) = 0;
};

// HTTP status → outcome (exposed for tests).
SendResult::Outcome classify_http_status(long status);

class CurlSender final : public Sender {
 public:
  CurlSender();  // curl_global_init: construct on the main thread before others start
  SendResult post(const std::string& url,
                  const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& body) override;
  SendResult mail(const SmtpSettings& smtp, const std::string& to,
                  const std::string& message) override;
};

inline constexpr long kConnectTimeoutSeconds = 5;
inline constexpr long kTotalTimeoutSeconds = 10;

}  // namespace latchkey::alerts
