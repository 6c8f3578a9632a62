{{%AUTOESCAPE context="HTML"}}
{{!
  A titled message, e.g. "You may close this window".
  HEADING      the <h1>
  MESSAGE      one paragraph of text
  LINK         section, an optional link: LINK_URL, LINK_TEXT
}}
<section class="card narrow">
  <h1>{{HEADING}}</h1>
  <p>{{MESSAGE}}</p>
  {{#LINK}}
  <p><a href="{{LINK_URL}}">{{LINK_TEXT}}</a></p>
  {{/LINK}}
</section>
