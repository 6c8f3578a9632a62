{{%AUTOESCAPE context="HTML"}}
{{!
  Confirm it is you before a sensitive action (e.g. revealing the API key).
  ACTION   form target, e.g. "/account/reauth"
  CSRF     the session's CSRF token
  NEXT     where to go afterwards (a local path), may be empty
  EMAIL    the signed-in account's email (for password managers)
  PURPOSE  what the confirmation is for, e.g. "reveal your API key"
  CODE     section, shown when the account has a second factor
}}
<section class="card narrow">
  <h1>Confirm it’s you</h1>
  <p>To {{PURPOSE}}, enter your password{{#CODE}} and an authentication code{{/CODE}} again.</p>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <input type="email" name="email" value="{{EMAIL}}" autocomplete="username" hidden readonly>
    <div class="field">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required autofocus maxlength="1024">
    </div>
    {{#CODE}}
    <div class="field">
      <label for="code">Authentication code</label>
      <input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required spellcheck="false" autocapitalize="none" maxlength="64" aria-describedby="code-hint">
      <p id="code-hint" class="hint">From your authenticator app, or one of your recovery codes.</p>
    </div>
    {{/CODE}}
    <div class="actions">
      <button type="submit" class="button primary">Confirm</button>
    </div>
  </form>
</section>
