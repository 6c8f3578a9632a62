{{%AUTOESCAPE context="HTML"}}
{{!
  Device authorization (RFC 8628 §3.3): enter the code shown on the device,
  then confirm. Show exactly one of the two sections.
  ACTION             form target, e.g. "/device"
  CSRF               the session's CSRF token
  ENTER              section: the code form
    USER_CODE        code to pre-fill (from verification_uri_complete), may be empty
  CONFIRM            section: what is asking, with Approve/Deny (decision=approve|deny)
    USER_CODE        the code, display form "BCDF-GHJK"
    REQUEST_ID       the pending request's id (posted back with the decision)
    CLIENT_NAME      the client's registered name
    SCOPE            section, one per scope: SCOPE_NAME, SCOPE_DESCRIPTION
    REMOTE_ADDR      IP address the request came from
    LOCATION         its approximate location, e.g. "Germany", "This computer"
    USER_AGENT       its User-Agent
    REQUESTED_AT     when, e.g. "2024-05-01 14:03 UTC"
}}
{{#ENTER}}
<section class="card narrow">
  <h1>Connect a device</h1>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="field">
      <label for="user_code">Code shown on your device</label>
      <input id="user_code" name="user_code" type="text" value="{{USER_CODE}}" autocomplete="one-time-code" required autofocus spellcheck="false" autocapitalize="characters" maxlength="16" placeholder="BCDF-GHJK" aria-describedby="user-code-hint">
      <p id="user-code-hint" class="hint">Eight letters; the dash is optional.</p>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Continue</button>
    </div>
  </form>
</section>
{{/ENTER}}
{{#CONFIRM}}
<section class="card">
  <h1>Approve device sign-in?</h1>
  <p class="warning" role="note">Only approve if you started this on a device you control.</p>
  <p><strong>{{CLIENT_NAME}}</strong> asks for access to your account with code <code class="secret">{{USER_CODE}}</code>. It will be able to:</p>
  <ul class="scopes">
    {{#SCOPE}}
    <li><code>{{SCOPE_NAME}}</code> — {{SCOPE_DESCRIPTION}}</li>
    {{/SCOPE}}
  </ul>
  <table class="details">
    <tr><th scope="row">IP address</th><td>{{REMOTE_ADDR}}</td></tr>
    <tr><th scope="row">Approximate location</th><td>{{LOCATION}}</td></tr>
    <tr><th scope="row">Browser or program</th><td>{{USER_AGENT}}</td></tr>
    <tr><th scope="row">Requested</th><td>{{REQUESTED_AT}}</td></tr>
  </table>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="request_id" value="{{REQUEST_ID}}">
    <div class="actions">
      <button type="submit" name="decision" value="approve" class="button primary">Approve</button>
      <button type="submit" name="decision" value="deny" class="button">Deny</button>
    </div>
  </form>
</section>
{{/CONFIRM}}
