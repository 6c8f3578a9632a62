// Small assertion helpers for store tests: outcome(r) renders a Result as
// "ok" or "<code>[:<resource>]" so failures read like the contract.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/result.h"

namespace latchkey::store::testing {

inline std::string code_name(ErrorCode c) {
  switch (c) {
    case ErrorCode::kBadRequest: return "bad_request";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kTwoFactor: return "two_factor";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kNotAcceptable: return "not_acceptable";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kGone: return "gone";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kRangeNotSatisfiable: return "range_not_satisfiable";
    case ErrorCode::kInvalidParams: return "invalid_params";
    case ErrorCode::kRateLimited: return "rate_limited";
    case ErrorCode::kThrottled: return "throttled";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

template <class T>
std::string outcome(const Result<T>& r) {
  if (r) return "ok";
  std::string s = code_name(r.error().code);
  if (!r.error().resource.empty()) s += ":" + r.error().resource;
  return s;
}

// For failure messages: the log-only detail of a failed Result.
template <class T>
std::string detail(const Result<T>& r) {
  return r ? std::string() : r.error().detail;
}

}  // namespace latchkey::store::testing

#define LK_ASSERT_OK(expr)                                                            \
  do {                                                                                \
    const auto& lk_result_ = (expr);                                                  \
    ASSERT_TRUE(lk_result_.has_value())                                               \
        << #expr << " -> " << ::latchkey::store::testing::outcome(lk_result_) << ": " \
        << ::latchkey::store::testing::detail(lk_result_);                            \
  } while (0)

#define LK_EXPECT_OK(expr)                                                            \
  do {                                                                                \
    const auto& lk_result_ = (expr);                                                  \
    EXPECT_TRUE(lk_result_.has_value())                                               \
        << #expr << " -> " << ::latchkey::store::testing::outcome(lk_result_) << ": " \
        << ::latchkey::store::testing::detail(lk_result_);                            \
  } while (0)
