{{%AUTOESCAPE context="HTML"}}
{{!
  OAuth consent: may this client act for the signed-in account?
  One form, two buttons: decision=approve or decision=deny.
  ACTION             form target, e.g. "/oauth/authorize/decision"
  CSRF               CSRF token bound to the session AND this request id (S25)
  REQUEST_ID         the pending authorization request
  CLIENT_NAME        the client's registered name
  REDIRECT_HOST      host the browser returns to afterwards, e.g. "app.example.com"
  SCOPE              section, one per requested scope:
    SCOPE_NAME       e.g. "write"
    SCOPE_DESCRIPTION plain words, e.g. "Create, change and delete your apps"
  LIFETIME           plain words, e.g. "Access lasts 8 hours and renews until you revoke it."
}}
<section class="card">
  <h1>Authorize {{CLIENT_NAME}}</h1>
  <p><strong>{{CLIENT_NAME}}</strong> wants to access your Latchkey account. It will be able to:</p>
  <ul class="scopes">
    {{#SCOPE}}
    <li><code>{{SCOPE_NAME}}</code> — {{SCOPE_DESCRIPTION}}</li>
    {{/SCOPE}}
  </ul>
  <p>{{LIFETIME}} You can revoke it at any time from your account.</p>
  <p class="muted">Approving returns you to <strong>{{REDIRECT_HOST}}</strong>.</p>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <input type="hidden" name="request_id" value="{{REQUEST_ID}}">
    <div class="actions">
      <button type="submit" name="decision" value="approve" class="button primary">Approve</button>
      <button type="submit" name="decision" value="deny" class="button">Deny</button>
    </div>
  </form>
</section>
