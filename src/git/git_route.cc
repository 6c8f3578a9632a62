#include "git/git_route.h"

#include <algorithm>

namespace latchkey::git {
namespace {

constexpr std::string_view kSuffix = ".git";
constexpr std::size_t kMaxAppLength = 64;

// App names are [a-z0-9-], ids are UUIDs; anything else cannot name an app.
bool plausible_app(std::string_view s) {
  return !s.empty() && s.size() <= kMaxAppLength &&
         std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-';
         });
}

// The value of `service=` in a query string (no percent-decoding: the only
// values that matter are plain tokens).
std::string_view service_param(std::string_view query) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.starts_with("service=")) return pair.substr(8);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

GitRoute method_not_allowed(std::string allow) {
  GitRoute r;
  r.kind = GitRoute::Kind::kMethodNotAllowed;
  r.allow = std::move(allow);
  return r;
}

}  // namespace

std::string_view service_name(GitService s) {
  return s == GitService::kReceivePack ? "git-receive-pack" : "git-upload-pack";
}

std::string_view GitRoute::rest() const {
  return advertisement ? std::string_view("info/refs") : service_name(service);
}

bool is_git_path(std::string_view path) {
  if (!path.starts_with('/')) return false;
  const std::string_view first = path.substr(1, path.find('/', 1) - 1);
  return first.size() > kSuffix.size() && first.ends_with(kSuffix);
}

GitRoute route_git_request(std::string_view method, std::string_view path, std::string_view query) {
  GitRoute r;
  if (!is_git_path(path)) return r;
  const std::size_t slash = path.find('/', 1);
  const std::string_view repo = path.substr(1, slash - 1);
  const std::string_view app = repo.substr(0, repo.size() - kSuffix.size());
  if (slash == std::string_view::npos || !plausible_app(app)) return r;
  const std::string_view rest = path.substr(slash + 1);
  if (rest == "info/refs") {
    const std::string_view svc = service_param(query);
    if (svc == "git-upload-pack") r.service = GitService::kUploadPack;
    else if (svc == "git-receive-pack") r.service = GitService::kReceivePack;
    else return r;  // a dumb-protocol client
    if (method != "GET") return method_not_allowed("GET");
    r.advertisement = true;
  } else if (rest == "git-upload-pack" || rest == "git-receive-pack") {
    r.service = rest == "git-upload-pack" ? GitService::kUploadPack : GitService::kReceivePack;
    if (method != "POST") return method_not_allowed("POST");
  } else {
    return r;
  }
  r.kind = GitRoute::Kind::kOk;
  r.app = std::string(app);
  return r;
}

}  // namespace latchkey::git
