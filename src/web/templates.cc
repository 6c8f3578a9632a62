#include "web/templates.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>

#include <ctemplate/template_cache.h>

#include "web/embedded.h"

namespace latchkey::web {
namespace {

constexpr std::string_view kTemplateDir = "templates/";
constexpr std::string_view kTemplateSuffix = ".tpl";
// Blank lines go; indentation stays (a <pre> or <textarea> keeps its text).
constexpr ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;

ctemplate::TemplateString ts(std::string_view s) { return {s.data(), s.size()}; }

}  // namespace

Templates::Templates() : cache_(std::make_unique<ctemplate::TemplateCache>()) {
  for (const EmbeddedFile& file : embedded_files()) {
    if (!file.name.starts_with(kTemplateDir) || !file.name.ends_with(kTemplateSuffix)) continue;
    std::string name(file.name.substr(
        kTemplateDir.size(), file.name.size() - kTemplateDir.size() - kTemplateSuffix.size()));
    if (!cache_->StringToTemplateCache(ts(name), ts(file.text()), kStrip))
      throw std::runtime_error("template " + std::string(file.name) + " does not parse");
    names_.push_back(std::move(name));
  }
  std::sort(names_.begin(), names_.end());
  // From here on nothing is loaded or reloaded, which is what makes concurrent
  // ExpandNoLoad() safe.
  cache_->Freeze();
}

Templates::~Templates() = default;

bool Templates::has(std::string_view name) const {
  return std::binary_search(names_.begin(), names_.end(), name);
}

std::string Templates::render(std::string_view name,
                              const ctemplate::TemplateDictionary& dict) const {
  std::string out;
  if (!has(name) || !cache_->ExpandNoLoad(ts(name), kStrip, &dict, nullptr, &out)) {
    assert(false && "unknown template or failed expansion");
    return {};
  }
  return out;
}

std::string Templates::render_page(std::string_view name, const ctemplate::TemplateDictionary& page,
                                   const Frame& frame) const {
  ctemplate::TemplateDictionary layout("layout");
  layout.SetValue("TITLE", frame.title);
  layout.SetValue("BODY", render(name, page));
  if (frame.account) {
    auto* signed_in = layout.AddSectionDictionary("SIGNED_IN");
    signed_in->SetValue("EMAIL", *frame.account);
    signed_in->SetValue("CSRF", frame.csrf);
  }
  if (!frame.nav.empty()) {
    static constexpr std::pair<std::string_view, std::string_view> kSections[] = {
        {"account", "Account"},   {"mfa", "Security"},        {"authorizations", "Applications"},
        {"apps", "Apps"},         {"sessions", "Sessions"},   {"activity", "Activity"}};
    auto* nav = layout.AddSectionDictionary("NAV");
    for (const auto& [id, label] : kSections) {
      auto* item = nav->AddSectionDictionary("NAV_ITEM");
      item->SetValue("NAV_URL", "/dashboard/" + std::string(id));
      item->SetValue("NAV_LABEL", std::string(label));
      if (frame.nav == id) item->ShowSection("NAV_CURRENT");
    }
  }
  if (frame.flash) {
    const bool error = frame.flash->kind == Flash::Kind::kError;
    auto* flash = layout.AddSectionDictionary("FLASH");
    flash->SetValue("FLASH_KIND", error ? "error" : "notice");
    flash->SetValue("FLASH_ROLE", error ? "alert" : "status");
    flash->SetValue("FLASH_MESSAGE", frame.flash->message);
  }
  return render("layout", layout);
}

}  // namespace latchkey::web
