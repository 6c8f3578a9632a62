{{%AUTOESCAPE context="HTML"}}
{{!
  An error page (404, 403, 500, ...).
  STATUS       HTTP status, e.g. "404"
  HEADING      e.g. "Page not found"
  MESSAGE      what happened and what to do, in plain words
  REQUEST      section, when known: REQUEST_ID (to quote to an operator)
}}
<section class="card narrow">
  <p class="status-code">Error {{STATUS}}</p>
  <h1>{{HEADING}}</h1>
  <p>{{MESSAGE}}</p>
  {{#REQUEST}}
  <p class="muted">Request id: <code>{{REQUEST_ID}}</code></p>
  {{/REQUEST}}
  <p><a href="/">Back to the start page</a></p>
</section>
