#include "web/templates.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "web/embedded.h"

namespace latchkey::web {
namespace {

const Templates& templates() {
  static const Templates instance;
  return instance;
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Templates, LoadsEveryEmbeddedTemplate) {
  for (std::string_view name : {"layout", "login", "second_factor", "signup", "reauth", "consent",
                                "device", "cli_login", "message", "error"})
    EXPECT_TRUE(templates().has(name)) << name;
  std::size_t tpl_files = 0;
  for (const auto& file : embedded_files())
    if (file.name.starts_with("templates/")) ++tpl_files;
  EXPECT_EQ(templates().names().size(), tpl_files);
  EXPECT_FALSE(templates().has("missing"));
}

TEST(Templates, EveryTemplateRendersAsAPage) {
  for (const std::string& name : templates().names()) {
    ctemplate::TemplateDictionary dict(name);
    dict.SetValue("CSRF", "tok");
    dict.ShowSection("ENTER");
    dict.ShowSection("CONFIRM");
    const std::string page = templates().render_page(name, dict, Frame{.title = name});
    EXPECT_TRUE(contains(page, "<!DOCTYPE html>")) << name;
    EXPECT_TRUE(contains(page, "</html>")) << name;
    EXPECT_TRUE(contains(page, "<title>" + name + " · Latchkey</title>")) << name;
    EXPECT_FALSE(contains(page, "{{")) << name;
  }
}

TEST(Templates, EscapesVariables) {
  ctemplate::TemplateDictionary dict("message");
  dict.SetValue("HEADING", "<script>alert(1)</script>");
  dict.SetValue("MESSAGE", "a & \"b\" 'c'");
  auto* link = dict.AddSectionDictionary("LINK");
  link->SetValue("LINK_URL", "javascript:alert(1)");
  link->SetValue("LINK_TEXT", "x");
  const std::string html = templates().render_page(
      "message", dict, Frame{.title = "<b>t</b>", .account = "<i>@x", .csrf = "\"><script>"});
  EXPECT_FALSE(contains(html, "<script>alert(1)</script>"));
  EXPECT_TRUE(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(contains(html, "a &amp; &quot;b&quot; &#39;c&#39;"));
  EXPECT_FALSE(contains(html, "javascript:"));  // URL attributes are sanitised too
  EXPECT_TRUE(contains(html, "&lt;b&gt;t&lt;/b&gt;"));
  EXPECT_TRUE(contains(html, "&lt;i&gt;@x"));
  EXPECT_FALSE(contains(html, "\"><script>"));
}

TEST(Templates, FormFieldsEscapedInAttributes) {
  ctemplate::TemplateDictionary dict("login");
  dict.SetValue("ACTION", "/login");
  dict.SetValue("CSRF", "c");
  dict.SetValue("NEXT", "/x\" onfocus=\"alert(1)");
  dict.SetValue("EMAIL", "a@b.example");
  const std::string html = templates().render("login", dict);
  EXPECT_TRUE(contains(html, "value=\"/x&quot; onfocus=&quot;alert(1)\""));
  EXPECT_TRUE(contains(html, "autocomplete=\"username\""));
  EXPECT_TRUE(contains(html, "autocomplete=\"current-password\""));
  EXPECT_TRUE(contains(html, "action=\"/login\""));
}

TEST(Templates, LayoutCarriesSignOutCsrf) {
  ctemplate::TemplateDictionary dict("message");
  dict.SetValue("HEADING", "Hi");
  const std::string signed_in = templates().render_page(
      "message", dict, Frame{.title = "t", .account = "ann@example.com", .csrf = "csrf-123"});
  EXPECT_TRUE(contains(signed_in, "ann@example.com"));
  EXPECT_TRUE(contains(signed_in, "action=\"/logout\""));
  EXPECT_TRUE(contains(signed_in, "name=\"csrf\" value=\"csrf-123\""));

  const std::string anonymous = templates().render_page("message", dict, Frame{.title = "t"});
  EXPECT_FALSE(contains(anonymous, "/logout"));
  EXPECT_TRUE(contains(anonymous, "<h1>Hi</h1>"));  // body inserted unescaped
}

TEST(Templates, FlashMessage) {
  ctemplate::TemplateDictionary dict("message");
  Frame frame{.title = "t"};
  frame.flash = Flash{Flash::Kind::kError, "Wrong <password>"};
  const std::string html = templates().render_page("message", dict, frame);
  EXPECT_TRUE(contains(html, "class=\"flash flash-error\" role=\"alert\""));
  EXPECT_TRUE(contains(html, "Wrong &lt;password&gt;"));
  EXPECT_FALSE(contains(templates().render_page("message", dict, Frame{.title = "t"}), "flash-"));
}

TEST(Templates, ConsentListsScopesInOneForm) {
  ctemplate::TemplateDictionary dict("consent");
  dict.SetValue("CLIENT_NAME", "Acme <CI>");
  dict.SetValue("CSRF", "c1");
  dict.SetValue("REQUEST_ID", "r1");
  for (auto [name, text] :
       {std::pair{"read", "See your apps"}, std::pair{"write", "Change them"}}) {
    auto* scope = dict.AddSectionDictionary("SCOPE");
    scope->SetValue("SCOPE_NAME", name);
    scope->SetValue("SCOPE_DESCRIPTION", text);
  }
  const std::string html = templates().render("consent", dict);
  EXPECT_TRUE(contains(html, "Acme &lt;CI&gt;"));
  EXPECT_TRUE(contains(html, "<code>read</code> — See your apps"));
  EXPECT_TRUE(contains(html, "<code>write</code> — Change them"));
  EXPECT_TRUE(contains(html, "name=\"request_id\" value=\"r1\""));
  EXPECT_TRUE(contains(html, "value=\"approve\""));
  EXPECT_TRUE(contains(html, "value=\"deny\""));
  EXPECT_EQ(html.find("<form"), html.rfind("<form"));  // one form
}

TEST(Templates, DeviceViews) {
  ctemplate::TemplateDictionary enter("device");
  enter.AddSectionDictionary("ENTER")->SetValue("USER_CODE", "BCDF-GHJK");
  const std::string enter_html = templates().render("device", enter);
  EXPECT_TRUE(contains(enter_html, "value=\"BCDF-GHJK\""));
  EXPECT_FALSE(contains(enter_html, "device you control"));

  ctemplate::TemplateDictionary confirm("device");
  auto* section = confirm.AddSectionDictionary("CONFIRM");
  section->SetValue("REMOTE_ADDR", "203.0.113.9");
  section->SetValue("USER_AGENT", "curl/8 <x>");
  const std::string confirm_html = templates().render("device", confirm);
  EXPECT_TRUE(contains(confirm_html, "Only approve if you started this on a device you control."));
  EXPECT_TRUE(contains(confirm_html, "203.0.113.9"));
  EXPECT_TRUE(contains(confirm_html, "curl/8 &lt;x&gt;"));
}

TEST(Templates, ConcurrentRendering) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&failures, t] {
      for (int i = 0; i < 200; ++i) {
        ctemplate::TemplateDictionary dict("error");
        dict.SetValue("HEADING", "h" + std::to_string(t) + "-" + std::to_string(i));
        const std::string html = templates().render_page("error", dict, Frame{.title = "e"});
        if (!contains(html, "<h1>h" + std::to_string(t) + "-" + std::to_string(i) + "</h1>"))
          ++failures;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

}  // namespace
}  // namespace latchkey::web
