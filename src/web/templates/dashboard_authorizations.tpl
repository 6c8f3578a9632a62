{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard > Applications > Authorizations: the account's API tokens (all
  but the API key and third-party grants), a token shown once, and the create form.
  TABS           include (dashboard_app_tabs)
  NEW_TOKEN      section, a token just created or rotated (shown once): TOKEN
  HAS_AUTHZ      section, shown when there are authorizations
  AUTHZ          section, one per authorization (inside HAS_AUTHZ):
    ID           the authorization's id (for element ids)
    DESCRIPTION  its description
    SCOPE        e.g. "read, write"
    CREATED      e.g. "2026-11-23 09:15 UTC"
    EXPIRES      a time, "Never", or "Expired 2026-…"
    LAST_USED    a time or "Never"
    LAST_USED_IP section, the address it was last used from: IP
    ROTATE_ACTION, ROTATE_CSRF   the Rotate form
    REVOKE_URL   the confirmation page
  NO_AUTHZ       section, the empty state
  CREATE_CSRF    CSRF token of the create form
  DESCRIPTION    the create form's description (re-shown after an error)
  SCOPE_OPTION   section, one per scope: SCOPE_NAME, SCOPE_DESCRIPTION, CHECKED (section)
  EXPIRY         section, one per choice: EXPIRY_VALUE, EXPIRY_LABEL, SELECTED (section)
}}
{{>TABS}}
<h1>Authorizations</h1>
<p class="muted">Tokens that let scripts and tools use the API as you. Anyone holding one can act with its scopes until it expires or you revoke it.</p>
{{#NEW_TOKEN}}
<section class="card" aria-labelledby="new-token-heading">
  <h2 id="new-token-heading">Your new token</h2>
  <div class="secret-box">
    <code id="new-token">{{TOKEN}}</code>
    <button type="button" class="button" data-copy-target="new-token" hidden>Copy</button>
  </div>
  <p class="warning">Copy it now. You won’t be able to see it again.</p>
</section>
{{/NEW_TOKEN}}
{{#HAS_AUTHZ}}
<div class="table-scroll">
  <table>
    <thead>
      <tr>
        <th scope="col">Description</th>
        <th scope="col">Scope</th>
        <th scope="col">Created</th>
        <th scope="col">Expires</th>
        <th scope="col">Last used</th>
        <th scope="col">Actions</th>
      </tr>
    </thead>
    <tbody>
      {{#AUTHZ}}
      <tr>
        <td id="authz-{{ID}}">{{DESCRIPTION}}</td>
        <td>{{SCOPE}}</td>
        <td>{{CREATED}}</td>
        <td>{{EXPIRES}}</td>
        <td>{{LAST_USED}}{{#LAST_USED_IP}}<br><span class="muted">from {{IP}}</span>{{/LAST_USED_IP}}</td>
        <td>
          <form method="post" action="{{ROTATE_ACTION}}" class="inline">
            <input type="hidden" name="csrf" value="{{ROTATE_CSRF}}">
            <button type="submit" class="button" aria-describedby="authz-{{ID}}">Rotate</button>
          </form>
          <a href="{{REVOKE_URL}}" class="button link" aria-describedby="authz-{{ID}}">Revoke</a>
        </td>
      </tr>
      {{/AUTHZ}}
    </tbody>
  </table>
</div>
{{/HAS_AUTHZ}}
{{#NO_AUTHZ}}
<p>No authorizations yet.</p>
{{/NO_AUTHZ}}
<section class="card">
  <h2>Create authorization</h2>
  <form method="post" action="/dashboard/authorizations">
    <input type="hidden" name="csrf" value="{{CREATE_CSRF}}">
    <div class="field">
      <label for="description">Description</label>
      <input id="description" name="description" type="text" maxlength="255" autocomplete="off" value="{{DESCRIPTION}}" aria-describedby="description-hint">
      <p id="description-hint" class="hint">What the token is for, e.g. “Deploy script”.</p>
    </div>
    <fieldset class="field">
      <legend>Scopes</legend>
      <p class="hint">Leave all unchecked for global: full access to your account.</p>
      {{#SCOPE_OPTION}}
      <div class="check">
        <input type="checkbox" id="scope-{{SCOPE_NAME}}" name="scope" value="{{SCOPE_NAME}}"{{#CHECKED}} checked{{/CHECKED}} aria-describedby="scope-{{SCOPE_NAME}}-hint">
        <label for="scope-{{SCOPE_NAME}}">{{SCOPE_NAME}}</label>
        <span id="scope-{{SCOPE_NAME}}-hint" class="hint">{{SCOPE_DESCRIPTION}}</span>
      </div>
      {{/SCOPE_OPTION}}
    </fieldset>
    <div class="field">
      <label for="expires_in">Expires</label>
      <select id="expires_in" name="expires_in">
        {{#EXPIRY}}
        <option value="{{EXPIRY_VALUE}}"{{#SELECTED}} selected{{/SELECTED}}>{{EXPIRY_LABEL}}</option>
        {{/EXPIRY}}
      </select>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Create authorization</button>
    </div>
  </form>
</section>
