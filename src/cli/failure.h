// How a CLI command fails, and the process exit code each kind maps to
// (the heroku CLI's convention: 2 for API errors, 100 when not logged in).
// Thread safety: plain value types.
#pragma once

#include <expected>
#include <string>

namespace latchkey::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitLocal = 1;          // usage, local I/O, connection, non-JSON HTTP errors
inline constexpr int kExitApi = 2;            // the server answered with a JSON error
inline constexpr int kExitNotLoggedIn = 100;  // no token stored

struct Failure {
  enum class Kind { kLocal, kApi, kNotLoggedIn };

  Kind kind = Kind::kLocal;
  std::string message;
  std::string id;        // Heroku error id, for kApi
  std::string resource;  // for 404s
  int status = 0;        // HTTP status, for kApi (and raw HTTP errors)

  static Failure local(std::string message) { return Failure{Kind::kLocal, std::move(message), {}, {}, 0}; }
  static Failure not_logged_in() { return Failure{Kind::kNotLoggedIn, "not logged in", {}, {}, 0}; }

  int exit_code() const {
    switch (kind) {
      case Kind::kApi: return kExitApi;
      case Kind::kNotLoggedIn: return kExitNotLoggedIn;
      case Kind::kLocal: break;
    }
    return kExitLocal;
  }
};

template <class T>
using Outcome = std::expected<T, Failure>;

inline std::unexpected<Failure> failed(Failure f) { return std::unexpected<Failure>(std::move(f)); }
inline std::unexpected<Failure> failed_local(std::string message) {
  return std::unexpected<Failure>(Failure::local(std::move(message)));
}

}  // namespace latchkey::cli
