{{%AUTOESCAPE context="HTML"}}
{{!
  Second step of signing in: a code from the authenticator app, or a recovery code.
  ACTION   form target, e.g. "/login/second-factor"
  CSRF     the CSRF token
  NEXT     where to go afterwards (a local path), may be empty
}}
<section class="card narrow">
  <h1>Two-factor authentication</h1>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="next" value="{{NEXT}}">
    <div class="field">
      <label for="code">Authentication code</label>
      <input id="code" name="code" type="text" inputmode="text" autocomplete="one-time-code" required autofocus spellcheck="false" autocapitalize="none" maxlength="64" aria-describedby="code-hint">
      <p id="code-hint" class="hint">Enter the 6-digit code from your authenticator app. Lost your device? Use one of your recovery codes instead (xxxx-xxxx-xxxx-xxxx); each works once.</p>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Verify</button>
    </div>
  </form>
</section>
