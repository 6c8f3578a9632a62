// JSON request bodies and the typed field readers on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "api/body.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto object = latchkey::api::parse_body(body);
  if (!object) return 0;
  (void)latchkey::api::string_field(*object, "description");
  (void)latchkey::api::required_string(*object, "email");
  (void)latchkey::api::integer_field(*object, "expires_in");
  (void)latchkey::api::string_list_field(*object, "scope");
  return 0;
}
