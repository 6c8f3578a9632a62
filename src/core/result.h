// Result<T> = std::expected<T, Error>: every fallible function returns one.
// Use `return fail(error)` for the error path; `Status` is Result<void>.
// Thread safety: plain value types.
#pragma once

#include <expected>

#include "core/error.h"

namespace latchkey {

template <class T>
using Result = std::expected<T, Error>;
using Status = Result<void>;

inline std::unexpected<Error> fail(Error e) { return std::unexpected<Error>(std::move(e)); }
inline std::unexpected<Error> fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error(code, std::move(message)));
}

}  // namespace latchkey
