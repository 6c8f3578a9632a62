// HTML pages from the ctemplate templates embedded in the binary
// (src/web/templates/*.tpl). Every template starts with
// {{%AUTOESCAPE context="HTML"}}, so each variable is escaped for where it
// stands (text, attribute, URL attribute) unless the template says otherwise;
// the unescaped variables are the layout's BODY, which holds HTML this class
// rendered itself, and the MFA setup page's QR_SVG (core/qr_code.h: qr_svg()
// draws only a path from the module matrix, safe to inline).
//
// Template names are file names without ".tpl": "login", "consent", ... Each
// template documents its dictionary at its top. Callers fill a
// ctemplate::TemplateDictionary and call render_page(), which renders the page
// and wraps it in "layout" (header with the signed-in account and a sign-out
// form, flash message, footer).
//
// Thread safety: the constructor parses every template into a private
// ctemplate::TemplateCache (no global ctemplate state) and freezes it; after
// that render() and render_page() are const and may run concurrently from any
// number of threads: ExpandNoLoad() on a frozen cache never loads or changes
// it, and ctemplate (the threaded libctemplate) guards the cache with its own
// lock. Dictionaries are per call and not shared. Build one Templates at
// startup and share it by reference.
#pragma once

#include <cstring>  // ctemplate/str_ref.h uses strlen without including it
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ctemplate/template_dictionary.h>

namespace ctemplate {
class TemplateCache;
}

namespace latchkey::web {

struct Flash {
  enum class Kind { kNotice, kError };
  Kind kind = Kind::kNotice;
  std::string message;
};

// What the layout around a page shows.
struct Frame {
  std::string title{};                   // <title> only; pages have their own <h1>
  std::optional<std::string> account{};  // signed-in email: header shows it and a sign-out form
  std::string csrf{};                    // the session's CSRF token, for the sign-out form
  std::optional<Flash> flash{};
  std::string nav{};  // current dashboard section ("account", "mfa", ...); "" = no dashboard navigation
};

class Templates {
 public:
  // Parses every embedded template. Throws std::runtime_error naming the
  // template when one does not parse (startup only; tests catch it too).
  Templates();
  ~Templates();
  Templates(const Templates&) = delete;
  Templates& operator=(const Templates&) = delete;

  // Names of the loaded templates, sorted ("layout", "login", ...).
  const std::vector<std::string>& names() const { return names_; }
  bool has(std::string_view name) const;

  // The template expanded with `dict`. An unknown name is a programming
  // error: it asserts in debug builds and yields an empty string otherwise.
  std::string render(std::string_view name, const ctemplate::TemplateDictionary& dict) const;

  // render(name, page) placed into "layout" with `frame`.
  std::string render_page(std::string_view name, const ctemplate::TemplateDictionary& page,
                          const Frame& frame) const;

 private:
  std::unique_ptr<ctemplate::TemplateCache> cache_;
  std::vector<std::string> names_;
};

}  // namespace latchkey::web
