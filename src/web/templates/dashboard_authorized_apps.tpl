{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard > Applications > Authorized applications: the third-party OAuth
  clients this account approved, one row per client.
  TABS           include (dashboard_app_tabs)
  HAS_APPS       section, shown when there are applications
  APP            section, one per client (inside HAS_APPS):
    ID           the client id (for element ids)
    NAME         the client's name
    SCOPE        the scopes granted, e.g. "identity, read"
    AUTHORIZED   when it was first authorized, e.g. "2026-11-23 09:15 UTC"
    LAST_USED    a time or "Never"
    REVOKE_URL   the confirmation page
  NO_APPS        section, the empty state
}}
{{>TABS}}
<h1>Authorized applications</h1>
<p class="muted">Applications you allowed to use your account. Revoking access signs them out at once; they have to ask again.</p>
{{#HAS_APPS}}
<div class="table-scroll">
  <table>
    <thead>
      <tr>
        <th scope="col">Application</th>
        <th scope="col">Scope</th>
        <th scope="col">Authorized</th>
        <th scope="col">Last used</th>
        <th scope="col">Actions</th>
      </tr>
    </thead>
    <tbody>
      {{#APP}}
      <tr>
        <td id="app-{{ID}}">{{NAME}}</td>
        <td>{{SCOPE}}</td>
        <td>{{AUTHORIZED}}</td>
        <td>{{LAST_USED}}</td>
        <td><a href="{{REVOKE_URL}}" class="button link" aria-describedby="app-{{ID}}">Revoke access</a></td>
      </tr>
      {{/APP}}
    </tbody>
  </table>
</div>
{{/HAS_APPS}}
{{#NO_APPS}}
<p>You have not authorized any applications.</p>
{{/NO_APPS}}
