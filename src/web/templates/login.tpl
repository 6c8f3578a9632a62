{{%AUTOESCAPE context="HTML"}}
{{!
  Sign-in form: email and password, then the second factor (second_factor).
  ACTION       form target, e.g. "/login"
  CSRF         the pre-session CSRF token
  NEXT         where to go after signing in (a local path), may be empty
  EMAIL        email to pre-fill, may be empty
  SIGNUP       section, shown when sign-up is open:
    SIGNUP_URL e.g. "/signup"
}}
<section class="card narrow">
  <h1>Sign in</h1>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <div class="field">
      <label for="email">Email</label>
      <input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="username" required autofocus spellcheck="false" autocapitalize="none">
    </div>
    <div class="field">
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="1024">
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Sign in</button>
    </div>
  </form>
  {{#SIGNUP}}
  <p class="muted">No account yet? <a href="{{SIGNUP_URL}}">Create one</a>.</p>
  {{/SIGNUP}}
</section>
