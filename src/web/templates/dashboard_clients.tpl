{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard > Applications > API clients: the OAuth clients this account
  registered, a new secret shown once, and the register form.
  TABS           include (dashboard_app_tabs)
  NEW_SECRET     section, a client just registered or rotated (shown once): CLIENT_ID, CLIENT_SECRET
  HAS_CLIENTS    section, shown when there are clients
  CLIENT         section, one per client (inside HAS_CLIENTS):
    ID           the client id
    NAME         its name
    REDIRECT_URI its redirect URI
    CREATED      e.g. "2026-11-23 09:15 UTC"
    ROTATE       section, confidential clients only: ROTATE_ACTION, ROTATE_CSRF
    DELETE_URL   the confirmation page
  NO_CLIENTS     section, the empty state
  CREATE_CSRF    CSRF token of the register form
  NAME, REDIRECT_URI   the register form's values (re-shown after an error)
}}
{{>TABS}}
<h1>API clients</h1>
<p class="muted">OAuth clients you develop: applications that ask people for access to their accounts.</p>
{{#NEW_SECRET}}
<section class="card" aria-labelledby="new-secret-heading">
  <h2 id="new-secret-heading">Your client credentials</h2>
  <table class="details">
    <tr>
      <th scope="row">Client ID</th>
      <td><div class="secret-box"><code id="client-id">{{CLIENT_ID}}</code>
        <button type="button" class="button" data-copy-target="client-id" hidden>Copy</button></div></td>
    </tr>
    <tr>
      <th scope="row">Client secret</th>
      <td><div class="secret-box"><code id="client-secret">{{CLIENT_SECRET}}</code>
        <button type="button" class="button" data-copy-target="client-secret" hidden>Copy</button></div></td>
    </tr>
  </table>
  <p class="warning">Copy it now. You won’t be able to see it again.</p>
</section>
{{/NEW_SECRET}}
{{#HAS_CLIENTS}}
<div class="table-scroll">
  <table>
    <thead>
      <tr>
        <th scope="col">Name</th>
        <th scope="col">Client ID</th>
        <th scope="col">Redirect URI</th>
        <th scope="col">Created</th>
        <th scope="col">Actions</th>
      </tr>
    </thead>
    <tbody>
      {{#CLIENT}}
      <tr>
        <td id="client-{{ID}}">{{NAME}}</td>
        <td><code>{{ID}}</code></td>
        <td>{{REDIRECT_URI}}</td>
        <td>{{CREATED}}</td>
        <td>
          {{#ROTATE}}
          <form method="post" action="{{ROTATE_ACTION}}" class="inline">
            <input type="hidden" name="csrf" value="{{ROTATE_CSRF}}">
            <button type="submit" class="button" aria-describedby="client-{{ID}}">Rotate secret</button>
          </form>
          {{/ROTATE}}
          <a href="{{DELETE_URL}}" class="button link" aria-describedby="client-{{ID}}">Delete</a>
        </td>
      </tr>
      {{/CLIENT}}
    </tbody>
  </table>
</div>
{{/HAS_CLIENTS}}
{{#NO_CLIENTS}}
<p>No API clients yet.</p>
{{/NO_CLIENTS}}
<section class="card">
  <h2>Register client</h2>
  <form method="post" action="/dashboard/clients">
    <input type="hidden" name="csrf" value="{{CREATE_CSRF}}">
    <div class="field">
      <label for="name">Name</label>
      <input id="name" name="name" type="text" required maxlength="255" autocomplete="off" value="{{NAME}}" aria-describedby="name-hint">
      <p id="name-hint" class="hint">Shown to people when your application asks for access.</p>
    </div>
    <div class="field">
      <label for="redirect_uri">Redirect URI</label>
      <input id="redirect_uri" name="redirect_uri" type="url" required maxlength="2048" autocomplete="off" spellcheck="false" value="{{REDIRECT_URI}}" aria-describedby="redirect-hint">
      <p id="redirect-hint" class="hint">Where people return after approving, matched exactly, e.g. https://app.example/callback.</p>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Register client</button>
    </div>
  </form>
</section>
