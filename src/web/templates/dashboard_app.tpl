{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard > Apps > one app: where it lives, its releases, its collaborators
  (managed here with the manage permission) and its config var names.
  NAME           the app's name
  GIT_URL        https://<host>/<name>.git
  WEB_URL        https://<name>.<web domain>/
  PERSONAL       section, a personal app: OWNER_EMAIL
  TEAM_APP       section, a team app: TEAM_NAME, and TEAM_LINK (section, the
                 account is in the team): TEAM_URL
  PERMISSIONS    the account's permissions, e.g. "view, deploy"
  REGION, STACK, CREATED
  HAS_RELEASES   section, the newest ten:
    RELEASE      section: VERSION, DESCRIPTION, BY, WHEN
  OWNER_ROW      section, a personal app: OWNER_EMAIL (all permissions)
  COLLABORATOR   section, one per collaborator:
    ID           the collaborator's account id (element ids)
    EMAIL, PERMISSIONS ("view, deploy"), ADDED
    READ_ONLY    section, no EDIT: the permissions as text
    REMOVE       section, with manage: REMOVE_URL (the confirmation page)
    EDIT         section, with manage on a team app: the permissions form,
                 EDIT_ACTION, EDIT_CSRF, and EDIT_PERMISSION sections:
                 PERMISSION, CHECKED (section), FIXED (section: "view", always on)
  NO_COLLABORATORS  section, no collaborator rows
  TEAM_NOTE      section, a team app: how team roles give access
  MANAGE         section, with manage: the add form, ADD_ACTION, ADD_CSRF,
                 ADD_EMAIL, and ADD_PERMISSION sections: PERMISSION, HINT,
                 CHECKED (section), FIXED (section)
  CONFIG         section, with deploy: the config var names:
    HAS_CONFIG   section: CONFIG_VAR sections, KEY
    NO_CONFIG    section
}}
<p><a href="/dashboard/apps">← Apps</a></p>
<h1>{{NAME}}</h1>
<section class="card" aria-labelledby="app-details-heading">
  <h2 id="app-details-heading">Details</h2>
  <table class="details">
    <tr>
      <th scope="row">Git URL</th>
      <td><div class="secret-box"><code id="git-url">{{GIT_URL}}</code>
        <button type="button" class="button" data-copy-target="git-url" hidden>Copy</button></div></td>
    </tr>
    <tr>
      <th scope="row">Web URL</th>
      <td><code id="web-url">{{WEB_URL}}</code></td>
    </tr>
    {{#PERSONAL}}
    <tr><th scope="row">Owner</th><td>{{OWNER_EMAIL}}</td></tr>
    {{/PERSONAL}}
    {{#TEAM_APP}}
    <tr><th scope="row">Team</th><td>{{#TEAM_LINK}}<a href="{{TEAM_URL}}">{{/TEAM_LINK}}{{TEAM_NAME}}{{#TEAM_LINK}}</a>{{/TEAM_LINK}}</td></tr>
    {{/TEAM_APP}}
    <tr><th scope="row">Your permissions</th><td id="your-permissions">{{PERMISSIONS}}</td></tr>
    <tr><th scope="row">Region</th><td>{{REGION}}</td></tr>
    <tr><th scope="row">Stack</th><td>{{STACK}}</td></tr>
    <tr><th scope="row">Created</th><td>{{CREATED}}</td></tr>
  </table>
</section>

<section class="card" aria-labelledby="releases-heading">
  <h2 id="releases-heading">Releases</h2>
  {{#HAS_RELEASES}}
  <div class="table-scroll">
    <table>
      <caption class="hint">The newest ten, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Description</th>
          <th scope="col">By</th>
          <th scope="col">When</th>
        </tr>
      </thead>
      <tbody>
        {{#RELEASE}}
        <tr>
          <td>v{{VERSION}}</td>
          <td>{{DESCRIPTION}}</td>
          <td>{{BY}}</td>
          <td>{{WHEN}}</td>
        </tr>
        {{/RELEASE}}
      </tbody>
    </table>
  </div>
  {{/HAS_RELEASES}}
</section>

<section class="card" aria-labelledby="collaborators-heading">
  <h2 id="collaborators-heading">Collaborators</h2>
  {{#TEAM_NOTE}}
  <p class="hint">Team admins have every permission on the team's apps and team viewers may view them; the collaborators below have what their row says.</p>
  {{/TEAM_NOTE}}
  <div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Permissions</th>
          <th scope="col">Added</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {{#OWNER_ROW}}
        <tr>
          <th scope="row">{{OWNER_EMAIL}}</th>
          <td>owner: view, deploy, operate, manage</td>
          <td></td>
          <td></td>
        </tr>
        {{/OWNER_ROW}}
        {{#COLLABORATOR}}
        <tr>
          <th scope="row" id="collaborator-{{ID}}">{{EMAIL}}</th>
          <td>
            {{#EDIT}}
            <form method="post" action="{{EDIT_ACTION}}">
              <input type="hidden" name="csrf" value="{{EDIT_CSRF}}">
              <fieldset>
                <legend class="hint">Permissions of {{EMAIL}}</legend>
                {{#EDIT_PERMISSION}}
                <div class="check">
                  <input type="checkbox" id="perm-{{ID}}-{{PERMISSION}}" name="permission" value="{{PERMISSION}}"{{#CHECKED}} checked{{/CHECKED}}{{#FIXED}} disabled{{/FIXED}}>
                  <label for="perm-{{ID}}-{{PERMISSION}}">{{PERMISSION}}</label>
                </div>
                {{/EDIT_PERMISSION}}
              </fieldset>
              <button type="submit" class="button" aria-describedby="collaborator-{{ID}}">Save permissions</button>
            </form>
            {{/EDIT}}
            {{#READ_ONLY}}{{PERMISSIONS}}{{/READ_ONLY}}
          </td>
          <td>{{ADDED}}</td>
          <td>
            {{#REMOVE}}
            <a href="{{REMOVE_URL}}" class="button link" aria-describedby="collaborator-{{ID}}">Remove</a>
            {{/REMOVE}}
          </td>
        </tr>
        {{/COLLABORATOR}}
      </tbody>
    </table>
  </div>
  {{#NO_COLLABORATORS}}
  <p>No collaborators.</p>
  {{/NO_COLLABORATORS}}
  {{#MANAGE}}
  <h3>Add collaborator</h3>
  <form method="post" action="{{ADD_ACTION}}">
    <input type="hidden" name="csrf" value="{{ADD_CSRF}}">
    <div class="field">
      <label for="collaborator-email">Email</label>
      <input id="collaborator-email" name="email" type="email" required maxlength="254" autocomplete="off" spellcheck="false" value="{{ADD_EMAIL}}" aria-describedby="collaborator-email-hint">
      <p id="collaborator-email-hint" class="hint">The email of an existing Latchkey account.</p>
    </div>
    <fieldset class="field">
      <legend>Permissions</legend>
      {{#ADD_PERMISSION}}
      <div class="check">
        <input type="checkbox" id="add-{{PERMISSION}}" name="permission" value="{{PERMISSION}}"{{#CHECKED}} checked{{/CHECKED}}{{#FIXED}} disabled{{/FIXED}} aria-describedby="add-{{PERMISSION}}-hint">
        <label for="add-{{PERMISSION}}">{{PERMISSION}}</label>
        <span id="add-{{PERMISSION}}-hint" class="hint">{{HINT}}</span>
      </div>
      {{/ADD_PERMISSION}}
    </fieldset>
    <div class="actions">
      <button type="submit" class="button primary">Add collaborator</button>
    </div>
  </form>
  {{/MANAGE}}
</section>

{{#CONFIG}}
<section class="card" aria-labelledby="config-heading">
  <h2 id="config-heading">Config vars</h2>
  <p class="hint">Names only: values are secrets and are never shown here. Read or change them with <code>latchkey config</code> or <code>heroku config</code>.</p>
  {{#HAS_CONFIG}}
  <ul>
    {{#CONFIG_VAR}}
    <li><code>{{KEY}}</code></li>
    {{/CONFIG_VAR}}
  </ul>
  {{/HAS_CONFIG}}
  {{#NO_CONFIG}}
  <p>No config vars.</p>
  {{/NO_CONFIG}}
</section>
{{/CONFIG}}
