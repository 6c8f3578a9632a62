{{%AUTOESCAPE context="HTML"}}
{{!
  Approve a command-line login (latchkey or heroku CLI, browser flow).
  One form, two buttons: decision=approve or decision=deny.
  ACTION         form target, e.g. "/cli/login/approve"
  CSRF           CSRF token bound to the session and this request
  REQUEST_ID     the pending CLI login
  CLIENT         the program, e.g. "Heroku CLI"
  HOST           host name the CLI reported, may be empty
  REMOTE_ADDR    IP address the request came from
  LOCATION       its approximate location, e.g. "Germany", "This computer"
  USER_AGENT     its User-Agent
  REQUESTED_AT   when, e.g. "2024-05-01 14:03 UTC"
  LIFETIME       plain words, e.g. "The login lasts one year."
}}
<section class="card">
  <h1>Log in to the command line?</h1>
  <p class="warning" role="note">Only approve if you started this on a device you control.</p>
  <p><strong>{{CLIENT}}</strong> asks for full access to your account. {{LIFETIME}}</p>
  <table class="details">
    <tr><th scope="row">Host</th><td>{{HOST}}</td></tr>
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
