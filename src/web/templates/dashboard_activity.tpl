{{%AUTOESCAPE context="HTML"}}
{{!
  Dashboard: the account's security events, newest first, a page at a time.
  EVENT_TABLE     section, shown when the page has events:
    EVENT         section, one per event:
      WHEN        "2024-05-01 14:03:09 UTC"; WHEN_ISO the same as RFC 3339 (datetime attribute)
      DESCRIPTION what happened, in plain words ("Signed in (password)")
      IP          the address it came from ("—" when none)
      LOCATED     section, when there is an address: LOCATION, its approximate location
      DETAILS     short, harmless facts from the event ("“laptop”", "Reason: Password changed"), may be empty
  NO_EVENTS       section, the empty state: NO_EVENTS_TEXT
  PAGER           section, shown when there is a newer or an older page:
    NEWER         section: NEWER_URL
    OLDER         section: OLDER_URL
  PAGE            the page number
}}
<section class="card">
  <h1>Activity</h1>
  <p class="hint">Security events of your account, newest first. Times are in UTC.</p>
  {{#EVENT_TABLE}}
  <div class="table-scroll">
    <table>
      <caption class="hint">Page {{PAGE}}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Event</th>
          <th scope="col">IP address</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {{#EVENT}}
        <tr>
          <td><time datetime="{{WHEN_ISO}}">{{WHEN}}</time></td>
          <th scope="row">{{DESCRIPTION}}</th>
          <td>{{IP}}{{#LOCATED}}<br><span class="muted">{{LOCATION}}</span>{{/LOCATED}}</td>
          <td>{{DETAILS}}</td>
        </tr>
        {{/EVENT}}
      </tbody>
    </table>
  </div>
  {{/EVENT_TABLE}}
  {{#NO_EVENTS}}
  <p>{{NO_EVENTS_TEXT}}</p>
  {{/NO_EVENTS}}
  {{#PAGER}}
  <nav class="actions" aria-label="Pages">
    {{#NEWER}}<a class="button" href="{{NEWER_URL}}" rel="prev">Newer</a>{{/NEWER}}
    {{#OLDER}}<a class="button" href="{{OLDER_URL}}" rel="next">Older</a>{{/OLDER}}
  </nav>
  {{/PAGER}}
</section>
