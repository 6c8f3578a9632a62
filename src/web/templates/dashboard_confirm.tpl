{{%AUTOESCAPE context="HTML"}}
{{!
  A generic "are you sure?" page in front of a destructive POST.
  HEADING      e.g. "Revoke authorization?"
  MESSAGE      what happens, in plain words
  DETAIL       section (shown when there are rows) holding DETAIL_ROW sections:
                 DETAIL_LABEL, DETAIL_VALUE — what is acted on
  ACTION       form target (the same URL, POST)
  CSRF         CSRF token bound to the action and the object
  BUTTON       the confirming button's label, e.g. "Revoke"
  CANCEL_URL   where "Cancel" goes back to
}}
<section class="card narrow">
  <h1>{{HEADING}}</h1>
  {{#DETAIL}}
  <table class="details">
    {{#DETAIL_ROW}}
    <tr><th scope="row">{{DETAIL_LABEL}}</th><td>{{DETAIL_VALUE}}</td></tr>
    {{/DETAIL_ROW}}
  </table>
  {{/DETAIL}}
  <p>{{MESSAGE}}</p>
  <form method="post" action="{{ACTION}}">
    <input type="hidden" name="csrf" value="{{CSRF}}">
    <div class="actions">
      <button type="submit" class="button danger">{{BUTTON}}</button>
      <a class="button" href="{{CANCEL_URL}}">Cancel</a>
    </div>
  </form>
</section>
