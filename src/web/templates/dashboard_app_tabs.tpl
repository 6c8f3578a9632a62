{{%AUTOESCAPE context="HTML"}}
{{!
  The sub-navigation of the dashboard's Applications section, included by
  dashboard_authorizations, dashboard_authorized_apps and dashboard_clients
  as the include TABS.
  TAB            section, one per page: TAB_URL, TAB_LABEL, TAB_CURRENT (section, the page's own)
}}
<nav class="subtabs" aria-label="Applications">
  <ul>
    {{#TAB}}
    <li><a href="{{TAB_URL}}"{{#TAB_CURRENT}} aria-current="page"{{/TAB_CURRENT}}>{{TAB_LABEL}}</a></li>
    {{/TAB}}
  </ul>
</nav>
