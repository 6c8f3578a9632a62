{{%AUTOESCAPE context="HTML"}}
{{!
  Account settings (/dashboard/account): name, password, API key.
  EMAIL            the account's email
  NAME             the name to show in the name field (current, or what was typed)
  CSRF_NAME        CSRF token of the name form
  CSRF_PASSWORD    CSRF token of the password form
  CSRF_API_KEY     CSRF token of the API key forms (reveal, regenerate)
  PASSWORD_MIN     minimum password length, e.g. "12"
  CODE             section, when the account has a second factor: the password
                   form asks for an authentication code too
  ROTATES_API_KEY  section, when a password change replaces the API key
  API_KEY          section, the key just revealed or regenerated (shown once):
    API_KEY_VALUE  the token
  API_KEY_HIDDEN   section, otherwise
}}
<section class="card">
  <h1>Account</h1>
  <table class="details">
    <tr><th scope="row">Email</th><td>{{EMAIL}}</td></tr>
  </table>

  <h2>Name</h2>
  <form method="post" action="/dashboard/account/name">
    <input type="hidden" name="csrf" value="{{CSRF_NAME}}">
    <div class="field">
      <label for="name">Name</label>
      <input id="name" name="name" type="text" value="{{NAME}}" autocomplete="name" maxlength="255" aria-describedby="name-hint">
      <p id="name-hint" class="hint">Shown to you and to the applications you authorize. May be empty.</p>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Save name</button>
    </div>
  </form>

  <h2>Password</h2>
  <form method="post" action="/dashboard/account/password">
    <input type="hidden" name="csrf" value="{{CSRF_PASSWORD}}">
    <input type="email" name="email" value="{{EMAIL}}" autocomplete="username" hidden readonly>
    <div class="field">
      <label for="current_password">Current password</label>
      <input id="current_password" name="current_password" type="password" autocomplete="current-password" required maxlength="1024">
    </div>
    <div class="field">
      <label for="new_password">New password</label>
      <input id="new_password" name="password" type="password" autocomplete="new-password" required minlength="{{PASSWORD_MIN}}" maxlength="1024" aria-describedby="new-password-hint">
      <p id="new-password-hint" class="hint">At least {{PASSWORD_MIN}} characters. A long passphrase is easiest; common passwords are refused.</p>
    </div>
    {{#CODE}}
    <div class="field">
      <label for="code">Authentication code</label>
      <input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required spellcheck="false" autocapitalize="none" maxlength="64" aria-describedby="code-hint">
      <p id="code-hint" class="hint">From your authenticator app, or one of your recovery codes.</p>
    </div>
    {{/CODE}}
    <p class="hint">Changing your password signs out every browser, this one too{{#ROTATES_API_KEY}}, and replaces your API key{{/ROTATES_API_KEY}}.</p>
    <div class="actions">
      <button type="submit" class="button primary">Change password</button>
    </div>
  </form>

  <h2>API Key</h2>
  <p>Your API key works like your password for the API and the CLI. Keep it secret.</p>
  {{#API_KEY}}
  <div class="secret-box">
    <code id="api-key" class="secret">{{API_KEY_VALUE}}</code>
    <button type="button" class="button" data-copy-target="api-key" hidden>Copy</button>
  </div>
  <p class="warning" role="note">It is shown only now: copy it before you leave this page.</p>
  {{/API_KEY}}
  {{#API_KEY_HIDDEN}}
  <p class="muted">Hidden. Reveal it to copy it; you will be asked to confirm it’s you.</p>
  {{/API_KEY_HIDDEN}}
  <form method="post" action="/dashboard/account/api-key/reveal">
    <input type="hidden" name="csrf" value="{{CSRF_API_KEY}}">
    <div class="actions">
      <button type="submit" class="button">Reveal</button>
    </div>
  </form>

  <form method="post" action="/dashboard/account/api-key/regenerate">
    <input type="hidden" name="csrf" value="{{CSRF_API_KEY}}">
    <p>If your key may have leaked, replace it with a new one.</p>
    <div class="field">
      <label for="confirm-regenerate"><input id="confirm-regenerate" name="confirm" type="checkbox" value="yes" required aria-describedby="regenerate-hint"> I understand the current key stops working</label>
      <p id="regenerate-hint" class="hint">Programs and scripts that use the current key get “unauthorized” until you give them the new one.</p>
    </div>
    <div class="actions">
      <button type="submit" class="button danger">Regenerate API Key</button>
    </div>
  </form>
</section>
