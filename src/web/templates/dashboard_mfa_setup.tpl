{{%AUTOESCAPE context="HTML"}}
{{!
  Setting up an authenticator app (/dashboard/mfa/setup), shown once.
  QR_SVG    the otpauth:// URI as a QR code: an <svg> from qr_svg()
            (core/qr_code.h), which has no scripts, styles or references and
            escapes its label, so it is inserted unescaped (:none)
  SECRET    the base32 secret, to type in instead of scanning
  CSRF      CSRF token of the confirm form
}}
<section class="card narrow">
  <h1>Set up your authenticator app</h1>
  <p>1. Scan this QR code with an authenticator app on your phone (for example a password manager or an app like Google Authenticator).</p>
  <div class="qr-code">{{QR_SVG:none}}</div>
  <p>Can’t scan it? Add an account by hand with this key (time-based):</p>
  <div class="secret-box">
    <code id="totp-secret" class="secret">{{SECRET}}</code>
    <button type="button" class="button" data-copy-target="totp-secret" hidden>Copy</button>
  </div>
  <p>2. Enter the code the app now shows for Latchkey.</p>
  <form method="post" action="/dashboard/mfa/confirm">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="code">Authentication code</label>
      <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required autofocus spellcheck="false" autocapitalize="none" maxlength="64" aria-describedby="code-hint">
      <p id="code-hint" class="hint">6 digits. It changes every 30 seconds.</p>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Turn on</button>
      <a class="button link" href="/dashboard/mfa">Cancel</a>
    </div>
  </form>
</section>
