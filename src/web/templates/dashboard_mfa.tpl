{{%AUTOESCAPE context="HTML"}}
{{!
  Two-factor authentication (/dashboard/mfa): its state and what can be done.
  CSRF_SETUP       CSRF token of the setup forms (set up / move to a new app)
  CSRF_REGENERATE  CSRF token of the recovery-code form
  CSRF_DISABLE     CSRF token of the turn-off form
  OFF            section, no second factor yet: the setup button
    REQUIRED     section, when the server requires two-factor authentication
  ON             section, a second factor is active:
    REMAINING    recovery codes left, e.g. "8"
    TOTAL        recovery codes issued, e.g. "10"
    FEW_LEFT     section, when three or fewer recovery codes are left
    REQUIRED     section, when the server requires two-factor authentication
}}
<section class="card">
  <h1>Two-factor authentication</h1>
  {{#OFF}}
  <p>Two-factor authentication is off. Turn it on, and signing in will ask for a code from an authenticator app on your phone as well as your password.</p>
  {{#REQUIRED}}
  <p class="warning" role="note">This server requires two-factor authentication: set it up to use your account.</p>
  {{/REQUIRED}}
  <form method="post" action="/dashboard/mfa/setup">
    <input type="hidden" name="csrf" value="{{CSRF_SETUP}}">
    <div class="actions">
      <button type="submit" class="button primary">Set up authenticator app</button>
    </div>
  </form>
  {{/OFF}}
  {{#ON}}
  <p>Two-factor authentication is on. Signing in asks for a code from your authenticator app as well as your password.</p>

  <h2>Recovery codes</h2>
  <p>You have {{REMAINING}} of {{TOTAL}} recovery codes left. Each one signs you in once if you lose your phone.</p>
  {{#FEW_LEFT}}
  <p class="warning" role="note">You are running out of recovery codes. Make new ones and keep them somewhere safe.</p>
  {{/FEW_LEFT}}
  <form method="post" action="/dashboard/mfa/recovery-codes/regenerate">
    <input type="hidden" name="csrf" value="{{CSRF_REGENERATE}}">
    <p class="hint">New codes replace all of your current ones at once. You will be asked to confirm it’s you.</p>
    <div class="actions">
      <button type="submit" class="button">Regenerate recovery codes</button>
    </div>
  </form>

  <h2>Authenticator app</h2>
  <form method="post" action="/dashboard/mfa/setup">
    <input type="hidden" name="csrf" value="{{CSRF_SETUP}}">
    <p class="hint">Got a new phone? Set up the new app; the old one keeps working until you turn the new one on.</p>
    <div class="actions">
      <button type="submit" class="button">Move to a new authenticator app</button>
    </div>
  </form>

  <h2>Turn off</h2>
  <form method="post" action="/dashboard/mfa/disable">
    <input type="hidden" name="csrf" value="{{CSRF_DISABLE}}">
    {{#REQUIRED}}
    <p class="hint">This server requires two-factor authentication, so it cannot be turned off.</p>
    {{/REQUIRED}}
    <p class="hint">Without it, your password alone signs you in. You will be asked to confirm it’s you.</p>
    <div class="actions">
      <button type="submit" class="button danger">Turn off</button>
    </div>
  </form>
  {{/ON}}
</section>
