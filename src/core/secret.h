// A secret value (password, token, key): never printed, zeroed when destroyed,
// compared only in constant time (STYLE.md principle 10).
// Thread safety: plain value type.
#pragma once

#include <string>
#include <string_view>

namespace latchkey {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}
  Secret(const Secret&) = default;
  Secret& operator=(const Secret&) = default;
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  ~Secret();

  // Access is explicit and greppable.
  std::string_view reveal() const { return value_; }
  bool empty() const { return value_.empty(); }
  std::size_t size() const { return value_.size(); }

  // Constant-time for equal lengths; different lengths compare unequal.
  bool equals(std::string_view other) const;

 private:
  void wipe();
  std::string value_;
};

// Constant-time comparison of two byte strings (sodium_memcmp).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace latchkey
