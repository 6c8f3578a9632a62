{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard > Apps: the apps the account owns or collaborates on (also
  through a team), its teams, and a small create form.
  HAS_APPS       section, shown when there are apps:
    APP          section, one per app:
      NAME       the app's name
      URL        its page, /dashboard/apps/<name>
      OWNER      the team's name, or "Personal"
      PERMISSIONS  the account's permissions, e.g. "view, deploy"
      CREATED    e.g. "2026-11-23 09:15 UTC"
  NO_APPS        section, the empty state
  HAS_TEAMS      section, shown when the account is in a team:
    TEAM         section, one per team: TEAM_NAME, TEAM_URL, ROLE
  NO_TEAMS       section, the empty state of teams
  CREATE_CSRF    CSRF token of the create form
  APP_NAME       the create form's name (re-shown after an error)
  TEAM_CHOICE    section, shown when the account may create apps in a team:
    TEAM_OPTION  section, one per team: OPTION_NAME, SELECTED (section)
}}
<h1>Apps</h1>
<p class="muted">Apps you own, collaborate on, or reach through a team, with what you may do to each.</p>
{{#HAS_APPS}}
<div class="table-scroll">
  <table>
    <thead>
      <tr>
        <th scope="col">Name</th>
        <th scope="col">Team</th>
        <th scope="col">Your permissions</th>
        <th scope="col">Created</th>
      </tr>
    </thead>
    <tbody>
      {{#APP}}
      <tr>
        <th scope="row"><a href="{{URL}}">{{NAME}}</a></th>
        <td>{{OWNER}}</td>
        <td>{{PERMISSIONS}}</td>
        <td>{{CREATED}}</td>
      </tr>
      {{/APP}}
    </tbody>
  </table>
</div>
{{/HAS_APPS}}
{{#NO_APPS}}
<p>You have no apps yet. Create one with <code>latchkey apps:create</code> or <code>heroku apps:create</code>.</p>
{{/NO_APPS}}
<section class="card">
  <h2>Create app</h2>
  <form method="post" action="/dashboard/apps">
    <input type="hidden" name="csrf" value="{{CREATE_CSRF}}">
    <div class="field">
      <label for="app-name">Name <span class="muted">(optional)</span></label>
      <input id="app-name" name="name" type="text" maxlength="30" autocomplete="off" spellcheck="false" value="{{APP_NAME}}" aria-describedby="app-name-hint">
      <p id="app-name-hint" class="hint">Lowercase letters, digits and dashes, 3 to 30 characters. Leave empty for a generated name.</p>
    </div>
    {{#TEAM_CHOICE}}
    <div class="field">
      <label for="app-team">Team <span class="muted">(optional)</span></label>
      <select id="app-team" name="team">
        <option value="">Personal app</option>
        {{#TEAM_OPTION}}
        <option value="{{OPTION_NAME}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPTION_NAME}}</option>
        {{/TEAM_OPTION}}
      </select>
    </div>
    {{/TEAM_CHOICE}}
    <div class="actions">
      <button type="submit" class="button primary">Create app</button>
    </div>
  </form>
</section>
<h2>Teams</h2>
{{#HAS_TEAMS}}
<div class="table-scroll">
  <table>
    <thead>
      <tr>
        <th scope="col">Team</th>
        <th scope="col">Your role</th>
      </tr>
    </thead>
    <tbody>
      {{#TEAM}}
      <tr>
        <th scope="row"><a href="{{TEAM_URL}}">{{TEAM_NAME}}</a></th>
        <td>{{ROLE}}</td>
      </tr>
      {{/TEAM}}
    </tbody>
  </table>
</div>
{{/HAS_TEAMS}}
{{#NO_TEAMS}}
<p>You are not in any team.</p>
{{/NO_TEAMS}}
