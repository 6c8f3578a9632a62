{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard: where the account is signed in (browser and command-line
  sessions), with a sign-out per session and one for all but this browser.
  END_OTHERS_CSRF   CSRF token of the "Sign out all other sessions" form
  HAS_OTHERS        section, shown when there is a session other than this browser
  SESSION_TABLE     section, shown when there is any session:
    SESSION         section, one per session (browsers first, this browser first):
      KIND          "Browser" or "Command line"
      ID            the session's id (element ids)
      DEVICE        the program, shortened ("Firefox on Linux"); USER_AGENT its full text
      DESCRIPTION   section, a command-line login's description: DESCRIPTION_TEXT
      CURRENT       section, this browser's own session (no sign-out button here)
      PENDING       section, a password-only session waiting for its second factor
      IP, LOCATION  where it signed in from (approximate location: a country, ...)
      SIGNED_IN     when, "2024-05-01 14:03 UTC" (or "Waiting for second factor")
      LAST_ACTIVITY when it was last used, or "Not recorded"
      END           section, other sessions: the sign-out form, ACTION and CSRF
  NO_SESSIONS       section, the empty state
}}
<section class="card">
  <h1>Sessions</h1>
  <p class="hint">Browsers and command-line logins signed in to your account. If you do not recognise one, sign it out and change your password.</p>
  {{#SESSION_TABLE}}
  <div class="table-scroll">
    <table>
      <caption class="hint">Signed-in sessions, browsers first</caption>
      <thead>
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Device</th>
          <th scope="col">IP address</th>
          <th scope="col">Signed in</th>
          <th scope="col">Last activity</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {{#SESSION}}
        <tr>
          <td>{{KIND}}</td>
          <th scope="row" id="session-{{ID}}"><span title="{{USER_AGENT}}">{{DEVICE}}</span>
            {{#DESCRIPTION}}<br><span class="muted">{{DESCRIPTION_TEXT}}</span>{{/DESCRIPTION}}
            {{#CURRENT}}<br><strong>This browser</strong>{{/CURRENT}}
            {{#PENDING}}<br><strong>Waiting for second factor</strong>{{/PENDING}}
          </th>
          <td>{{IP}}<br><span class="muted">{{LOCATION}}</span></td>
          <td>{{SIGNED_IN}}</td>
          <td>{{LAST_ACTIVITY}}</td>
          <td>
            {{#END}}
            <form method="post" action="{{ACTION}}" class="inline">
              <input type="hidden" name="csrf" value="{{CSRF}}">
              <button type="submit" class="button" aria-describedby="session-{{ID}}">Sign out</button>
            </form>
            {{/END}}
            {{#CURRENT}}<span class="muted">Current session</span>{{/CURRENT}}
          </td>
        </tr>
        {{/SESSION}}
      </tbody>
    </table>
  </div>
  {{/SESSION_TABLE}}
  {{#NO_SESSIONS}}
  <p>No sessions.</p>
  {{/NO_SESSIONS}}
  {{#HAS_OTHERS}}
  <form method="post" action="/dashboard/sessions/end-others">
    <input type="hidden" name="csrf" value="{{END_OTHERS_CSRF}}">
    <div class="actions">
      <button type="submit" class="button danger" aria-describedby="end-others-hint">Sign out all other sessions</button>
    </div>
    <p id="end-others-hint" class="hint">Ends every other browser session and every command-line login; you stay signed in here.</p>
  </form>
  {{/HAS_OTHERS}}
</section>
