{{%AUTOESCAPE context="HTML"}}
{{!
  New recovery codes, shown once (/dashboard/mfa/recovery-codes).
  CODES        section, the codes just issued:
    CODE       section, one per code: CODE_VALUE
  GONE         section, when there is nothing (any more) to show, e.g. after a reload
}}
<section class="card narrow">
  {{#CODES}}
  <h1>Save your recovery codes</h1>
  <p>If you lose your phone, each of these codes signs you in once instead of an authentication code.</p>
  <p class="warning" role="note">They are shown only now. Print this page, or copy them to a safe place such as a password manager, before you continue.</p>
  <ol id="recovery-codes">
{{#CODE}}
<li><code>{{CODE_VALUE}}</code></li>
{{/CODE}}
  </ol>
  <div class="actions">
    <button type="button" class="button" data-copy-target="recovery-codes" hidden>Copy</button>
    <a class="button primary" href="/dashboard/mfa">Continue</a>
  </div>
  {{/CODES}}
  {{#GONE}}
  <h1>Recovery codes</h1>
  <p>Recovery codes are shown only once, right after they are made, so they are not shown again here. If you did not save them, make new ones.</p>
  <p><a href="/dashboard/mfa">Continue</a></p>
  {{/GONE}}
</section>
