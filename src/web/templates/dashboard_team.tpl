{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard > Apps > one team: its members and their roles (managed here by
  team admins), the team's apps the account sees, and leaving the team.
  NAME           the team's name
  ROLE           the account's role in it
  MEMBER         section, one per member:
    ID           the member's account id (element ids)
    EMAIL, ROLE_TEXT, TWO_FACTOR ("On" | "Off")
    HAS_NAME     section, the member has a name: MEMBER_NAME
    YOU          section, the account itself
    ROLE_FORM    section, admins: ROLE_ACTION, ROLE_CSRF, and ROLE_OPTION
                 sections: OPTION_ROLE, SELECTED (section)
    READ_ONLY    section, no ROLE_FORM: the role as text
    REMOVE       section, admins (any member) or the account itself: REMOVE_URL, REMOVE_LABEL
  ADMIN          section, admins: the add form, ADD_ACTION, ADD_CSRF, ADD_EMAIL,
                 and ADD_ROLE sections: OPTION_ROLE, SELECTED (section)
  HAS_APPS       section: TEAM_APP sections, APP_NAME, APP_URL, PERMISSIONS
  NO_APPS        section
}}
<p><a href="/dashboard/apps">← Apps</a></p>
<h1>{{NAME}}</h1>
<p class="muted">Team · your role: <strong id="your-role">{{ROLE}}</strong>. Admins manage members and have every permission on the team's apps; members have what each app gives them; viewers may view every team app.</p>

<section class="card" aria-labelledby="members-heading">
  <h2 id="members-heading">Members</h2>
  <div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">Role</th>
          <th scope="col">Two-factor</th>
          <th scope="col">Actions</th>
        </tr>
      </thead>
      <tbody>
        {{#MEMBER}}
        <tr>
          <th scope="row" id="member-{{ID}}">{{EMAIL}}{{#YOU}} <span class="muted">(you)</span>{{/YOU}}
            {{#HAS_NAME}}<br><span class="muted">{{MEMBER_NAME}}</span>{{/HAS_NAME}}</th>
          <td>
            {{#ROLE_FORM}}
            <form method="post" action="{{ROLE_ACTION}}" class="inline">
              <input type="hidden" name="csrf" value="{{ROLE_CSRF}}">
              <label for="role-{{ID}}" class="hint">Role of {{EMAIL}}</label>
              <select id="role-{{ID}}" name="role">
                {{#ROLE_OPTION}}
                <option value="{{OPTION_ROLE}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPTION_ROLE}}</option>
                {{/ROLE_OPTION}}
              </select>
              <button type="submit" class="button" aria-describedby="member-{{ID}}">Change role</button>
            </form>
            {{/ROLE_FORM}}
            {{#READ_ONLY}}{{ROLE_TEXT}}{{/READ_ONLY}}
          </td>
          <td>{{TWO_FACTOR}}</td>
          <td>
            {{#REMOVE}}
            <a href="{{REMOVE_URL}}" class="button link" aria-describedby="member-{{ID}}">{{REMOVE_LABEL}}</a>
            {{/REMOVE}}
          </td>
        </tr>
        {{/MEMBER}}
      </tbody>
    </table>
  </div>
  {{#ADMIN}}
  <h3>Add member</h3>
  <form method="post" action="{{ADD_ACTION}}">
    <input type="hidden" name="csrf" value="{{ADD_CSRF}}">
    <div class="field">
      <label for="member-email">Email</label>
      <input id="member-email" name="email" type="email" required maxlength="254" autocomplete="off" spellcheck="false" value="{{ADD_EMAIL}}" aria-describedby="member-email-hint">
      <p id="member-email-hint" class="hint">The email of an existing Latchkey account.</p>
    </div>
    <div class="field">
      <label for="member-role">Role</label>
      <select id="member-role" name="role">
        {{#ADD_ROLE}}
        <option value="{{OPTION_ROLE}}"{{#SELECTED}} selected{{/SELECTED}}>{{OPTION_ROLE}}</option>
        {{/ADD_ROLE}}
      </select>
    </div>
    <div class="actions">
      <button type="submit" class="button primary">Add member</button>
    </div>
  </form>
  {{/ADMIN}}
</section>

<section class="card" aria-labelledby="team-apps-heading">
  <h2 id="team-apps-heading">Apps</h2>
  {{#HAS_APPS}}
  <div class="table-scroll">
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Your permissions</th>
        </tr>
      </thead>
      <tbody>
        {{#TEAM_APP}}
        <tr>
          <th scope="row"><a href="{{APP_URL}}">{{APP_NAME}}</a></th>
          <td>{{PERMISSIONS}}</td>
        </tr>
        {{/TEAM_APP}}
      </tbody>
    </table>
  </div>
  {{/HAS_APPS}}
  {{#NO_APPS}}
  <p>No team apps you can see.</p>
  {{/NO_APPS}}
</section>
