{{%AUTOESCAPE context="HTML"}}
{{!
  The page frame around every other template (Templates::render_page fills it).
  TITLE            page title, before " · Latchkey"
  BODY             the page, already rendered HTML (the one :none in the templates)
  SIGNED_IN        section, shown when signed in:
    EMAIL          the account's email
    CSRF           the session's CSRF token, for the sign-out form
  NAV              section, the dashboard navigation (signed-in dashboard pages):
    NAV_ITEM       section, one per entry: NAV_URL, NAV_LABEL, NAV_CURRENT (section, the page's own)
  FLASH            section, one flash message:
    FLASH_KIND     "notice" or "error"
    FLASH_ROLE     "status" or "alert"
    FLASH_MESSAGE  the text
}}
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{{TITLE}} · Latchkey</title>
<link rel="stylesheet" href="/assets/style.css">
<script src="/assets/copy.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="brand" href="/">Latchkey</a>
  {{#SIGNED_IN}}
  <div class="account">
    <span class="account-email">{{EMAIL}}</span>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="csrf" value="{{CSRF}}">
      <button type="submit" class="button link">Sign out</button>
    </form>
  </div>
  {{/SIGNED_IN}}
</header>
{{#NAV}}
<nav class="dashboard-nav" aria-label="Dashboard">
  <ul>
    {{#NAV_ITEM}}
    <li><a href="{{NAV_URL}}"{{#NAV_CURRENT}} aria-current="page"{{/NAV_CURRENT}}>{{NAV_LABEL}}</a></li>
    {{/NAV_ITEM}}
  </ul>
</nav>
{{/NAV}}
<main id="main" class="site-main">
  {{#FLASH}}
  <div class="flash flash-{{FLASH_KIND}}" role="{{FLASH_ROLE}}">{{FLASH_MESSAGE}}</div>
  {{/FLASH}}
  {{BODY:none}}
</main>
<footer class="site-footer">
  <p>Latchkey · <a href="/">Home</a></p>
</footer>
</body>
</html>
