{{%AUTOESCAPE context="HTML"}}
{{!
  Create an account.
  ACTION         form target, e.g. "/signup"
  CSRF           the pre-session CSRF token
  NEXT           where to go afterwards (a local path), may be empty
  EMAIL          email to pre-fill, may be empty
  NAME           name to pre-fill, may be empty
  PASSWORD_MIN   minimum password length, e.g. "12"
  LOGIN_URL      e.g. "/login"
}}
<section class="card narrow">
  <h1>Create your account</h1>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <div class="field">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="username" required autofocus spellcheck="false" autocapitalize="none">
    </div>
    <div class="field">
      <label for="name">Name <span class="muted">(optional)</span></label>
      <input id="name" name="name" type="text" value="{{NAME}}" autocomplete="name" maxlength="200">
    </div>
    <div class="field">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="new-password" required minlength="{{PASSWORD_MIN}}" maxlength="1024" aria-describedby="password-hint">
      <p id="password-hint" class="hint">At least {{PASSWORD_MIN}} characters. A long passphrase is easiest; common passwords are refused.</p>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Create account</button>
    </div>
  </form>
  <p class="muted">Already have an account? <a href="{{LOGIN_URL}}">Sign in</a>.</p>
</section>
