#include "alerts/sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace latchkey::alerts {
namespace {

struct CurlFree {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistFree {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

extern "C" std::size_t discard_body(char*, std::size_t size, std::size_t count, void*) {
  return size * count;  // the receiver's answer is not needed, only its status
}

struct Upload {
  const std::string* data;
  std::size_t offset = 0;
};

extern "C" std::size_t read_upload(char* buf, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->data->size() - up->offset);
  // Bytes for libcurl's buffer, not a C string.
  std::memcpy(buf, up->data->data() + up->offset, n);  // NOLINT(bugprone-not-null-terminated-result)
  up->offset += n;
  return n;
}

void common_options(CURL* c, char* error_buffer) {
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, kTotalTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_IGNORED));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
}

std::string curl_error(CURLcode rc, const char* buffer) {
  return std::string(curl_easy_strerror(rc)) + (buffer[0] ? std::string(": ") + buffer : "");
}

}  // namespace

SendResult::Outcome classify_http_status(long status) {
  if (status >= 200 && status < 300) return SendResult::Outcome::kDelivered;
  if (status >= 500 || status == 429 || status == 408 || status == 0)
    return SendResult::Outcome::kRetry;
  return SendResult::Outcome::kGiveUp;
}

CurlSender::CurlSender() { curl_global_init(CURL_GLOBAL_DEFAULT); }

SendResult CurlSender::post(const std::string& url,
                            const std::vector<std::pair<std::string, std::string>>& headers,
                            const std::string& body) {
  std::unique_ptr<CURL, CurlFree> c(curl_easy_init());
  if (!c) return {SendResult::Outcome::kRetry, "could not initialise libcurl"};
  char error_buffer[CURL_ERROR_SIZE] = {0};
  std::unique_ptr<curl_slist, SlistFree> list;
  curl_slist* raw = nullptr;
  for (const auto& [name, value] : headers) raw = curl_slist_append(raw, (name + ": " + value).c_str());
  raw = curl_slist_append(raw, "Expect:");
  list.reset(raw);
  common_options(c.get(), error_buffer);
  curl_easy_setopt(c.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(c.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c.get(), CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(c.get(), CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c.get(), CURLOPT_USERAGENT, "Latchkey-Alerts/1");
  curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, discard_body);
  const CURLcode rc = curl_easy_perform(c.get());
  if (rc != CURLE_OK) {
    // A URL curl cannot even use will not get better by retrying.
    const bool permanent = rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
    return {permanent ? SendResult::Outcome::kGiveUp : SendResult::Outcome::kRetry,
            curl_error(rc, error_buffer)};
  }
  long status = 0;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &status);
  const auto outcome = classify_http_status(status);
  return {outcome, outcome == SendResult::Outcome::kDelivered ? std::string()
                                                              : "HTTP " + std::to_string(status)};
}

SendResult CurlSender::mail(const SmtpSettings& smtp, const std::string& to,
                            const std::string& message) {
  std::unique_ptr<CURL, CurlFree> c(curl_easy_init());
  if (!c) return {SendResult::Outcome::kRetry, "could not initialise libcurl"};
  char error_buffer[CURL_ERROR_SIZE] = {0};
  std::unique_ptr<curl_slist, SlistFree> rcpt(curl_slist_append(nullptr, ("<" + to + ">").c_str()));
  Upload upload{&message};
  common_options(c.get(), error_buffer);
  curl_easy_setopt(c.get(), CURLOPT_URL, smtp.url.c_str());
  curl_easy_setopt(c.get(), CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // smtp://: STARTTLS when the server offers it; smtps:// is TLS from the start.
  curl_easy_setopt(c.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
  if (!smtp.user.empty()) {
    curl_easy_setopt(c.get(), CURLOPT_USERNAME, smtp.user.c_str());
    curl_easy_setopt(c.get(), CURLOPT_PASSWORD, smtp.password.c_str());
  }
  curl_easy_setopt(c.get(), CURLOPT_MAIL_FROM, ("<" + smtp.from + ">").c_str());
  curl_easy_setopt(c.get(), CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c.get(), CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c.get(), CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c.get(), CURLOPT_READDATA, &upload);
  curl_easy_setopt(c.get(), CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  const CURLcode rc = curl_easy_perform(c.get());
  if (rc == CURLE_OK) return {SendResult::Outcome::kDelivered, {}};
  long reply = 0;
  curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &reply);
  // SMTP 5xx is permanent (bad recipient, refused sender); 4xx and network errors retry.
  const bool permanent = (reply >= 500 && reply < 600) || rc == CURLE_LOGIN_DENIED ||
                         rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
  return {permanent ? SendResult::Outcome::kGiveUp : SendResult::Outcome::kRetry,
          curl_error(rc, error_buffer)};
}

}  // namespace latchkey::alerts
